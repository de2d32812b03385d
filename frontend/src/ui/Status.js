// A status line over a 3D view: loading, failed, or gone once the view is ready.
export class Status {
  constructor(element) {
    this.element = element;
  }

  show(text) {
    if (!this.element) return;
    this.element.textContent = text;
    this.element.hidden = false;
  }

  fail(text) {
    this.show(text);
    this.element?.classList.add("failed");
  }

  hide() {
    if (this.element) this.element.hidden = true;
  }
}
