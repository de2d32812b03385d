// The VR code, loaded on demand by the "Enter VR" buttons (xr/button.js): never downloaded by
// visitors who do not press them. three.js comes from the page's shared
// three.js bundle (build.mjs), not a second copy.
import { Vector3 } from "three";

import { HallXR } from "./HallXR.js";
import { Rig } from "./Rig.js";
import { TourXR } from "./TourXR.js";

/** A point in the visitor's reference space (what a controller's pose is given in), for tests that
 * aim an emulated controller: "button:next", "hotspot:0". */
function targetPoint(rig, tour, spec) {
  const [kind, name] = spec.split(":");
  let object = null;
  if (kind === "button") object = tour.panel.buttons.find((button) => button.userData.action === name);
  if (kind === "hotspot") object = tour.markers[Number(name)];
  if (!object) return null;
  const point = object.getWorldPosition(new Vector3());
  return rig.dolly.worldToLocal(point);
}

window.fairXR = {
  /** The hall page's HallScene in an immersive session. */
  async hall({ hall, session, labels }) {
    return new HallXR({ hall, session, labels, targetPoint }).start();
  },

  /** The booth page's TourViewer in an immersive session: its scene and sphere, a VR panel and controllers. */
  async tour({ viewer, session, labels }) {
    const renderer = viewer.renderer;
    renderer.xr.enabled = true;
    renderer.xr.setReferenceSpaceType("local-floor");
    await renderer.xr.setSession(session);
    let tour = null;
    const rig = new Rig({ renderer, camera: viewer.camera, onSelect: (hit) => tour.select(hit) });
    viewer.camera.position.set(0, 0, 0);
    rig.enter(viewer.scene);
    tour = new TourXR({ rig, steps: viewer.steps, labels, scene: viewer.scene, material: viewer.material,
      onStep: (index) => { viewer.xrStep = index; } });
    rig.targets = () => tour.targets();
    viewer.xr = {
      tour, rig, frames: 0,
      update(seconds) { this.frames += 1; rig.update(seconds); },
      state: () => ({ presenting: renderer.xr.isPresenting, frames: viewer.xr?.frames ?? 0, step: tour.index + 1,
        panel: tour.panel.text, selects: rig.selects, moving: false }),
      target: (spec) => targetPoint(rig, tour, spec),
    };
    tour.start(viewer.index);
    session.addEventListener("end", () => {
      const index = tour.index;
      tour.dispose();
      rig.dispose();
      viewer.xr = null;
      renderer.xr.enabled = false;
      viewer.resize();
      viewer.go(index); // back on the page at the step the visitor reached in VR
    });
    return viewer.xr;
  },
};
