import { Vector3 } from "three";

import { format } from "../ui/labels.js";
import { ChatXR } from "./ChatXR.js";
import { Panel } from "./Panel.js";
import { Rig } from "./Rig.js";
import { TourXR } from "./TourXR.js";

const _point = new Vector3();

/** The hall in VR: a mode of the page's HallScene (same scene, booths and models). Point at a booth to
 * see who it is; select to go there (a short fade, no gliding); grab the product on its counter; read
 * its story; open the booth's process tour or chat without leaving the headset. */
export class HallXR {
  constructor({ hall, session, labels, targetPoint }) {
    this.targetPoint = targetPoint;
    this.hall = hall;
    this.session = session;
    this.labels = labels;
    this.mode = "hall";
    this.booth = null;
    this.frames = 0;
    this.grabbed = null;
  }

  async start() {
    const { hall } = this;
    const renderer = hall.renderer;
    renderer.xr.enabled = true;
    renderer.xr.setReferenceSpaceType("local-floor");
    const { x, z } = hall.camera.position;
    const yaw = hall.walker.yaw;
    await renderer.xr.setSession(this.session);
    this.rig = new Rig({
      renderer, camera: hall.camera,
      onSelect: (hit) => this.select(hit), onSqueeze: (hit, controller) => this.grab(hit, controller),
      onRelease: (controller) => this.release(controller), onHover: (hit) => this.hover(hit),
    });
    this.rig.targets = () => this.targets();
    hall.camera.position.set(0, 0, 0);
    hall.camera.rotation.set(0, 0, 0);
    this.rig.enter(hall.scene);
    this.rig.dolly.position.set(x, 0, z);
    this.rig.dolly.rotation.y = yaw;
    hall.floor.userData.floor = true;
    this.label = new Panel({ width: 1.3, height: 0.42, name: "booth-label" });
    this.label.hide();
    hall.scene.add(this.label.group);
    this.panel = new Panel({ width: 1.0, height: 0.66, name: "booth-panel" });
    this.panel.hide();
    hall.scene.add(this.panel.group);
    hall.xr = this;
    this.session.addEventListener("end", () => this.stop());
    return this;
  }

  update(seconds) {
    this.frames += 1;
    this.rig.update(seconds);
  }

  targets() {
    if (this.mode === "tour") return this.tour.targets();
    const panelButtons = this.panel.group.visible ? this.panel.buttons : [];
    return [...panelButtons, ...this.hall.pickables, this.hall.floor];
  }

  stand(hit) {
    const booth = this.hall.boothOf(hit);
    return booth ? this.hall.stands.get(booth.slug) : null;
  }

  hover(hit) {
    if (this.mode !== "hall") return;
    const stand = this.stand(hit);
    if (!stand || stand === this.hoveredStand) {
      if (!stand) { this.label.hide(); this.hoveredStand = null; }
      return;
    }
    this.hoveredStand = stand;
    const { booth } = stand;
    const presence = stand.presence;
    const here = presence ? format(this.labels.vrPresence, { count: presence.visitors ?? 0 }) : "";
    const online = presence?.producerOnline ? this.labels.vrOnline : "";
    this.label.show({ title: booth.title, body: [booth.producer, "★".repeat(booth.stars), [here, online].filter(Boolean).join(" · ")].filter(Boolean).join("\n") });
    stand.group.localToWorld(this.label.group.position.set(0, 3.6, 0.8));
    this.label.group.lookAt(this.rig.head(_point));
  }

  async select(hit) {
    if (this.mode === "tour") {
      this.tour.select(hit);
      return;
    }
    const action = hit?.object.userData.action;
    if (action) return this.act(action);
    const stand = this.stand(hit);
    if (stand) return this.visit(stand);
    if (hit?.object.userData.floor) {
      this.panel.hide();
      this.booth = null;
      await this.rig.teleport({ x: hit.point.x, z: hit.point.z });
    }
    return undefined;
  }

  /** Go and stand in front of a booth, then show its panel: story of its featured product, tour, chat. */
  async visit(stand) {
    this.label.hide();
    await this.rig.teleport(stand.viewpoint());
    this.booth = stand.booth;
    this.details = null;
    this.showBoothPanel(stand);
    try {
      const response = await fetch(stand.booth.url + "vr.json", { headers: { Accept: "application/json" } });
      if (response.ok && this.booth === stand.booth) {
        this.details = await response.json();
        this.showBoothPanel(stand);
      }
    } catch { /* offline: the panel keeps what the hall knew */ }
  }

