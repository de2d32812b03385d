import { Vector3 } from "three";

const EYE_HEIGHT = 1.6; // metres
const WALK_SPEED = 3.2; // metres per second: a brisk walk along the aisles
const TURN_SPEED = 1.8; // radians per second with the arrow keys
const DRAG_TURN = 0.005; // radians per pixel dragged
const TAP_SLOP = 6; // pixels a pointer may move and still count as a tap
const _forward = new Vector3();
const _right = new Vector3();

/** Moves the visitor's camera: drag to look, arrows/WASD to walk, tap a spot to go there. */
export class Walker {
  constructor({ camera, element, bounds, onTap, onMove = () => {} }) {
    this.camera = camera;
    this.element = element;
    this.bounds = bounds;
    this.onTap = onTap;
    this.onMove = onMove; // the view changed, or starts changing: the hall draws again
    this.yaw = 0;
    this.pitch = -0.08;
    this.keys = new Set();
    this.target = null;
    this.drag = null;
    this.touched = false;
    this.camera.rotation.order = "YXZ";
    this.camera.position.y = EYE_HEIGHT;
    this.handlers = {
      pointerdown: (event) => this.pointerDown(event),
      pointermove: (event) => this.pointerMove(event),
      pointerup: (event) => this.pointerUp(event),
      pointercancel: () => { this.drag = null; },
      keydown: (event) => this.keyDown(event),
      keyup: (event) => this.keys.delete(event.key.toLowerCase()),
      blur: () => this.keys.clear(),
    };
  }

  connect() {
    for (const [name, handler] of Object.entries(this.handlers)) this.element.addEventListener(name, handler);
  }

  dispose() {
    for (const [name, handler] of Object.entries(this.handlers)) this.element.removeEventListener(name, handler);
  }

  place({ x, z, yaw, pitch = null }) {
    this.camera.position.set(x, EYE_HEIGHT, z);
    this.yaw = yaw;
    if (pitch !== null) this.pitch = pitch;
    this.target = null;
    this.apply();
    this.onMove();
  }

  goTo({ x, z, yaw = null }) {
    this.target = { x, z, yaw };
    this.onMove();
  }

  pointerDown(event) {
    this.touched = true;
    this.drag = { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY, id: event.pointerId };
    this.element.setPointerCapture?.(event.pointerId);
  }

  pointerMove(event) {
    if (!this.drag || this.drag.id !== event.pointerId) return;
    this.yaw += (event.clientX - this.drag.x) * DRAG_TURN;
    this.pitch = Math.max(-1.2, Math.min(1.2, this.pitch + (event.clientY - this.drag.y) * DRAG_TURN));
    this.drag.x = event.clientX;
    this.drag.y = event.clientY;
    this.target = null;
    this.apply();
    this.onMove();
  }

  pointerUp(event) {
    const drag = this.drag;
    this.drag = null;
    if (drag && Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) <= TAP_SLOP) this.onTap(event);
  }

  keyDown(event) {
    const key = event.key.toLowerCase();
    if (["arrowup", "arrowdown", "arrowleft", "arrowright", "w", "a", "s", "d"].includes(key)) {
      event.preventDefault(); // arrows walk instead of scrolling the page while the hall has focus
      this.keys.add(key);
      this.touched = true;
      this.target = null;
      this.onMove();
    }
  }

  /** Moves the camera by what the keys held and a tapped destination ask; true while it is still moving. */
  update(seconds) {
    const step = WALK_SPEED * seconds;
    if (this.keys.has("arrowleft") || this.keys.has("a")) this.yaw += TURN_SPEED * seconds;
    if (this.keys.has("arrowright") || this.keys.has("d")) this.yaw -= TURN_SPEED * seconds;
    _forward.set(-Math.sin(this.yaw), 0, -Math.cos(this.yaw));
    const position = this.camera.position;
    if (this.keys.has("arrowup") || this.keys.has("w")) position.addScaledVector(_forward, step);
    if (this.keys.has("arrowdown") || this.keys.has("s")) position.addScaledVector(_forward, -step);
    if (this.target) {
      _right.set(this.target.x - position.x, 0, this.target.z - position.z);
      const distance = _right.length();
      if (distance <= step) {
        position.x = this.target.x;
        position.z = this.target.z;
        if (this.target.yaw !== null) this.yaw = this.target.yaw;
        this.target = null;
      } else {
        position.addScaledVector(_right.normalize(), Math.max(step, distance * 4 * seconds));
        if (this.target.yaw !== null) {
          const turn = Math.atan2(Math.sin(this.target.yaw - this.yaw), Math.cos(this.target.yaw - this.yaw));
          this.yaw += turn * Math.min(1, 4 * seconds);
        }
      }
    }
    position.x = Math.max(this.bounds.minX, Math.min(this.bounds.maxX, position.x));
    position.z = Math.max(this.bounds.minZ, Math.min(this.bounds.maxZ, position.z));
    this.apply();
    return this.keys.size > 0 || this.target !== null;
  }

  apply() {
    this.camera.rotation.set(this.pitch, this.yaw, 0);
  }

  /** The direction the visitor is looking along the floor. */
  facing(target) {
    return target.set(-Math.sin(this.yaw), 0, -Math.cos(this.yaw));
  }
}
