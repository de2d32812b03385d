import {
  MathUtils, Mesh, MeshBasicMaterial, PerspectiveCamera, Scene, SphereGeometry, SRGBColorSpace, TextureLoader, Vector3,
} from "three";

import { RenderLoop } from "../ui/RenderLoop.js";
import { createRenderer, prepareScene } from "../ui/renderer.js";
import { format } from "../ui/labels.js";
import { Status } from "../ui/Status.js";

const DRAG_TURN = 0.2; // degrees per pixel dragged
const KEY_TURN = 10; // degrees per arrow key press
const LARGE_SCREEN = 1400; // device pixels across beyond which the full-size panorama is fetched
const _direction = new Vector3();

/** Direction of a panorama point: yaw 0 is the middle of the picture, positive to the right. */
export function directionOf(yaw, pitch, target = _direction) {
  const y = MathUtils.degToRad(yaw);
  const p = MathUtils.degToRad(pitch);
  return target.set(-Math.cos(p) * Math.cos(y), Math.sin(p), -Math.cos(p) * Math.sin(y));
}

/** The 360° production-process tour: a panorama per step, narration, hotspots, next/previous. */
export class TourViewer {
  constructor({ root, steps, labels, loader = new TextureLoader() }) {
    this.root = root;
    this.steps = steps;
    this.labels = labels;
    this.loader = loader;
    this.index = 0;
    this.yaw = 0;
    this.pitch = 0;
    this.drag = null;
    this.hotspotButtons = [];
    this.onResize = () => this.resize();
    this.onOrientation = (event) => this.orient(event);
  }

  connect() {
    const { root, labels } = this;
    this.stage = root.querySelector(".tour-stage");
    this.status = new Status(root.querySelector(".scene-status"));
    const renderer = createRenderer({ label: labels.tour });
    renderer.setClearColor("#cfd8dc"); // the stage's, until the first panorama is ready
    this.renderer = renderer;
    const canvas = renderer.domElement;
    this.stage.prepend(canvas);
    this.overlay = Object.assign(document.createElement("div"), { className: "tour-hotspots" });
    this.stage.append(this.overlay);
    this.list = root.querySelector(".tour-hotspot-list");

    this.scene = new Scene();
    this.camera = new PerspectiveCamera(75, 1, 0.1, 100);
    const geometry = new SphereGeometry(50, 64, 32);
    geometry.scale(-1, 1, 1); // seen from inside
    this.material = new MeshBasicMaterial();
    this.scene.add(new Mesh(geometry, this.material));

    canvas.addEventListener("pointerdown", (event) => {
      this.drag = { x: event.clientX, y: event.clientY };
      canvas.setPointerCapture?.(event.pointerId);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!this.drag) return;
      this.look(this.yaw - (event.clientX - this.drag.x) * DRAG_TURN, this.pitch + (event.clientY - this.drag.y) * DRAG_TURN);
      this.drag = { x: event.clientX, y: event.clientY };
    });
    canvas.addEventListener("pointerup", () => { this.drag = null; });
    canvas.addEventListener("keydown", (event) => {
      const turns = { ArrowLeft: [-KEY_TURN, 0], ArrowRight: [KEY_TURN, 0], ArrowUp: [0, KEY_TURN], ArrowDown: [0, -KEY_TURN] };
      const turn = turns[event.key];
      if (!turn) return;
      event.preventDefault();
      this.look(this.yaw + turn[0], this.pitch + turn[1]);
    });
    root.querySelector(".tour-prev").addEventListener("click", () => this.go(this.index - 1));
    root.querySelector(".tour-next").addEventListener("click", () => this.go(this.index + 1));
    this.panel = root.querySelector(".tour-hotspot");
    this.panel.querySelector(".tour-hotspot-close").addEventListener("click", () => this.closeHotspot());
    this.offerMotion();

