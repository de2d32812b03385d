/** Render on demand: a 3D view draws a frame only when something changed (the camera, an object, an animation, the
 * canvas size), never while the tab is hidden or the canvas is off screen, and keeps drawing only while its `frame`
 * says something is still moving. In a VR session it draws every frame the headset asks for.
 *
 *   const loop = new RenderLoop(renderer, (seconds) => { ...; renderer.render(scene, camera); return moving; });
 *   loop.request();   // after any change: one frame (more while `frame` returns true)
 *
 * `loop.frames` counts the frames drawn: the browser tests assert it stands still on an idle page. */
export class RenderLoop {
  constructor(renderer, frame) {
    this.renderer = renderer;
    this.frame = frame;
    this.frames = 0;
    this.running = false;
    this.onScreen = true;
    this.last = 0;
    this.tick = (time, xrFrame) => this.step(time, xrFrame);
    this.onVisibility = () => this.request();
    document.addEventListener("visibilitychange", this.onVisibility);
    this.onSessionStart = () => this.request();
    renderer.xr.addEventListener("sessionstart", this.onSessionStart);
    if ("IntersectionObserver" in window) {
      this.observer = new IntersectionObserver(([entry]) => {
        this.onScreen = entry.isIntersecting;
        if (this.onScreen) this.request();
      });
      this.observer.observe(renderer.domElement);
    }
  }

  get presenting() {
    return this.renderer.xr.isPresenting;
  }

  /** Whether a frame may be drawn now: in VR always; on the page only when it can be seen. */
  visible() {
    return this.presenting || (!document.hidden && this.onScreen);
  }

  request() {
    if (this.running || this.disposed || !this.visible()) return;
    this.running = true;
    this.last = performance.now();
    this.renderer.setAnimationLoop(this.tick);
  }

  step(time, xrFrame) {
    // three.js also keeps the window's loop going when a loop is set during a VR session: the headset's frames only.
    if (this.presenting && !xrFrame) return;
    const now = time ?? performance.now();
    const seconds = Math.max(0, Math.min((now - this.last) / 1000, 0.1));
    this.last = now;
    const moving = this.frame(seconds);
    this.frames += 1;
    if (this.presenting || (moving && this.visible())) return;
    this.running = false;
    this.renderer.setAnimationLoop(null);
  }

  dispose() {
    this.disposed = true;
    this.running = false;
    this.renderer.setAnimationLoop(null);
    this.observer?.disconnect();
    document.removeEventListener("visibilitychange", this.onVisibility);
    this.renderer.xr.removeEventListener("sessionstart", this.onSessionStart);
  }
}
