// The 1:1 video call between a visitor and the booth's producer (booth page and console alike): camera and microphone,
// peer to peer with the sockets as the signalling channel, ICE restart on a network change, the TURN relay as fallback,
// the connection's quality from getStats. docs/livestream.md, "Video calls".
import { TYPES } from "../realtime/protocol.js";
import { format } from "../ui/labels.js";
import { iceGathered, quality, summary } from "./webrtc.js";

const DISCONNECTED_GRACE = 2000; // ms a "disconnected" connection may recover on its own before the caller restarts ICE
const MEASURE_EVERY = 2000; // ms between two looks at the connection's quality

/** The ICE user fragment of an SDP: a restart is an offer whose fragment changed. */
export function iceUfrag(sdp) {
  return /a=ice-ufrag:(\S+)/.exec(sdp ?? "")?.[1] ?? null;
}

/** One call's peer connection. The caller (the visitor) makes every offer, ICE restarts included: no glare. */
export class CallSession {
  constructor({ socket, call, role, iceServers, local, remote, onChange }) {
    Object.assign(this, { socket, call, role, iceServers: iceServers ?? [], local, remote, onChange });
    this.offers = []; // the ICE user fragment of every offer made or received, in order (a restart adds a new one)
    this.failures = 0;
    this.relayOnly = false;
    this.audio = true;
    this.video = true;
    this.peerMedia = { audio: true, video: true };
    this.measured = { framesDecoded: 0, packetsLost: 0, packetsReceived: 0, rtt: null };
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    this.local.srcObject = this.stream;
    this.pc = new RTCPeerConnection({ iceServers: this.iceServers });
    for (const track of this.stream.getTracks()) this.pc.addTrack(track, this.stream);
    this.pc.addEventListener("track", ({ streams }) => {
      if (this.remote.srcObject !== streams[0]) this.remote.srcObject = streams[0];
      this.remote.play().catch(() => {});
    });
    this.pc.addEventListener("iceconnectionstatechange", () => this.iceChanged());
    this.onOnline = () => this.networkChanged();
    window.addEventListener("online", this.onOnline);
    this.timer = setInterval(() => this.measure(), MEASURE_EVERY);
    if (this.role === "caller") await this.offer(false);
  }

  async offer(restart) {
    if (!this.pc || this.pc.signalingState === "closed") return;
    if (this.pc.signalingState !== "stable") { this.restartWanted = restart; return; } // after the answer
    await this.pc.setLocalDescription(await this.pc.createOffer({ iceRestart: restart }));
    await iceGathered(this.pc);
    this.offers.push(iceUfrag(this.pc.localDescription.sdp));
    this.signal("offer", this.pc.localDescription.sdp);
  }

  signal(kind, sdp) {
    this.socket.send({ type: TYPES.CALL_SIGNAL, call: this.call, kind, ...(sdp ? { sdp } : {}) });
  }

  async received(message) {
    if (!this.pc) return;
    if (message.kind === "offer" && this.role === "callee") {
      this.offers.push(iceUfrag(message.sdp));
      await this.pc.setRemoteDescription({ type: "offer", sdp: message.sdp });
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      await iceGathered(this.pc);
      this.signal("answer", this.pc.localDescription.sdp);
    } else if (message.kind === "answer" && this.role === "caller") {
      await this.pc.setRemoteDescription({ type: "answer", sdp: message.sdp });
      if (this.restartWanted !== undefined) { const again = this.restartWanted; delete this.restartWanted; await this.offer(again); }
    } else if (message.kind === "restart" && this.role === "caller") {
      await this.offer(true);
    }
  }

  /** The network changed (a phone moved from Wi-Fi to 4G): the caller restarts ICE; the callee asks the caller to.
   * Without an open socket nothing is done: the reconnected socket resumes the call, then `resumed()` restarts. */
  networkChanged() {
    if (!this.socket.isOpen) return;
    if (this.role === "caller") this.offer(true);
    else this.signal("restart");
  }

  /** The call is on a new socket (`call.resumed`): an offer lost with the old socket is taken back, then ICE restarts. */
  async resumed() {
    if (!this.pc || this.pc.signalingState === "closed") return;
    if (this.role === "caller" && this.pc.signalingState === "have-local-offer") {
      await this.pc.setLocalDescription({ type: "rollback" });
    }
    delete this.restartWanted;
    this.networkChanged();
  }

