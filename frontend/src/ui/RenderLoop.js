/** Render on demand: a 3D view draws a frame only when something changed (the camera, an object, an animation, the
 * canvas size), never while the tab is hidden or its canvas is off screen, and keeps drawing only while `frame` says
 * something is still moving. In a VR session (a `renderer` with WebXR) it draws every frame the headset asks for.
 *
 *   const loop = new RenderLoop({ element: canvas, renderer, frame: (seconds) => { ...draw...; return moving; } });
 *   loop.request();   // after any change: one frame (more while `frame` returns true)
 *
 * `loop.frames` counts the frames drawn: the browser tests assert it stands still on an idle page. */
export class RenderLoop {
  constructor({ element, frame, renderer = null }) {
    this.element = element;
    this.frame = frame;
    this.renderer = renderer;
    this.frames = 0;
    this.running = false;
    this.onScreen = true;
    this.last = 0;
    this.handle = null;
    // While presenting, three.js keeps the window's loop running beside the headset's: only the headset's frames count.
    this.tick = (time, xrFrame) => { if (!this.presenting || xrFrame) this.step(time); };
    this.onVisibility = () => this.request();
    document.addEventListener("visibilitychange", this.onVisibility);
    if (renderer) {
      // The headset has its own frame clock: three.js drives it through the renderer's animation loop.
      this.onSessionStart = () => {
        cancelAnimationFrame(this.handle);
        this.running = true;
        renderer.setAnimationLoop(this.tick);
      };
      this.onSessionEnd = () => {
        renderer.setAnimationLoop(null);
        this.running = false;
        this.request();
      };
      renderer.xr.addEventListener("sessionstart", this.onSessionStart);
      renderer.xr.addEventListener("sessionend", this.onSessionEnd);
    }
    if ("IntersectionObserver" in window) {
      // Entries queue up while the page is busy: the last one is how things stand now.
      this.observer = new IntersectionObserver((entries) => {
        this.onScreen = entries[entries.length - 1].isIntersecting;
        if (this.onScreen) this.request();
      });
      this.observer.observe(element);
    }
  }

  get presenting() {
    return Boolean(this.renderer?.xr.isPresenting);
  }

  /** Whether a frame may be drawn now: on the page only when it can be seen. */
  visible() {
    return !document.hidden && this.onScreen;
  }

  request() {
    if (this.running || this.disposed || this.presenting || !this.visible()) return;
    this.running = true;
    this.last = performance.now();
    this.handle = requestAnimationFrame(this.tick);
  }

  step(time) {
    const now = time ?? performance.now();
    const seconds = Math.max(0, Math.min((now - this.last) / 1000, 0.1));
    this.last = now;
    const moving = this.frame(seconds);
    this.frames += 1;
    if (this.presenting) return; // the renderer's loop calls again
    if (moving && this.visible() && !this.disposed) {
      this.handle = requestAnimationFrame(this.tick);
    } else {
      this.running = false;
    }
  }

  dispose() {
    this.disposed = true;
    this.running = false;
    cancelAnimationFrame(this.handle);
    this.renderer?.setAnimationLoop(null);
    this.observer?.disconnect();
    document.removeEventListener("visibilitychange", this.onVisibility);
    this.renderer?.xr.removeEventListener("sessionstart", this.onSessionStart);
    this.renderer?.xr.removeEventListener("sessionend", this.onSessionEnd);
  }
}
