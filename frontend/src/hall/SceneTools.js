/** What sits on the hall's canvas: a hint fit for the device (touch or keys) until the visitor moves, the list of
 * booths as an overlay (a minimap: choose one and walk there), and full screen on phones. */
export class SceneTools {
  constructor({ section, stage, hall, booths }) {
    this.section = section;
    this.stage = stage;
    this.hall = hall;
    this.booths = booths;
    this.hint = stage.querySelector(".scene-hint");
    this.toggle = stage.querySelector(".scene-booths-toggle");
    this.panel = stage.querySelector(".scene-booths");
    this.fullscreenButton = stage.querySelector(".scene-fullscreen");
  }

  connect() {
    const canvas = this.hall.renderer.domElement;
    const moved = () => { this.hint.hidden = true; };
    canvas.addEventListener("pointerdown", moved, { once: true });
    canvas.addEventListener("keydown", moved, { once: true });

    const list = this.panel.querySelector("ol");
    for (const booth of this.booths) {
      const button = Object.assign(document.createElement("button"), { type: "button", className: "scene-booth" });
      const title = Object.assign(document.createElement("strong"), { textContent: booth.title });
      const where = Object.assign(document.createElement("span"), { textContent: booth.tagline || booth.producer });
      button.append(title, where);
      button.dataset.booth = booth.slug;
      button.addEventListener("click", () => {
        this.showList(false);
        this.hint.hidden = true;
        this.hall.flyTo(booth.slug);
      });
      const item = document.createElement("li");
      item.append(button);
      list.append(item);
    }
    this.toggle.addEventListener("click", () => this.showList(this.panel.hidden));

    this.fullscreenButton.addEventListener("click", () => this.toggleFullscreen());
    return this;
  }

  showList(open) {
    this.panel.hidden = !open;
    this.toggle.setAttribute("aria-expanded", String(open));
    if (open) this.panel.querySelector("button")?.focus({ preventScroll: true });
  }

  /** The hall fills the screen (the browser's own full screen where it offers it for any element), or not. */
  toggleFullscreen() {
    const on = this.section.classList.toggle("is-fullscreen");
    if (on) this.section.requestFullscreen?.().catch(() => {}); // refused or missing: the hall still fills the window
    else if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    document.documentElement.classList.toggle("hall-fullscreen", on);
    const button = this.fullscreenButton;
    button.textContent = on ? button.dataset.leave : button.dataset.enter;
    button.setAttribute("aria-pressed", String(on));
    this.hall.resize();
  }
}
