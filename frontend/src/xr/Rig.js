import {
  BackSide, BoxGeometry, BufferGeometry, CylinderGeometry, Float32BufferAttribute, Group, Line, LineBasicMaterial,
  Matrix4, Mesh, MeshBasicMaterial, MeshStandardMaterial, Raycaster, RingGeometry, SphereGeometry, Vector3,
} from "three";

const SNAP_TURN = Math.PI / 6; // 30° per flick of the thumbstick: no smooth turning, no sickness
const FADE_SECONDS = 0.15; // teleport: fade to black, move, fade back
const RAY_LENGTH = 30;
const _matrix = new Matrix4();
const _head = new Vector3();
const _offset = new Vector3();

/** The visitor in VR: a dolly carrying the camera and controllers (rays, simple controller models),
 * pointing at what `targets()` returns, teleporting with a short fade, snap-turning. */
export class Rig {
  constructor({ renderer, camera, onSelect, onSqueeze = () => {}, onRelease = () => {}, onHover = () => {} }) {
    this.renderer = renderer;
    this.camera = camera;
    this.onSelect = onSelect;
    this.onSqueeze = onSqueeze;
    this.onRelease = onRelease;
    this.onHover = onHover;
    this.targets = () => [];
    this.dolly = new Group();
    this.dolly.name = "visitor";
    this.raycaster = new Raycaster();
    this.raycaster.camera = camera; // sprites (the booths' presence badges) need it to be picked
    this.controllers = [];
    this.fade = null;
    this.selects = 0;
    this.hovered = null;

    const veil = new Mesh(new SphereGeometry(0.3, 16, 8), new MeshBasicMaterial({ color: 0x000000, side: BackSide, transparent: true, opacity: 0, depthTest: false }));
    veil.renderOrder = 999;
    veil.visible = false;
    this.veil = veil;

    const reticle = new Mesh(new RingGeometry(0.12, 0.18, 24).rotateX(-Math.PI / 2), new MeshBasicMaterial({ color: 0xffd34d }));
    reticle.visible = false;
    this.reticle = reticle;

    for (const index of [0, 1]) {
      const controller = renderer.xr.getController(index);
      const ray = new Line(new BufferGeometry().setAttribute("position", new Float32BufferAttribute([0, 0, 0, 0, 0, -1], 3)),
        new LineBasicMaterial({ color: 0xffffff }));
      ray.scale.z = RAY_LENGTH;
      ray.visible = false;
      controller.add(ray);
      controller.userData.ray = ray;
      controller.addEventListener("connected", (event) => {
        controller.userData.source = event.data;
        ray.visible = event.data.targetRayMode !== "screen";
      });
      controller.addEventListener("disconnected", () => { controller.userData.source = null; ray.visible = false; });
      controller.addEventListener("select", () => this.select(controller));
      controller.addEventListener("squeezestart", () => this.squeeze(controller));
      controller.addEventListener("squeezeend", () => this.onRelease(controller));
      this.dolly.add(controller);
      this.controllers.push(controller);

      // A simple controller body in the hand (the add-on's controller models fetch profiles from a CDN).
      const grip = renderer.xr.getControllerGrip(index);
      const body = new Mesh(new CylinderGeometry(0.018, 0.024, 0.12, 12).rotateX(Math.PI / 2), new MeshStandardMaterial({ color: 0x333333, roughness: 0.6 }));
      const ring = new Mesh(new BoxGeometry(0.05, 0.012, 0.05), new MeshStandardMaterial({ color: 0x8a4b12 }));
      ring.position.set(0, 0.02, -0.05);
      grip.add(body, ring);
      this.dolly.add(grip);
    }
  }

  /** Put the rig in a scene with the camera (and take the camera out of wherever it was). */
  enter(scene) {
    scene.add(this.dolly);
    this.dolly.add(this.camera);
    this.camera.add(this.veil);
    scene.add(this.reticle);
    this.scene = scene;
  }

  leave() {
    this.camera.remove(this.veil);
    this.scene?.remove(this.dolly, this.reticle);
    this.dolly.remove(this.camera);
  }

  moveTo(scene) {
    this.scene?.remove(this.dolly, this.reticle);
    scene.add(this.dolly, this.reticle);
    this.scene = scene;
  }

  /** The visitor's head in world space, and the direction they face (yaw, radians). */
  head(target = _head) {
    this.camera.getWorldPosition(target);
    return target;
  }

  yaw() {
    const forward = this.camera.getWorldDirection(_offset);
    return Math.atan2(-forward.x, -forward.z);
  }

  /** Teleport with a short fade so the eyes never see the world slide. The head lands on (x, z). */
  teleport({ x, z, yaw = null }) {
    return new Promise((resolve) => {
      this.fade = { time: 0, moved: false, resolve, move: () => {
        if (yaw !== null) this.turnTo(yaw);
        const head = this.head();
        this.dolly.position.x += x - head.x;
        this.dolly.position.z += z - head.z;
      } };
      this.veil.visible = true;
    });
  }

  /** Turn the dolly about the visitor's head so they keep standing where they are. */
  turn(angle) {
    const head = this.head().clone();
    this.dolly.rotation.y += angle;
    this.dolly.updateMatrixWorld(true);
    const after = this.head();
    this.dolly.position.x += head.x - after.x;
    this.dolly.position.z += head.z - after.z;
  }

  turnTo(yaw) {
    this.turn(yaw - this.yaw());
  }

  select(controller) {
    this.selects += 1;
    const hit = this.pick(controller);
    this.onSelect(hit, controller);
  }

  squeeze(controller) {
    this.onSqueeze(this.pick(controller), controller);
  }

  pick(controller) {
    _matrix.identity().extractRotation(controller.matrixWorld);
    this.raycaster.ray.origin.setFromMatrixPosition(controller.matrixWorld);
    this.raycaster.ray.direction.set(0, 0, -1).applyMatrix4(_matrix);
    this.raycaster.far = RAY_LENGTH;
    const [hit] = this.raycaster.intersectObjects(this.targets().filter((object) => object.visible), true);
    return hit ?? null;
  }

  update(seconds) {
    if (this.fade) {
      const fade = this.fade;
      fade.time += seconds;
      const half = FADE_SECONDS;
      if (!fade.moved && fade.time >= half) {
        fade.move();
        fade.moved = true;
      }
      this.veil.material.opacity = fade.time < half ? fade.time / half : Math.max(0, 2 - fade.time / half);
      if (fade.time >= 2 * half) {
        this.veil.visible = false;
        this.fade = null;
        fade.resolve();
      }
    }
    let hovered = null;
    for (const controller of this.controllers) {
      const source = controller.userData.source;
      if (!source) continue;
      const hit = this.pick(controller);
      controller.userData.ray.scale.z = hit ? hit.distance : RAY_LENGTH;
      if (hit && !hovered) hovered = hit;
      // Snap turn on the thumbstick (xr-standard: axes 2, 3); it must come back to the middle between turns.
      const x = source.gamepad?.axes?.[2] ?? 0;
      if (Math.abs(x) > 0.7 && controller.userData.turnReady !== false) {
        this.turn(x > 0 ? -SNAP_TURN : SNAP_TURN);
        controller.userData.turnReady = false;
      } else if (Math.abs(x) < 0.3) {
        controller.userData.turnReady = true;
      }
    }
    this.reticle.visible = Boolean(hovered?.object.userData.floor);
    if (this.reticle.visible) this.reticle.position.copy(hovered.point).setY(0.01);
    this.onHover(hovered);
  }

  dispose() {
    this.leave();
    for (const controller of this.controllers) controller.clear();
  }
}
