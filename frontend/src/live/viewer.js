// Watching a booth's live stream over its booth socket: what the booth page's player (booth/LivePlayer.js) and the
// screens on the stands of the 3D hall (hall/LiveScreens.js) share. The socket relays the media server's offer and
// this viewer's answer (`live.watch` → `live.offer` → `live.subscribe`); media comes from the media server directly.
import { TYPES } from "../realtime/protocol.js";
import { iceGathered } from "./webrtc.js";

export const LIVE_ERRORS = new Set(["live_unavailable", "not_live", "token_expired", "token_invalid", "media_failed"]);
const RETRY_START = 1000; // ms before watching again after a failure; doubles up to RETRY_MAX
const RETRY_MAX = 15000;

/** One viewer's WebRTC subscription to a stream, shown in a `<video>`; asks again with backoff when it fails. */
export class StreamViewer {
  constructor({ socket, video, onConnection = () => {}, onSubscribed = () => {} }) {
    this.socket = socket;
    this.video = video;
    this.onConnection = onConnection; // the connection's state changed (the page shows it)
    this.onSubscribed = onSubscribed; // the answer went: media comes (the page picks a layer)
    this.stream = null; // the stream watched (or to watch), null: none
    this.pc = null;
    this.retry = RETRY_START;
    this.retryTimer = null;
  }

  /** Watch `stream` (a live stream's id; null: stop). Asks for an offer when it is a new stream or nothing plays. */
  want(stream) {
    if (stream === null || stream === undefined) {
      this.stream = null;
      clearTimeout(this.retryTimer);
      this.stop();
      return;
    }
    if (stream === this.stream && this.pc) return;
    this.stream = stream;
    this.watch();
  }

  watch() {
    clearTimeout(this.retryTimer);
    this.stop();
    this.socket.send({ type: TYPES.LIVE_WATCH });
  }

  /** The media server's offer (`live.offer`): answered over the socket with the watch token. */
  async answer({ stream, sdp, token, ice_servers: iceServers }) {
    if (stream !== this.stream) return;
    this.stop();
    const pc = new RTCPeerConnection({ iceServers });
    this.pc = pc;
    const media = new MediaStream();
    pc.addEventListener("track", ({ track }) => {
      media.addTrack(track);
      if (this.video.srcObject !== media) this.video.srcObject = media;
      this.video.play().catch(() => {});
    });
    pc.addEventListener("connectionstatechange", () => {
      if (this.pc !== pc) return;
      this.onConnection(pc.connectionState);
      if (pc.connectionState === "failed") this.again();
    });
    await pc.setRemoteDescription({ type: "offer", sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await iceGathered(pc);
    if (this.pc !== pc) return;
    this.socket.send({ type: TYPES.LIVE_SUBSCRIBE, token, sdp: pc.localDescription.sdp });
    this.retry = RETRY_START;
    this.onSubscribed();
  }

  /** It failed (the publisher was still connecting, a token ran out, the connection broke): again, later and later. */
  again() {
    this.stop();
    if (this.stream === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.watch(), this.retry);
    this.retry = Math.min(this.retry * 2, RETRY_MAX);
  }

  stop() {
    if (!this.pc) return;
    this.pc.close();
    this.pc = null;
    this.video.srcObject = null;
  }

  dispose() {
    this.want(null);
  }
}
