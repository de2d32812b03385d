import { Frustum, Matrix4, Mesh, MeshBasicMaterial, PlaneGeometry, SRGBColorSpace, VideoTexture } from "three";

import { LIVE_ERRORS, StreamViewer } from "../live/viewer.js";
import { summary } from "../live/webrtc.js";
import { TYPES } from "../realtime/protocol.js";
import { Socket } from "../realtime/Socket.js";

export const SCREEN_WITHIN = 20; // metres: the nearest live booth this close plays its stream on its stand (one at most)
const _frustum = new Frustum();
const _matrix = new Matrix4();

/** A live booth's stream on its stand in the 3D hall: a `<video>` watched over that booth's socket, exactly as its
 * booth page watches (live/viewer.js: the same relay through the server, the same watch token), at the lowest layer
 * and muted (tap the screen for sound), drawn on a plane with a VideoTexture. The hall draws on demand: each new
 * video frame asks for one frame of the hall, only while the screen is in view, so a hall with no stream playing
 * draws nothing. */
export class StandScreen {
  constructor({ stand, stream, camera, redraw, onEnded }) {
    this.stand = stand;
    this.booth = stand.booth.slug;
    this.stream = stream;
    this.camera = camera;
    this.redraw = redraw;
    this.onEnded = onEnded;
    this.videoFrames = 0; // frames the video presented (each drawn when the screen is in view)
    const video = document.createElement("video");
    Object.assign(video, { muted: true, playsInline: true });
    video.setAttribute("playsinline", "");
    video.className = "live-screen-video";
    video.hidden = true;
    document.body.append(video);
    this.video = video;
    this.texture = new VideoTexture(video);
    this.texture.colorSpace = SRGBColorSpace;
    this.mesh = new Mesh(new PlaneGeometry(2.0, 1.125), new MeshBasicMaterial({ map: this.texture, toneMapped: false }));
    this.mesh.name = `live-screen:${this.booth}`;
    this.mesh.userData.liveScreen = this.booth;
    this.mesh.userData.booth = stand.booth;
    this.mesh.visible = false; // until its first frame
    stand.showScreen(this.mesh);
    this.socket = new Socket({
      path: `/ws/booths/${encodeURIComponent(this.booth)}/`,
      onOpen: () => this.socket.send({ type: TYPES.LIVE_STATUS }),
      onMessage: (message) => this.dispatch(message),
    });
    this.viewer = new StreamViewer({ socket: this.socket, video,
      onSubscribed: () => this.socket.send({ type: TYPES.LIVE_LAYER, layer: "low" }) }); // a phone in a hall: ¼ size
    this.onFrame = () => this.frameShown();
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(this.onFrame);
    else video.addEventListener("timeupdate", this.onFrame); // older browsers: a few frames a second
    this.socket.connect();
  }

  dispatch(message) {
    if (message.type === TYPES.LIVE_STATE && message.booth === this.booth) {
      if (message.status === "live") {
        this.viewer.want(message.stream);
      } else {
        this.viewer.want(null);
        this.onEnded(this.booth); // ended or interrupted: the screen goes away
      }
    } else if (message.type === TYPES.LIVE_OFFER) {
      this.viewer.answer(message);
    } else if (message.type === TYPES.ERROR && LIVE_ERRORS.has(message.code) && message.code !== "live_unavailable") {
      this.viewer.again();
    }
  }

  /** A new video frame: shown, and the hall draws it if the visitor can see the screen. */
  frameShown() {
    if (this.disposed) return;
    this.videoFrames += 1;
    if (!this.mesh.visible) this.mesh.visible = true;
    if (this.inView()) this.redraw();
    if (this.video.requestVideoFrameCallback) this.video.requestVideoFrameCallback(this.onFrame);
  }

  inView() {
    this.camera.updateMatrixWorld();
    _matrix.multiplyMatrices(this.camera.projectionMatrix, this.camera.matrixWorldInverse);
    _frustum.setFromProjectionMatrix(_matrix);
    return _frustum.intersectsObject(this.mesh);
  }

  /** Tap on the screen: sound on or off (pages may only start muted). */
  toggleSound() {
    this.video.muted = !this.video.muted;
    this.video.play().catch(() => {});
  }

  async stats() {
    const quality = this.video.getVideoPlaybackQuality?.();
    return { booth: this.booth, stream: this.stream, shown: this.mesh.visible, muted: this.video.muted,
             videoFrames: this.videoFrames, playedFrames: quality?.totalVideoFrames ?? null,
             connection: this.viewer.pc?.connectionState ?? null, ...(await summary(this.viewer.pc)) };
  }

  dispose() {
    this.disposed = true;
    this.video.removeEventListener("timeupdate", this.onFrame);
    this.viewer.dispose();
    this.socket.dispose(); // the booth socket closes: this visitor stops being counted as a viewer
    this.stand.removeScreen(this.mesh);
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
    this.texture.dispose();
    this.video.remove();
  }
}
