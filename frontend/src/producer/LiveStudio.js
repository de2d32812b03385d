import { TYPES } from "../realtime/protocol.js";
import { format } from "../ui/labels.js";
import { iceGathered, preferCodecs, quality, summary } from "../live/webrtc.js";

const LIVE_ERRORS = new Set(["live_unavailable", "not_live", "token_expired", "token_invalid", "media_failed", "forbidden",
                             "unknown_product", "conflict"]);
const MEASURE_EVERY = 3000;
// Three simulcast layers: the media server forwards to each viewer the one their connection carries (docs/livestream.md).
const LAYERS = [
  { rid: "l", scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: "m", scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: "h", maxBitrate: 1_200_000 },
];

/** The console's "Go live": camera (front or back) and microphone, a title and a scheduled session, one upload to the
 * media server whatever the audience; pin a product, switch camera, end. */
export class LiveStudio {
  constructor({ root, socket, labels }) {
    this.root = root;
    this.socket = socket;
    this.labels = { ...labels, ...root.dataset };
    this.form = root.querySelector(".live-form");
    this.preview = root.querySelector(".live-preview");
    this.stateLine = root.querySelector(".live-state");
    this.viewersLine = root.querySelector(".live-viewers");
    this.qualityLine = root.querySelector(".live-quality");
    this.pc = null;
    this.media = null;
    this.booth = null;
    this.stream = null;
    this.status = "off";
    this.viewers = 0;
    this.startedAt = 0;
    this.firstAnswerAt = 0;
  }

  connect() {
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.start(); });
    this.root.querySelector(".live-pin-button").addEventListener("click", () => this.pin());
    this.root.querySelector(".live-unpin").addEventListener("click", () => this.pin(""));
    this.root.querySelector(".live-end").addEventListener("click", () => this.stop());
    this.root.querySelector(".live-switch").addEventListener("click", () => this.switchCamera());
    this.form.querySelector("[name=booth]").addEventListener("change", () => this.showProducts());
    this.showProducts();
    setInterval(() => this.measure(), MEASURE_EVERY);
    return this;
  }

  showProducts() {
    const booth = this.form.querySelector("[name=booth]").value;
    for (const option of this.root.querySelectorAll(".live-pin-select option")) option.hidden = option.dataset.booth !== booth;
    const first = this.root.querySelector(`.live-pin-select option[data-booth="${CSS.escape(booth)}"]`);
    if (first) this.root.querySelector(".live-pin-select").value = first.value;
  }

  say(text) {
    this.stateLine.textContent = text;
  }

  async camera(facingMode) {
    return navigator.mediaDevices.getUserMedia({ audio: true, video: { facingMode, width: { ideal: 1280 }, height: { ideal: 720 } } });
  }

  async start() {
    const data = new FormData(this.form);
    this.booth = String(data.get("booth"));
    this.facing = String(data.get("camera") || "user");
    this.startedAt = performance.now();
    this.say(this.labels.starting);
    try {
      this.media?.getTracks().forEach((track) => track.stop());
      this.media = await this.camera(this.facing);
    } catch (error) {
      this.say(format(this.labels.noCamera, { reason: error.name }));
      return;
    }
    this.preview.srcObject = this.media;
    this.preview.play().catch(() => {});
    const message = { type: TYPES.LIVE_START, booth: this.booth, title: String(data.get("title") || "") };
    if (data.get("session")) message.session = Number(data.get("session"));
    this.socket.send(message);
  }

  async publish({ stream, token, ice_servers: iceServers }) {
    this.stream = stream;
    this.pc?.close();
    const pc = new RTCPeerConnection({ iceServers });
    this.pc = pc;
    const [audio] = this.media.getAudioTracks();
    const [video] = this.media.getVideoTracks();
    if (audio) preferCodecs(pc.addTransceiver(audio, { direction: "sendonly", streams: [this.media] }), "audio");
    if (video) {
      preferCodecs(pc.addTransceiver(video, { direction: "sendonly", streams: [this.media], sendEncodings: LAYERS }), "video");
    }
    pc.addEventListener("connectionstatechange", () => {
      if (this.pc !== pc) return;
      this.root.dataset.connection = pc.connectionState;
    });
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc);
    if (this.pc !== pc) return;
    this.socket.send({ type: TYPES.LIVE_PUBLISH, token, sdp: pc.localDescription.sdp });
  }

  dispatch(message) {
    switch (message.type) {
      case TYPES.LIVE_STARTED:
        if (message.booth === this.booth && this.media) this.publish(message);
        break;
      case TYPES.LIVE_PUBLISHED:
        if (message.stream === this.stream && this.pc) {
          this.firstAnswerAt = performance.now();
          this.pc.setRemoteDescription({ type: "answer", sdp: message.sdp });
        }
        break;
      case TYPES.LIVE_STATE:
        if (message.booth !== this.booth) break;
        if (this.stream !== null && message.stream !== this.stream && message.status !== "live") break;
        this.status = message.status;
        this.root.dataset.state = message.status;
        this.say(this.labels[message.status] ?? message.status);
        this.root.querySelector(".live-pinned").textContent = message.pin ? format(this.labels.pinned, { name: message.pin.name_vi }) : "";
        if (message.status === "ended" || message.status === "interrupted") this.release(message.status === "ended");
        break;
      case TYPES.LIVE_VIEWERS:
        if (message.stream === this.stream) {
          this.viewers = message.viewers;
          this.viewersLine.textContent = format(this.labels.viewers, { count: message.viewers });
        }
        break;
      case TYPES.ERROR:
        if (LIVE_ERRORS.has(message.code) && this.media) this.say(message.message);
        break;
      default:
    }
  }

  /** The stream is over: the camera is let go (interrupted: kept in the preview, ready to go live again). */
  release(ended) {
    this.pc?.close();
    this.pc = null;
    if (ended) {
      this.media?.getTracks().forEach((track) => track.stop());
      this.media = null;
      this.preview.srcObject = null;
    }
  }

  pin(product = this.root.querySelector(".live-pin-select").value) {
    if (this.booth) this.socket.send({ type: TYPES.LIVE_PIN, booth: this.booth, product });
  }

  stop() {
    if (this.booth) this.socket.send({ type: TYPES.LIVE_STOP, booth: this.booth });
  }

  /** Front ↔ back camera without stopping the stream: the new track replaces the old one in the same upload. */
  async switchCamera() {
    if (!this.media) return;
    this.facing = this.facing === "user" ? "environment" : "user";
    const fresh = await navigator.mediaDevices.getUserMedia({ video: { facingMode: this.facing } });
    const [track] = fresh.getVideoTracks();
    const sender = this.pc?.getSenders().find((s) => s.track?.kind === "video");
    await sender?.replaceTrack(track);
    this.media.getVideoTracks().forEach((old) => { old.stop(); this.media.removeTrack(old); });
    this.media.addTrack(track);
  }

  async measure() {
    if (!this.pc) return;
    const found = await summary(this.pc);
    this.qualityLine.textContent = this.labels[`quality_${quality(found)}`] ?? "";
    this.root.dataset.quality = quality(found);
  }

  async stats() {
    return { state: this.status, stream: this.stream, viewers: this.viewers, connection: this.pc?.connectionState ?? null,
             ...(await summary(this.pc)) };
  }
}