  iceChanged() {
    const state = this.pc.iceConnectionState;
    this.onChange?.();
    clearTimeout(this.grace);
    if (state === "disconnected") {
      this.grace = setTimeout(() => { if (this.pc?.iceConnectionState === "disconnected") this.networkChanged(); }, DISCONNECTED_GRACE);
    } else if (state === "failed") {
      this.failures += 1;
      // No direct path after a restart: through the TURN relay only (when the server hands one out).
      if (this.failures >= 2 && !this.relayOnly && this.iceServers.some((s) => String(s.urls).startsWith("turn"))) {
        this.relayOnly = true;
        this.pc.setConfiguration({ iceServers: this.iceServers, iceTransportPolicy: "relay" });
      }
      this.networkChanged();
    } else if (state === "connected" || state === "completed") {
      this.failures = 0;
    }
  }

  setAudio(on) { this.audio = on; this.toggled(); }
  setVideo(on) { this.video = on; this.toggled(); }

  toggled() {
    for (const track of this.stream?.getAudioTracks() ?? []) track.enabled = this.audio;
    for (const track of this.stream?.getVideoTracks() ?? []) track.enabled = this.video;
    this.socket.send({ type: TYPES.CALL_MEDIA, call: this.call, audio: this.audio, video: this.video });
  }

  async measure() {
    const now = await summary(this.pc);
    const before = this.measured;
    this.quality = quality({ rtt: now.rtt, packetsLost: now.packetsLost - before.packetsLost,
                             packetsReceived: now.packetsReceived - before.packetsReceived });
    this.bitrate = ((now.bytesReceived - (before.bytesReceived ?? 0)) * 8) / (MEASURE_EVERY / 1000);
    this.measured = now;
    this.onChange?.();
  }

  async stats() {
    return { ...(await summary(this.pc)), offers: [...this.offers], ice: this.pc?.iceConnectionState ?? "new",
             quality: this.quality ?? null, peerMedia: { ...this.peerMedia }, relayOnly: this.relayOnly };
  }

  close() {
    clearInterval(this.timer);
    clearTimeout(this.grace);
    window.removeEventListener("online", this.onOnline);
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.pc?.close();
    this.pc = null;
    this.local.srcObject = null;
    this.remote.srcObject = null;
  }
}

/** The call's panel, on the booth page (role caller: "Video call with the producer") and on the console (callee: the
 * incoming call with Accept / Decline). Both then show the two videos, mute, camera off, hang up and the quality. */
export class CallPanel {
  constructor({ root, socket, role, booth = null }) {
    this.root = root;
    this.socket = socket;
    this.role = role;
    this.booth = booth;
    this.labels = { ...root.dataset };
    this.$ = (selector) => root.querySelector(selector);
    this.session = null;
    this.call = null; // the id of the call this page is in, or rings for
  }

  connect() {
    this.$(".call-start")?.addEventListener("click", () => this.request());
    this.$(".call-accept")?.addEventListener("click", () => this.socket.send({ type: TYPES.CALL_ACCEPT, call: this.incoming }));
    this.$(".call-decline")?.addEventListener("click", () => {
      this.socket.send({ type: TYPES.CALL_DECLINE, call: this.incoming });
      this.ringOff();
    });
    this.$(".call-hangup").addEventListener("click", () => this.call && this.socket.send({ type: TYPES.CALL_END, call: this.call }));
    this.$(".call-mute").addEventListener("click", () => { this.session?.setAudio(!this.session.audio); this.showControls(); });
    this.$(".call-camera").addEventListener("click", () => { this.session?.setVideo(!this.session.video); this.showControls(); });
    return this;
  }

  show(state, text) {
    this.root.dataset.state = state;
    this.$(".call-status").textContent = text ?? this.labels[state] ?? "";
    this.$(".call-stage").hidden = state !== "in_call";
  }

  request() {
    this.socket.send({ type: TYPES.CALL_REQUEST });
    this.show("calling");
  }

  ringOff() {
    this.incoming = null;
    const panel = this.$(".call-incoming");
    if (panel) panel.hidden = true;
  }

  /** The socket (re)opened: a call this page is in is taken over by the new socket (`call.resume`). */
  opened() {
    if (this.call && this.session) {
      this.resuming = true;
      this.socket.send({ type: TYPES.CALL_RESUME, call: this.call });
    }
  }

