import { Box3, DirectionalLight, HemisphereLight, PerspectiveCamera, Scene, Vector3 } from "three";
import { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";
import { OrbitControls } from "three/addons/controls/OrbitControls.js";

import { format } from "../ui/labels.js";
import { RenderLoop } from "../ui/RenderLoop.js";
import { SharedRenderer } from "../ui/SharedRenderer.js";
import { Status } from "../ui/Status.js";

const _size = new Vector3();
const _centre = new Vector3();

const HINT_SHOWN = 1800; // ms the "Ctrl + scroll to zoom" hint stays after a plain wheel turn over the model
const AUTO_ROTATE = 6; // seconds the model turns by itself on screen, then it rests (a still page draws nothing)

/** A product's 3D model over its photo: orbit, zoom, reset, turning by itself for a few seconds or until touched.
 * Drawn on demand (RenderLoop): while it turns or settles, never while off screen or in a hidden tab; every model of
 * the page shares one WebGL context (SharedRenderer) and shows its frames in a 2D canvas of its own.
 *
 * No scroll trap: the wheel scrolls the page and a vertical swipe scrolls it on a phone, until the visitor
 * clicks or taps the model (then it zooms, as maps do), or holds Ctrl (or ⌘) while scrolling. */
export class ModelViewer {
  constructor({ figure, labels, loader = new GLTFLoader() }) {
    this.figure = figure;
    this.labels = labels;
    this.loader = loader;
    this.url = figure.dataset.model;
    this.state = "idle";
    this.onResize = () => this.resize();
    this.active = false;
  }

  connect() {
    const { figure, labels } = this;
    figure.classList.add("has-viewer");
    this.status = new Status(Object.assign(document.createElement("p"), { className: "viewer-status" }));
    this.status.element.setAttribute("role", "status");
    figure.append(this.status.element);
    this.status.show(labels.loading);
    this.state = "loading";

    this.shared = SharedRenderer.get();
    const canvas = this.shared.canvas(format(labels.model, { name: figure.dataset.name }));
    this.canvas = canvas;
    this.drawnTriangles = 0;
    canvas.className = "viewer-canvas";
    canvas.hidden = true;
    figure.append(canvas);

    this.scene = new Scene();
    this.scene.add(new HemisphereLight("#ffffff", "#8a7a64", 2.2));
    const key = new DirectionalLight("#ffffff", 2.2);
    key.position.set(-1, 2, 1.5);
    this.scene.add(key);
    this.camera = new PerspectiveCamera(35, 1, 0.01, 50);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = true;
    this.controls.autoRotate = true;
    this.controls.autoRotateSpeed = 2.5;
    this.rotated = 0; // seconds turned by itself so far
    this.controls.listenToKeyEvents(canvas);
    this.controls.addEventListener("change", () => this.loop?.request());
    this.controls.addEventListener("start", () => {
      this.controls.autoRotate = false;
      // Counted (once per product and page, docs/analytics.md): the booth socket (live.js) tells the server.
      if (!this.turned) document.dispatchEvent(new CustomEvent("fair:model-turned", { detail: figure.dataset.product }));
      this.turned = true;
    });
    this.releaseGestures();
    // Capture phase on the figure: decided before OrbitControls (on the canvas) sees the wheel.
    figure.addEventListener("wheel", (event) => this.wheel(event), { capture: true, passive: true });
    canvas.addEventListener("pointerdown", () => this.activate(true));
    canvas.addEventListener("pointerleave", (event) => { if (event.pointerType === "mouse") this.activate(false); });
    canvas.addEventListener("blur", () => this.activate(false));
    this.onOutside = (event) => { if (!figure.contains(event.target)) this.activate(false); };
    document.addEventListener("pointerdown", this.onOutside);

    this.hint = Object.assign(document.createElement("p"), { className: "viewer-hint", hidden: true });
    this.hint.setAttribute("aria-hidden", "true");
    figure.append(this.hint);

    this.resetButton = Object.assign(document.createElement("button"), {
      type: "button", className: "viewer-reset", textContent: labels.reset, hidden: true,
    });
    this.resetButton.addEventListener("click", () => this.reset());
    figure.append(this.resetButton);

    window.addEventListener("resize", this.onResize);
    this.loaded = this.loader.loadAsync(this.url).then((gltf) => this.prepare(gltf.scene), (error) => this.fail(error));
    return this;
  }

  /** The model in its scene, its shaders and textures readied off the first frame (SharedRenderer.prepare); then shown. */
  async prepare(model) {
    this.scene.add(model);
    this.place(model);
    await this.shared.prepare(this.scene, this.camera);
    if (!this.disposed) this.show();
  }

  place(model) {
    const box = new Box3().setFromObject(model);
    box.getSize(_size);
    box.getCenter(_centre);
    const radius = Math.max(_size.x, _size.y, _size.z);
    this.home = { target: _centre.clone(), position: _centre.clone().add(new Vector3(radius * 1.2, radius * 0.7, radius * 1.9)) };
    this.controls.minDistance = radius * 0.6;
    this.controls.maxDistance = radius * 6;
    this.reset();
  }

  show() {
    this.controls.autoRotate = true;
    this.canvas.hidden = false;
    this.figure.querySelector("img")?.classList.add("poster-behind");
    this.resetButton.hidden = false;
    this.status.hide();
    this.loop = new RenderLoop({ element: this.canvas, frame: (seconds) => this.frame(seconds) });
    this.resize();
    this.state = "shown";
  }

  /** One frame; true while the model still turns by itself or settles after a drag (damping). */
  frame(seconds) {
    if (this.controls.autoRotate) {
      this.rotated += seconds;
      if (this.rotated >= AUTO_ROTATE) this.controls.autoRotate = false;
    }
    const settling = this.controls.update(seconds);
    this.drawnTriangles = this.shared.draw(this.scene, this.camera, this.canvas);
    return this.controls.autoRotate || settling;
  }

  fail(error) {
    console.warn(`3D model ${this.url} not shown:`, error?.message ?? error);
    this.status.fail(this.labels.failed);
    this.canvas.hidden = true;
    this.state = "failed";
  }

  /** Zooming (wheel, pinch) belongs to the model only while the visitor works with it. */
  activate(on) {
    this.active = on;
    this.releaseGestures();
    if (on) this.hint.hidden = true;
  }

  releaseGestures() {
    this.controls.enableZoom = this.active;
    // Horizontal drags turn the model; a vertical swipe scrolls the page unless the model is being worked with.
    this.canvas.style.touchAction = this.active ? "none" : "pan-y";
  }

  wheel(event) {
    const modifier = event.ctrlKey || event.metaKey;
    this.controls.enableZoom = this.active || modifier;
    if (this.active || modifier || this.state !== "shown") return;
    this.hint.textContent = this.labels.zoomHint;
    this.hint.hidden = false;
    clearTimeout(this.hintTimer);
    this.hintTimer = setTimeout(() => { this.hint.hidden = true; }, HINT_SHOWN);
  }

  reset() {
    if (!this.home) return;
    this.controls.target.copy(this.home.target);
    this.camera.position.copy(this.home.position);
    this.controls.update();
    this.loop?.request();
  }

  resize() {
    const width = this.figure.clientWidth || 300;
    const img = this.figure.querySelector("img");
    const height = img?.clientHeight || width;
    this.shared.resize(this.canvas, width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.loop?.request();
  }

  /** The camera's distance from the model's centre (what zooming changes; read by the tests). */
  distance() {
    return this.home ? this.camera.position.distanceTo(this.controls.target) : null;
  }

  triangles() {
    return this.drawnTriangles; // in its last frame
  }

  dispose() {
    this.disposed = true;
    document.removeEventListener("pointerdown", this.onOutside);
    this.loop?.dispose();
    this.controls?.dispose();
    this.canvas?.remove();
    window.removeEventListener("resize", this.onResize);
  }
}
