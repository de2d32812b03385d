import { CircleGeometry, Mesh, MeshBasicMaterial, Scene, SphereGeometry, SRGBColorSpace, TextureLoader, Vector3 } from "three";

import { directionOf } from "../booth/TourViewer.js";
import { format } from "../ui/labels.js";
import { Panel } from "./Panel.js";

const MARKER_DISTANCE = 12;
const _forward = new Vector3();

/** A process tour in VR: the step's panorama around the visitor, narration on a panel, hotspots to
 * select, previous/next. On the booth page it is a mode of that page's TourViewer (its scene and
 * sphere); from the hall it brings its own sphere. */
export class TourXR {
  constructor({ rig, steps, labels, scene = null, material = null, onExit = null, onStep = () => {} }) {
    this.rig = rig;
    this.steps = steps;
    this.labels = labels;
    this.onExit = onExit;
    this.onStep = onStep;
    this.loader = new TextureLoader();
    this.index = 0;
    this.ownScene = !scene;
    if (scene) {
      this.scene = scene;
      this.material = material;
    } else {
      this.scene = new Scene();
      const geometry = new SphereGeometry(50, 48, 24);
      geometry.scale(-1, 1, 1);
      this.material = new MeshBasicMaterial();
      this.sphere = new Mesh(geometry, this.material);
      this.scene.add(this.sphere);
    }
    this.panel = new Panel({ width: 1.0, height: 0.62, name: "tour-panel" });
    this.scene.add(this.panel.group);
    this.markers = [];
  }

  /** Place the panel and sphere around where the visitor stands now, then show a step. */
  start(index = 0) {
    const head = this.rig.head().clone();
    this.sphere?.position.copy(head);
    this.centre = head;
    const yaw = this.rig.yaw();
    _forward.set(-Math.sin(yaw), 0, -Math.cos(yaw));
    this.panel.group.position.copy(head).addScaledVector(_forward, 1.3).setY(Math.max(1.0, head.y - 0.35));
    this.panel.group.lookAt(head.x, this.panel.group.position.y, head.z);
    this.show(index);
    return this;
  }

  show(index) {
    this.index = Math.max(0, Math.min(this.steps.length - 1, index));
    const step = this.steps[this.index];
    this.showPanel({ title: step.title, body: step.narration });
    const number = this.index + 1;
    this.loader.load(step.panorama, (texture) => {
      if (this.index + 1 !== number) return texture.dispose();
      texture.colorSpace = SRGBColorSpace;
      this.material.map?.dispose();
      this.material.map = texture;
      this.material.needsUpdate = true;
      return undefined;
    });
    for (const marker of this.markers) {
      this.scene.remove(marker);
      marker.geometry.dispose();
      marker.material.dispose();
    }
    this.markers = step.hotspots.map((hotspot) => {
      const marker = new Mesh(new CircleGeometry(0.55, 24), new MeshBasicMaterial({ color: 0xffd34d, transparent: true, opacity: 0.9 }));
      const direction = directionOf(hotspot.yaw, hotspot.pitch, new Vector3());
      marker.position.copy(this.centre ?? new Vector3()).addScaledVector(direction, MARKER_DISTANCE);
      marker.lookAt(this.centre ?? new Vector3());
      marker.userData.hotspot = hotspot;
      this.scene.add(marker);
      return marker;
    });
    this.onStep(this.index);
  }

  showPanel({ title, body }) {
    const count = this.steps.length;
    const buttons = [];
    if (this.index > 0) buttons.push({ action: "prev", label: this.labels.vrPrev });
    if (this.index < count - 1) buttons.push({ action: "next", label: this.labels.vrNext });
    if (this.onExit) buttons.push({ action: "exit", label: this.labels.vrBack });
    this.panel.show({ title: `${format(this.labels.step, { number: this.index + 1, total: count })} · ${title}`, body, buttons });
  }

  targets() {
    return [...this.panel.buttons, ...this.markers];
  }

  /** A selection from the rig: a panel button or a hotspot. Returns true when it was the tour's. */
  select(hit) {
    const action = hit?.object.userData.action;
    const hotspot = hit?.object.userData.hotspot;
    if (hotspot) {
      this.showPanel({ title: hotspot.label, body: hotspot.text });
      return true;
    }
    if (action === "next") this.show(this.index + 1);
    else if (action === "prev") this.show(this.index - 1);
    else if (action === "exit") this.onExit?.();
    else return false;
    return true;
  }

  dispose() {
    for (const marker of this.markers) this.scene.remove(marker);
    this.scene.remove(this.panel.group);
    this.panel.dispose();
    if (this.ownScene) {
      this.material.map?.dispose();
      this.material.dispose();
      this.sphere.geometry.dispose();
    }
  }
}