  async begin(message) {
    this.call = message.call;
    this.peerName = message.peer || "";
    this.show("in_call", format(this.labels.with, { name: this.peerName }));
    this.session = new CallSession({ socket: this.socket, call: message.call, role: message.role, iceServers: message.ice_servers,
                                     local: this.$(".call-local"), remote: this.$(".call-remote"), onChange: () => this.showControls() });
    this.showControls();
    try {
      await this.session.start();
    } catch (error) {
      this.show("in_call", this.labels.no_camera);
    }
  }

  end(reason) {
    this.resuming = false;
    this.root.dataset.peer = "";
    this.session?.close();
    this.session = null;
    this.call = null;
    this.show(reason === "declined" ? "declined" : "ended", reason === "declined" ? this.labels.declined
      : format(this.labels.ended, { reason: this.labels[`reason_${reason}`] ?? "" }));
  }

  showControls() {
    const session = this.session;
    if (!session) return;
    this.$(".call-mute").textContent = session.audio ? this.labels.mute : this.labels.unmute;
    this.$(".call-mute").setAttribute("aria-pressed", String(!session.audio));
    this.$(".call-camera").textContent = session.video ? this.labels.camera_off : this.labels.camera_on;
    this.$(".call-camera").setAttribute("aria-pressed", String(!session.video));
    const peer = [];
    if (!session.peerMedia.audio) peer.push(this.labels.peer_muted);
    if (!session.peerMedia.video) peer.push(this.labels.peer_camera_off);
    this.$(".call-peer-media").textContent = peer.join(" · ");
    if (session.quality) this.$(".call-quality").textContent = this.labels[`quality_${session.quality}`] ?? "";
    this.root.dataset.ice = session.pc?.iceConnectionState ?? "new";
  }

  dispatch(message) {
    switch (message.type) {
      case TYPES.PRESENCE_UPDATE:
        if (this.role === "caller" && message.booth === this.booth) {
          this.$(".call-start").hidden = !message.producer_online;
          this.root.hidden = !message.producer_online && !this.call;
        }
        break;
      case TYPES.CALL_RINGING:
        this.call = message.call;
        this.show("calling");
        break;
      case TYPES.CALL_INCOMING: {
        if (this.call) break;
        this.incoming = message.call;
        this.root.hidden = false;
        const panel = this.$(".call-incoming");
        panel.hidden = false;
        panel.querySelector(".call-who").textContent = format(this.labels.incoming, { name: message.visitor || this.labels.visitor, booth: message.booth_title });
        break;
      }
      case TYPES.CALL_ACCEPTED:
        this.ringOff();
        this.begin(message);
        break;
      case TYPES.CALL_DECLINED:
        if (message.call === this.call) this.end("declined");
        break;
      case TYPES.CALL_ENDED:
        if (message.call === this.incoming) this.ringOff();
        if (message.call === this.call) this.end(message.reason);
        break;
      case TYPES.CALL_RESUMED:
        if (message.call === this.call) {
          this.resuming = false;
          this.resumes = (this.resumes ?? 0) + 1;
          this.session?.resumed();
        }
        break;
      case TYPES.CALL_PEER:
        if (message.call === this.call && this.session) {
          this.root.dataset.peer = message.state;
          this.show("in_call", message.state === "reconnecting" ? this.labels.reconnecting : format(this.labels.with, { name: this.peerName }));
        }
        break;
      case TYPES.CALL_SIGNAL:
        if (message.call === this.call) this.session?.received(message);
        break;
      case TYPES.CALL_MEDIA:
        if (message.call === this.call && this.session) {
          this.session.peerMedia = { audio: message.audio, video: message.video };
          this.showControls();
        }
        break;
      case TYPES.ERROR:
        if (this.resuming && ["no_call", "call_busy"].includes(message.code)) { this.end("gone"); break; } // the call did not wait
        if (["producer_offline", "call_busy", "no_call"].includes(message.code) && this.root.dataset.state === "calling") {
          this.call = null;
          this.show("ended", message.message);
        }
        break;
      default:
    }
  }

  /** What the tests read: the call's state and its connection's numbers. */
  async stats() {
    return { state: this.root.dataset.state, call: this.call, peer: this.root.dataset.peer ?? "", resumes: this.resumes ?? 0, ...(this.session ? await this.session.stats() : {}) };
  }
}
