import { format } from "../ui/labels.js";

const PIXELS_PER_FRAME = 12; // drag distance that turns the product by one photo (15°)

/** A 360° spin: ordered photos around a product, turned by dragging or with the arrow keys. */
export class SpinViewer {
  constructor({ element, frames, labels }) {
    this.element = element;
    this.frames = frames;
    this.labels = labels;
    this.index = 0;
    this.drag = null;
  }

  connect() {
    const image = document.createElement("img");
    image.src = this.frames[0];
    image.alt = format(this.labels.spin, { name: this.element.dataset.name });
    image.draggable = false;
    image.width = 480;
    image.height = 480;
    this.image = image;
    this.element.tabIndex = 0;
    this.element.setAttribute("role", "slider");
    this.element.setAttribute("aria-label", image.alt);
    this.element.setAttribute("aria-valuemin", "0");
    this.element.setAttribute("aria-valuemax", String(this.frames.length - 1));
    this.element.prepend(image);
    this.hint = this.element.querySelector(".drag-hint");
    this.element.addEventListener("pointerdown", (event) => {
      this.drag = { x: event.clientX, index: this.index };
      if (this.hint) this.hint.hidden = true; // the visitor found out: the hint has done its job
      this.element.setPointerCapture?.(event.pointerId);
    });
    this.element.addEventListener("pointermove", (event) => {
      if (this.drag) this.show(this.drag.index - Math.round((event.clientX - this.drag.x) / PIXELS_PER_FRAME));
    });
    this.element.addEventListener("pointerup", () => { this.drag = null; });
    this.element.addEventListener("keydown", (event) => {
      if (this.hint) this.hint.hidden = true;
      if (event.key === "ArrowLeft") this.show(this.index - 1);
      else if (event.key === "ArrowRight") this.show(this.index + 1);
      else return;
      event.preventDefault();
    });
    this.show(0);
    // Fetch the other photos once the first is shown, so dragging never waits.
    image.addEventListener("load", () => this.frames.forEach((url) => { new Image().src = url; }), { once: true });
    return this;
  }

  show(index) {
    const count = this.frames.length;
    this.index = ((index % count) + count) % count;
    this.image.src = this.frames[this.index];
    this.element.setAttribute("aria-valuenow", String(this.index));
    this.element.setAttribute("aria-valuetext", `${Math.round((this.index * 360) / count)}°`);
  }
}
