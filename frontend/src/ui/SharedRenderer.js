import { Vector2 } from "three";

import { createRenderer, prepareScene } from "./renderer.js";

let shared = null;
const _size = new Vector2();

/** One WebGL context for every product model on a page, however many products it lists: each viewer draws into
 * its own 2D canvas, copying the frame the shared renderer has just drawn for it (browsers drop WebGL contexts past
 * about 16, phones run out of memory long before). With render on demand a copy happens only when a view changed. */
export class SharedRenderer {
  static get() {
    shared ??= new SharedRenderer();
    return shared;
  }

  constructor() {
    this.renderer = createRenderer({ alpha: true });
  }

  /** A 2D canvas for one viewer, sized in CSS pixels by `resize`. */
  canvas(label) {
    const canvas = document.createElement("canvas");
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", label);
    return canvas;
  }

  resize(canvas, width, height) {
    const ratio = this.renderer.getPixelRatio();
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
  }

  /** Readies `scene` for its first frame in short tasks (renderer.js `prepareScene`). */
  prepare(scene, camera) {
    return prepareScene(this.renderer, scene, camera);
  }

  /** Draws `scene` as `camera` sees it into `canvas`; the triangles drawn. */
  draw(scene, camera, canvas) {
    const { renderer } = this;
    const ratio = renderer.getPixelRatio();
    const width = canvas.width / ratio;
    const height = canvas.height / ratio;
    const size = renderer.getSize(_size);
    if (size.x !== width || size.y !== height) renderer.setSize(width, height, false);
    renderer.render(scene, camera);
    const context = canvas.getContext("2d");
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.drawImage(renderer.domElement, 0, 0, canvas.width, canvas.height);
    return renderer.info.render.triangles;
  }
}
