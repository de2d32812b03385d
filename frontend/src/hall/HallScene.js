import {
  Box3, Color, DirectionalLight, HemisphereLight, LoadingManager, Mesh, MeshBasicMaterial,
  MeshStandardMaterial, PerspectiveCamera, PlaneGeometry, Raycaster, Scene, SphereGeometry, SRGBColorSpace, TextureLoader, Vector2,
  Vector3,
} from "three";
import { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";

import { RenderLoop } from "../ui/RenderLoop.js";
import { createRenderer } from "../ui/renderer.js";
import { BoothStand, StandBodies } from "./BoothStand.js";
import { SCREEN_WITHIN, StandScreen } from "./LiveScreens.js";
import { Walker } from "./Walker.js";

const ENTER_DISTANCE = 9; // metres: Enter goes into the booth ahead when it is this close
const NEAR_BOOTHS = 12; // booths shown in detail (sign, cover, product): the nearest ones; the others show their body
const SKY_RADIUS = 250; // metres: the panorama's sphere, inside the camera's far plane (300)
const NEAR_AGAIN = 1.5; // metres walked before the nearest booths are worked out again
const _pointer = new Vector2();
const _vector = new Vector3();
const _facing = new Vector3();
const _seen = new Vector3();

/** The walkable 3D hall: theme, booths where the organizer placed them, and a visitor who walks.
 * Drawn on demand (RenderLoop): while the visitor walks or turns, and once after anything else changes. */
export class HallScene {
  constructor({ stage, data, status, tooltip, onEnter, start = null }) {
    this.stage = stage;
    this.start = start; // where the visitor stood when they last left this hall (restored after Back)
    this.data = data;
    this.status = status;
    this.tooltip = tooltip;
    this.onEnter = onEnter;
    this.stands = new Map();
    this.live = new Map(); // booth slug -> its live stream (the hall socket's `hall.live`)
    this.screen = null; // the one live stream playing on a stand (StandScreen), the nearest live booth's
    this.pickables = [];
    this.raycaster = new Raycaster();
    // Every texture or model that arrives (signs' covers, the panorama, products) is drawn in the next frame.
    this.loading = new LoadingManager();
    this.pending = 0; // textures and models on their way
    const { itemStart, itemEnd } = this.loading;
    this.loading.itemStart = (url) => { this.pending += 1; itemStart(url); };
    this.loading.itemEnd = (url) => { this.pending -= 1; itemEnd(url); this.redraw(); };
    this.textureLoader = new TextureLoader(this.loading);
    this.modelLoader = new GLTFLoader(this.loading);
    this.frames = 0;
    this.onResize = () => this.resize();
    this.onHover = (event) => this.hover(event);
    this.onLeave = () => { this.tooltip.hidden = true; };
    this.onKey = (event) => this.key(event);
  }

  connect() {
    const renderer = createRenderer({ label: this.stage.dataset.label ?? "", role: "application" });
    this.renderer = renderer;
    const canvas = renderer.domElement;
    this.stage.prepend(canvas);

    const { hall, booths } = this.data;
    this.scene = new Scene();
    this.scene.background = new Color(hall.floor).lerp(new Color("#ffffff"), 0.6);
    this.camera = new PerspectiveCamera(62, 1, 0.1, 300);
    this.scene.add(new HemisphereLight("#fff8ec", hall.floor, 1.6));
    const sun = new DirectionalLight("#ffffff", 1.6);
    sun.position.set(8, 14, 6);
    this.scene.add(sun);
    if (hall.environment) {
      this.textureLoader.load(hall.environment, (texture) => {
        texture.colorSpace = SRGBColorSpace;
        // The panorama on a sphere around the visitor (it follows them, so it stays at the horizon). As
        // scene.background three.js would first turn it into a cube map, a shader and six draws of their own that
        // stalled the first frame (about a second of a slow phone's main thread); as scene.environment, a PMREM
        // pass on top. Mirrored and turned half round, the sphere shows the panorama as that cube map did.
        const geometry = new SphereGeometry(SKY_RADIUS, 48, 24).scale(-1, 1, 1);
        this.sky = new Mesh(geometry, new MeshBasicMaterial({ map: texture, depthWrite: false }));
        this.sky.name = "sky";
        this.sky.rotation.y = Math.PI;
        this.sky.renderOrder = -1; // drawn first, behind everything
        this.sky.position.copy(this.camera.position);
        this.scene.add(this.sky);
      });
    }

    // The floor as the organizer sized it (centred on the hall's origin, as in the studio's floor plan), grown to
    // hold every booth with room to walk in front of it, with a margin around it; visitors walk anywhere on it.
    const { width, depth } = hall;
    const xs = booths.map((booth) => booth.x);
    const zs = booths.map((booth) => booth.z);
    const bounds = {
      minX: Math.min(-width / 2, ...xs.map((x) => x - 6)), maxX: Math.max(width / 2, ...xs.map((x) => x + 6)),
      minZ: Math.min(-depth / 2, ...zs.map((z) => z - 6)), maxZ: Math.max(depth / 2, ...zs.map((z) => z + 6)),
    };
    const floor = new Mesh(new PlaneGeometry(bounds.maxX - bounds.minX + 20, bounds.maxZ - bounds.minZ + 20),
      new MeshStandardMaterial({ color: hall.floor, roughness: 0.95 }));
    floor.position.set((bounds.minX + bounds.maxX) / 2, 0, (bounds.minZ + bounds.maxZ) / 2);
    floor.rotation.x = -Math.PI / 2;
    floor.name = "floor";
    this.floor = floor;
    this.scene.add(floor);

    this.bodies = new StandBodies({ booths, theme: hall });
    this.scene.add(...this.bodies.meshes);
    this.pickables.push(...this.bodies.meshes);
    booths.forEach((booth, index) => {
      const stand = new BoothStand({ booth, theme: hall, textureLoader: this.textureLoader, bodies: this.bodies, index });
      this.scene.add(stand.build());
      this.stands.set(booth.slug, stand);
      this.pickables.push(stand.group);
    });

    this.walker = new Walker({ camera: this.camera, element: canvas, bounds, onTap: (event) => this.tap(event),
      onMove: () => this.redraw() });
    this.walker.connect();
    this.walker.place(this.start ?? this.entrance());

    canvas.addEventListener("pointermove", this.onHover);
    canvas.addEventListener("pointerleave", this.onLeave);
    canvas.addEventListener("keydown", this.onKey);
    window.addEventListener("resize", this.onResize);
    this.ready = new Promise((resolve) => { this.resolveReady = resolve; });
    this.loop = new RenderLoop({ element: canvas, renderer, frame: (seconds) => this.frame(seconds) });
    this.resize();
    this.nearAgain();
    return this;
  }

  /** Where a visitor first stands: at the entrance in front of the booths, looking in; in a ring, in its middle
   * facing the first booth (whose front faces the middle). */
  entrance() {
    const { hall, booths } = this.data;
    const xs = booths.map((booth) => booth.x);
    const zs = booths.map((booth) => booth.z);
    const centreX = (Math.min(...xs, 0) + Math.max(...xs, 0)) / 2;
    const centreZ = (Math.min(...zs, 0) + Math.max(...zs, 0)) / 2;
    if (hall.layout !== "ring" || !booths.length) return { x: centreX, z: Math.max(...zs, 0) + 10, yaw: 0 };
    const first = booths[0];
    // The camera looks along (-sin yaw, -cos yaw): turn it towards the first booth.
    return { x: centreX, z: centreZ, yaw: Math.atan2(-(first.x - centreX), -(first.z - centreZ)) };
  }

  /** Where the visitor stands and looks now (kept when they go into a booth, restored when they come back). */
  pose() {
    return { x: this.camera.position.x, z: this.camera.position.z, yaw: this.walker.yaw, pitch: this.walker.pitch };
  }

  /** Works out which booths are near the visitor: those show their detail and get their product, nearest first;
   * booths left behind give their sign, cover and product back. */
  nearAgain() {
    const { x, z } = this.camera.getWorldPosition(_seen); // in VR the rig moves the camera's parent
    this.nearFrom = { x, z };
    const byDistance = [...this.stands.values()].sort((a, b) =>
      Math.hypot(a.booth.x - x, a.booth.z - z) - Math.hypot(b.booth.x - x, b.booth.z - z));
    byDistance.forEach((stand, rank) => {
      const near = rank < NEAR_BOOTHS;
      stand.setNear(near);
      if (!near) stand.dropProduct();
    });
    this.nearest = byDistance.slice(0, NEAR_BOOTHS);
    this.chooseScreen();
    this.loadModels();
    this.redraw();
  }

  async loadModels() {
    // One at a time, nearest first: the hall is usable at once and phones are not flooded.
    if (this.loadingModels) return;
    this.loadingModels = true;
    this.modelsLoaded = false;
    for (;;) {
      const stand = this.nearest.find((each) => each.near && each.booth.model && !each.productSlot.children.length && !each.modelFailed);
      if (!stand) break;
      try {
        const gltf = await this.modelLoader.loadAsync(stand.booth.model);
        if (stand.near && !stand.productSlot.children.length) stand.showProduct(gltf.scene, new Box3().setFromObject(gltf.scene));
        this.redraw();
      } catch (error) {
        stand.modelFailed = true;
        console.warn(`Model of ${stand.booth.slug} not shown:`, error.message ?? error);
      }
    }
    this.loadingModels = false;
    this.modelsLoaded = true;
  }

  /** The booth a ray hit: a stand's detail names it, an instanced body by its instance. */
  boothOf(hit) {
    if (!hit) return null;
    return hit.object.userData.booth ?? hit.object.userData.booths?.[hit.instanceId] ?? null;
  }

  /** Nothing loads and nothing moves: the hall draws no frame until the visitor (or the fair) changes something. */
  settled() {
    return Boolean(this.modelsLoaded) && this.pending === 0 && !this.loop.running;
  }

  /** Draws one frame; true while something is still moving (the visitor walking, turning, the first frames). */
  frame(seconds) {
    // In VR (xr.js, loaded on demand) the headset moves the camera; on the page the walker does.
    let moving = false;
    if (this.xr) this.xr.update(seconds);
    else moving = this.walker.update(seconds);
    const { x, z } = this.camera.getWorldPosition(_seen);
    this.sky?.position.copy(_seen);
    if (Math.hypot(x - this.nearFrom.x, z - this.nearFrom.z) > NEAR_AGAIN) this.nearAgain();
    this.renderer.render(this.activeScene ?? this.scene, this.camera);
    this.frames += 1;
    if (this.frames === 2) {
      this.status.hide();
      this.resolveReady();
    }
    return moving || this.frames < 2;
  }

  /** Something in the hall changed: draw it (one frame, more while it moves). */
  redraw() {
    this.loop?.request();
  }

  resize() {
    const width = this.stage.clientWidth || 320;
    const fullscreen = this.stage.closest(".is-fullscreen, :fullscreen");
    const height = fullscreen ? this.stage.clientHeight || window.innerHeight
      : Math.max(240, Math.min(Math.round(width * 0.62), window.innerHeight * 0.7));
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.redraw();
  }

  pick(event) {
    const rect = this.renderer.domElement.getBoundingClientRect();
    _pointer.set(((event.clientX - rect.left) / rect.width) * 2 - 1, -((event.clientY - rect.top) / rect.height) * 2 + 1);
    this.raycaster.setFromCamera(_pointer, this.camera);
    const [hit] = this.raycaster.intersectObjects([...this.pickables, this.floor], true);
    return hit ?? null;
  }

  tap(event) {
    const hit = this.pick(event);
    if (!hit) return;
    if (hit.object.userData.liveScreen && this.screen) {
      this.screen.toggleSound(); // the live screen: sound on or off; the rest of the stand goes into the booth
      return;
    }
    const booth = this.boothOf(hit);
    if (booth) this.onEnter(booth);
    else this.walker.goTo({ x: hit.point.x, z: hit.point.z });
  }

  hover(event) {
    if (event.buttons) return;
    const booth = this.boothOf(this.pick(event));
    this.renderer.domElement.style.cursor = booth ? "pointer" : "grab";
    if (!booth) {
      this.tooltip.hidden = true;
      return;
    }
    const rect = this.stage.getBoundingClientRect();
    this.tooltip.textContent = `${booth.title} · ${booth.producer}`;
    this.tooltip.style.left = `${event.clientX - rect.left + 12}px`;
    this.tooltip.style.top = `${event.clientY - rect.top + 12}px`;
    this.tooltip.hidden = false;
  }

  key(event) {
    if (event.key !== "Enter") return;
    const ahead = this.boothAhead();
    if (ahead) {
      event.preventDefault();
      this.onEnter(ahead.booth);
    }
  }

  /** The nearest booth in front of the visitor, within a few steps. */
  boothAhead() {
    this.walker.facing(_facing);
    let best = null;
    for (const stand of this.stands.values()) {
      _vector.set(stand.booth.x - this.camera.position.x, 0, stand.booth.z - this.camera.position.z);
      const distance = _vector.length();
      if (distance > ENTER_DISTANCE || _vector.normalize().dot(_facing) < 0.7) continue;
      if (!best || distance < best.distance) best = { booth: stand.booth, distance };
    }
    return best;
  }

  /** Walks the visitor to stand in front of a booth (from the list of booths). */
  flyTo(slug) {
    const stand = this.stands.get(slug);
    if (!stand) return;
    this.walker.goTo(stand.viewpoint());
    this.renderer.domElement.focus({ preventScroll: true });
    this.renderer.domElement.scrollIntoView({ block: "nearest" });
  }

  /** Walks the visitor to a booth and lights it up (a search result's "show in the 3D hall"). */
  showBooth(slug) {
    const stand = this.stands.get(slug);
    if (!stand) return false;
    this.flyTo(slug);
    stand.light(this.data.hall.accent);
    this.highlighted = slug;
    this.redraw();
    return true;
  }

  /** Which booths are live now (`hall.live`, all of them): their "LIVE" marks, and the nearest one's screen. Draws
   * only when something changed (the list comes again with every presence snapshot). */
  setLive(list) {
    const live = new Map(list.map(({ booth, stream }) => [booth, stream]));
    if (live.size === this.live.size && [...live].every(([slug, stream]) => this.live.get(slug) === stream)) return;
    this.live = live;
    for (const [slug, stand] of this.stands) stand.setLive(live.has(slug));
    this.chooseScreen();
    this.redraw();
  }

  /** One screen at most (a phone must not take many streams): the nearest live booth within SCREEN_WITHIN metres.
   * Another booth, another stream or none: the screen there goes away (its subscription and socket closed). */
  chooseScreen() {
    if (!this.camera) return;
    const { x, z } = this.camera.getWorldPosition(_seen);
    let best = null;
    for (const [slug, stream] of this.live) {
      const stand = this.stands.get(slug);
      const distance = stand ? Math.hypot(stand.booth.x - x, stand.booth.z - z) : Infinity;
      if (distance <= SCREEN_WITHIN && (!best || distance < best.distance)) best = { stand, stream, distance };
    }
    if (this.screen && (this.screen.booth !== best?.stand.booth.slug || this.screen.stream !== best?.stream)) {
      this.screen.dispose();
      this.screen = null;
      this.redraw();
    }
    if (best && !this.screen) {
      this.screen = new StandScreen({ stand: best.stand, stream: best.stream, camera: this.camera, redraw: () => this.redraw(),
        onEnded: (slug) => { // the booth socket said it ended before the hall socket did
          this.live.delete(slug);
          this.stands.get(slug)?.setLive(false);
          this.chooseScreen();
        } });
    }
  }

  /** The live screens and what they decoded (the tests' hook). */
  async liveScreens() {
    return this.screen ? [await this.screen.stats()] : [];
  }

  setPresence(slug, presence) {
    this.stands.get(slug)?.setPresence(presence);
    this.redraw();
  }

  /** A new floor plan, live: the booths move where the organizer put them. */
  relayout(spots) {
    for (const spot of spots) this.stands.get(spot.slug)?.place(spot);
    this.nearAgain();
  }

  /** Where a booth's counter appears on screen, in page pixels (for tests and tooltips). */
  screenPosition(slug) {
    const stand = this.stands.get(slug);
    if (!stand) return null;
    stand.group.localToWorld(_vector.set(0, 1.3, 0.7));
    _vector.project(this.camera);
    const rect = this.renderer.domElement.getBoundingClientRect();
    return {
      x: rect.left + ((_vector.x + 1) / 2) * rect.width,
      y: rect.top + ((1 - _vector.y) / 2) * rect.height,
      visible: _vector.z < 1 && Math.abs(_vector.x) <= 1 && Math.abs(_vector.y) <= 1,
    };
  }

  dispose() {
    this.screen?.dispose();
    this.loop.dispose();
    this.walker.dispose();
    window.removeEventListener("resize", this.onResize);
    for (const stand of this.stands.values()) stand.dispose();
    this.bodies.dispose();
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }
}
