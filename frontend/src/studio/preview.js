// The floor plan editor's 3D preview (loaded on demand, after the shared three.js bundle): the hall as visitors
// will see it, drawn by the hall page's own scene from the plan being edited (saved or not).
import { HallScene } from "../hall/HallScene.js";
import { Status } from "../ui/Status.js";

let current = null;

window.fairPlanPreview = {
  show(section, data) {
    current?.dispose();
    const stage = section.querySelector(".scene-stage");
    const statusElement = section.querySelector(".scene-status");
    const status = new Status(statusElement);
    status.show(statusElement.dataset.loading);
    current = new HallScene({
      stage, data, status, tooltip: section.querySelector(".scene-tooltip"), onEnter: () => {},
    }).connect();
    current.ready.then(() => section.setAttribute("data-ready", "true"));
    return current;
  },
  triangles: () => current?.renderer.info.render.triangles ?? 0,
  frames: () => current?.frames ?? 0,
};