    window.addEventListener("resize", this.onResize);
    root.hidden = false;
    // Drawn on demand: when the visitor looks around, a panorama arrives or the size changes; in VR every frame.
    this.loop = new RenderLoop({ element: canvas, renderer, frame: (seconds) => this.frame(seconds) });
    this.resize();
    this.go(0);
    this.shown = true; // from now on, steps are the visitor's own moves (counted: docs/analytics.md)
    return this;
  }

  /** Phones can look around by turning; iOS asks the visitor first, so it takes a button. */
  offerMotion() {
    if (!("DeviceOrientationEvent" in window) || !matchMedia("(pointer: coarse)").matches) return;
    const button = Object.assign(document.createElement("button"), { type: "button", className: "tour-motion", textContent: this.labels.motion });
    button.addEventListener("click", async () => {
      const ask = DeviceOrientationEvent.requestPermission;
      if (ask && (await ask.call(DeviceOrientationEvent)) !== "granted") return;
      window.addEventListener("deviceorientation", this.onOrientation);
      button.hidden = true;
    });
    this.root.querySelector(".tour-controls").append(button);
  }

  orient(event) {
    if (event.alpha === null) return;
    this.look(-event.alpha, Math.max(-85, Math.min(85, (event.beta ?? 90) - 90)));
  }

  go(index) {
    const count = this.steps.length;
    this.index = Math.max(0, Math.min(count - 1, index));
    const step = this.steps[this.index];
    const number = this.index + 1;
    if (this.shown) document.dispatchEvent(new CustomEvent("fair:tour-step", { detail: { step: this.index, steps: count } }));
    this.root.querySelector(".tour-title").textContent = step.title;
    this.root.querySelector(".tour-narration").textContent = step.narration;
    this.root.querySelector(".tour-progress-text").textContent = format(this.labels.step, { number, total: count });
    this.root.querySelector("progress").value = number;
    this.root.querySelector(".tour-prev").disabled = this.index === 0;
    this.root.querySelector(".tour-next").disabled = this.index === count - 1;
    this.closeHotspot();
    this.buildHotspots(step);
    this.look(0, 0);
    const large = this.stage.clientWidth * window.devicePixelRatio > LARGE_SCREEN;
    this.load(large ? step.panorama : step.panorama_small, number);
  }

  load(url, number) {
    this.status.show("…");
    this.loader.load(url, async (texture) => {
      if (this.index + 1 !== number) {
        texture.dispose();
        return;
      }
      texture.colorSpace = SRGBColorSpace;
      this.material.map?.dispose();
      this.material.map = texture;
      this.material.needsUpdate = true;
      // Its shaders and the picture's upload in short tasks of their own, not in the frame that shows it.
      await prepareScene(this.renderer, this.scene, this.camera);
      if (this.index + 1 !== number) return;
      this.status.hide();
      this.root.dataset.step = String(number);
      this.loop.request();
    }, undefined, () => this.status.fail(this.labels.tourFailed));
  }

  buildHotspots(step) {
    // Markers in the panorama for pointers; the same hotspots as a list for keyboards and screen readers.
    this.overlay.replaceChildren();
    this.list.replaceChildren();
    this.hotspotButtons = step.hotspots.map((hotspot) => {
      const button = Object.assign(document.createElement("button"), { type: "button", className: "hotspot", tabIndex: -1 });
      button.textContent = hotspot.label;
      button.setAttribute("aria-hidden", "true");
      button.addEventListener("click", () => this.openHotspot(hotspot));
      this.overlay.append(button);
      const item = document.createElement("li");
      const listed = Object.assign(document.createElement("button"), { type: "button", textContent: hotspot.label });
      listed.addEventListener("click", () => this.openHotspot(hotspot));
      item.append(listed);
      this.list.append(item);
      return { button, hotspot };
    });
  }

  openHotspot(hotspot) {
    this.panel.querySelector("h4").textContent = hotspot.label;
    this.panel.querySelector("p").textContent = hotspot.text;
    this.panel.hidden = false;
    this.look(hotspot.yaw, hotspot.pitch);
  }

  closeHotspot() {
    this.panel.hidden = true;
  }

  look(yaw, pitch) {
    this.yaw = ((yaw + 540) % 360) - 180;
    this.pitch = Math.max(-85, Math.min(85, pitch));
    this.loop?.request();
  }

  /** One frame; nothing on the page moves by itself, so one frame per change is enough. */
  frame(seconds) {
    if (this.xr) { // in VR (xr.js): the headset turns the camera, controllers pick
      this.xr.update(seconds);
      this.renderer.render(this.scene, this.camera);
      return true;
    }
    this.camera.lookAt(directionOf(this.yaw, this.pitch));
    // Until the first panorama is ready there is nothing to show but the stage's colour: no shaders compiled for a
    // picture-less sphere.
    if (this.material.map) this.renderer.render(this.scene, this.camera);
    else this.renderer.clear();
    const width = this.renderer.domElement.clientWidth;
    const height = this.renderer.domElement.clientHeight;
    for (const { button, hotspot } of this.hotspotButtons) {
      const point = directionOf(hotspot.yaw, hotspot.pitch).clone().project(this.camera);
      const visible = point.z < 1 && Math.abs(point.x) < 1 && Math.abs(point.y) < 1;
      button.style.visibility = visible ? "visible" : "hidden";
      button.style.transform = `translate(${((point.x + 1) / 2) * width}px, ${((1 - point.y) / 2) * height}px) translate(-50%, -50%)`;
    }
    return false;
  }

  resize() {
    const width = this.stage.clientWidth || 320;
    const height = Math.round(Math.min(width * 0.6, window.innerHeight * 0.65));
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.loop?.request();
  }

  triangles() {
    return this.renderer.info.render.triangles;
  }

  dispose() {
    this.loop.dispose();
    window.removeEventListener("resize", this.onResize);
    window.removeEventListener("deviceorientation", this.onOrientation);
    this.material.map?.dispose();
    this.renderer.dispose();
  }
}
