import { Box3, DirectionalLight, HemisphereLight, PerspectiveCamera, Scene, Vector3 } from "three";
import { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";
import { OrbitControls } from "three/addons/controls/OrbitControls.js";

import { format } from "../ui/labels.js";
import { createRenderer } from "../ui/renderer.js";
import { Status } from "../ui/Status.js";

const _size = new Vector3();
const _centre = new Vector3();

/** A product's 3D model over its photo: orbit, zoom, reset, turning by itself until touched. */
export class ModelViewer {
  constructor({ figure, labels, loader = new GLTFLoader() }) {
    this.figure = figure;
    this.labels = labels;
    this.loader = loader;
    this.url = figure.dataset.model;
    this.state = "idle";
    this.onResize = () => this.resize();
  }

  connect() {
    const { figure, labels } = this;
    figure.classList.add("has-viewer");
    this.status = new Status(Object.assign(document.createElement("p"), { className: "viewer-status" }));
    this.status.element.setAttribute("role", "status");
    figure.append(this.status.element);
    this.status.show(labels.loading);
    this.state = "loading";

    const renderer = createRenderer({ label: format(labels.model, { name: figure.dataset.name }), alpha: true });
    this.renderer = renderer;
    const canvas = renderer.domElement;
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
    this.controls.listenToKeyEvents(canvas);
    this.controls.addEventListener("start", () => { this.controls.autoRotate = false; });

    this.resetButton = Object.assign(document.createElement("button"), {
      type: "button", className: "viewer-reset", textContent: labels.reset, hidden: true,
    });
    this.resetButton.addEventListener("click", () => this.reset());
    figure.append(this.resetButton);

    window.addEventListener("resize", this.onResize);
    this.loaded = this.loader.loadAsync(this.url).then((gltf) => this.show(gltf.scene), (error) => this.fail(error));
    return this;
  }

  show(model) {
    this.scene.add(model);
    const box = new Box3().setFromObject(model);
    box.getSize(_size);
    box.getCenter(_centre);
    const radius = Math.max(_size.x, _size.y, _size.z);
    this.home = { target: _centre.clone(), position: _centre.clone().add(new Vector3(radius * 1.2, radius * 0.7, radius * 1.9)) };
    this.controls.minDistance = radius * 0.6;
    this.controls.maxDistance = radius * 6;
    this.reset();
    this.controls.autoRotate = true;
    this.renderer.domElement.hidden = false;
    this.figure.querySelector("img")?.classList.add("poster-behind");
    this.resetButton.hidden = false;
    this.status.hide();
    this.resize();
    this.renderer.setAnimationLoop(() => {
      this.controls.update();
      this.renderer.render(this.scene, this.camera);
    });
    this.state = "shown";
  }

  fail(error) {
    console.warn(`3D model ${this.url} not shown:`, error?.message ?? error);
    this.status.fail(this.labels.failed);
    this.renderer.domElement.hidden = true;
    this.state = "failed";
  }

  reset() {
    if (!this.home) return;
    this.controls.target.copy(this.home.target);
    this.camera.position.copy(this.home.position);
    this.controls.update();
  }

  resize() {
    const width = this.figure.clientWidth || 300;
    const img = this.figure.querySelector("img");
    const height = img?.clientHeight || width;
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
  }

  triangles() {
    return this.renderer?.info.render.triangles ?? 0;
  }

  dispose() {
    this.renderer?.setAnimationLoop(null);
    this.controls?.dispose();
    this.renderer?.dispose();
    window.removeEventListener("resize", this.onResize);
  }
}