  showBoothPanel(stand) {
    const { booth } = stand;
    const product = this.details?.products?.[0];
    const buttons = [];
    if (this.details?.tour?.length) buttons.push({ action: "tour", label: this.labels.vrTour });
    buttons.push({ action: "chat", label: this.labels.vrChat });
    this.panel.show({
      title: `${booth.title} ${"★".repeat(booth.stars)}`,
      body: product ? `${product.name}\n${product.story}\n${this.labels.vrGrab}` : `${booth.producer}\n${booth.product}`,
      buttons,
    });
    // At arm's length, a little to the left of the booth, at reading height, facing the visitor:
    // nothing of the booth stands between the visitor and the panel's buttons.
    const head = this.rig.head(new Vector3());
    const yaw = this.rig.yaw();
    this.panel.group.position.set(head.x - Math.sin(yaw) * 1.2 - Math.cos(yaw) * 0.55, Math.max(1.1, head.y - 0.3),
      head.z - Math.cos(yaw) * 1.2 + Math.sin(yaw) * 0.55);
    this.panel.group.lookAt(head.x, this.panel.group.position.y, head.z);
  }

  act(action) {
    if (action === "tour") return this.openTour();
    if (action === "chat") {
      this.chat ??= new ChatXR({ slug: this.booth.slug, panel: this.panel, labels: this.labels });
      this.chat.render();
      return undefined;
    }
    if (action === "close-chat") {
      this.chat?.close();
      this.chat = null;
      return this.showBoothPanel(this.hall.stands.get(this.booth.slug));
    }
    return this.chat?.select(action);
  }

  openTour() {
    this.mode = "tour";
    this.panel.hide();
    this.tour = new TourXR({
      rig: this.rig, steps: this.details.tour, labels: this.labels, onExit: () => this.closeTour(),
    });
    this.tour.scene.background = null;
    this.rig.moveTo(this.tour.scene);
    this.hall.activeScene = this.tour.scene;
    this.tour.start(0);
  }

  closeTour() {
    this.rig.moveTo(this.hall.scene);
    this.hall.activeScene = null;
    this.tour.dispose();
    this.tour = null;
    this.mode = "hall";
    this.showBoothPanel(this.hall.stands.get(this.booth.slug));
  }

  /** Squeeze while pointing at a booth's product: it comes into the hand, to be turned and looked at. */
  grab(hit, controller) {
    const stand = this.stand(hit);
    if (!stand || !stand.productSlot.children.length || this.grabbed) return;
    const model = stand.productSlot.children[0];
    this.grabbed = { model, stand, controller, position: model.position.clone(), quaternion: model.quaternion.clone(), scale: model.scale.clone() };
    controller.attach(model);
    model.position.set(0, -0.05, -0.25);
  }

  release(controller) {
    const grabbed = this.grabbed;
    if (!grabbed || grabbed.controller !== controller) return;
    grabbed.stand.productSlot.add(grabbed.model);
    grabbed.model.position.copy(grabbed.position);
    grabbed.model.quaternion.copy(grabbed.quaternion);
    grabbed.model.scale.copy(grabbed.scale);
    this.grabbed = null;
  }

  /** What the visitor sees and where they are (the page's test hook reads it). */
  state() {
    const pose = this.rig ? this.pose() : this.hall.lastExit;
    return {
      presenting: this.hall.renderer.xr.isPresenting, frames: this.frames, mode: this.mode,
      booth: this.booth?.slug ?? null, ...pose, panel: this.panel.group.visible ? this.panel.text : "",
      label: this.label.group.visible ? this.label.text : "", tourStep: this.tour ? this.tour.index + 1 : null,
      tourPanel: this.tour?.panel.text ?? "", selects: this.rig?.selects ?? 0, moving: Boolean(this.rig?.fade), grabbed: Boolean(this.grabbed),
      chat: this.chat ? this.chat.messages.map((m) => m.text) : null,
    };
  }

  /** A point in the visitor's reference space to aim an emulated controller at (tests):
   * "booth:<slug>", "button:<action>", "hotspot:<n>", "floor:<x>,<z>". */
  target(spec) {
    const [kind, name] = spec.split(/:(.*)/s);
    if (this.tour) return this.targetPoint(this.rig, this.tour, spec);
    let point = null;
    if (kind === "booth") point = this.hall.stands.get(name)?.group.localToWorld(new Vector3(0, 1.3, 0.7));
    if (kind === "button") point = this.panel.buttons.find((b) => b.userData.action === name)?.getWorldPosition(new Vector3());
    if (kind === "floor") {
      const [x, z] = name.split(",").map(Number);
      point = new Vector3(x, 0, z);
    }
    return point ? this.rig.dolly.worldToLocal(point) : null;
  }

  /** Where the visitor is, as the 2D page keeps it: leaving VR puts the page's camera there. */
  pose() {
    const head = this.rig.head(new Vector3());
    return { x: head.x, z: head.z, yaw: this.rig.yaw() };
  }

  stop() {
    if (!this.rig) return;
    const { hall } = this;
    const pose = this.pose();
    if (this.tour) this.closeTour();
    if (this.grabbed) this.release(this.grabbed.controller);
    this.chat?.close();
    this.rig.dispose();
    this.rig = null;
    hall.scene.remove(this.label.group, this.panel.group);
    hall.xr = null;
    hall.walker.place(pose);
    hall.renderer.xr.enabled = false;
    hall.resize();
    hall.lastExit = pose;
  }
}
