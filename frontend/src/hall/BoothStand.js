import {
  Box3, BoxGeometry, Color, Group, InstancedMesh, Mesh, MeshStandardMaterial, PlaneGeometry, SRGBColorSpace,
  Sprite, SpriteMaterial,
} from "three";
import { mergeGeometries } from "three/addons/utils/BufferGeometryUtils.js";

import { LabelTexture } from "../ui/LabelTexture.js";

const WIDTH = 4; // metres: a standard fair booth
const DEPTH = 3;
const WALL_HEIGHT = 2.6;
const PRODUCT_HEIGHT = 0.55; // featured products are scaled to this height on the counter…
const PRODUCT_WIDTH = 0.9; // …or narrower: a flat chocolate bar must not span the booth's 2.4 m counter…
const PRODUCT_DEPTH = 0.5; // …and stay on the 0.6 m deep counter

/** The booth's sign: its name, producer and OCOP stars over a bar in the hall's accent colour. */
function signTexture({ title, subtitle, stars, accent }) {
  return new LabelTexture(1024, 160).draw((g, width, height) => {
    g.fillStyle = "#fffaf0";
    g.fillRect(0, 0, width, height);
    g.fillStyle = accent;
    g.fillRect(0, height - 14, width, 14);
    g.fillStyle = "#2a2118";
    g.font = "bold 58px system-ui, 'Noto Sans', sans-serif";
    g.textBaseline = "top";
    g.fillText(title, 28, 16, width - 260);
    g.font = "34px system-ui, 'Noto Sans', sans-serif";
    g.fillStyle = "#6a5a48";
    g.fillText(subtitle, 28, 88, width - 260);
    g.fillStyle = "#b07a00";
    g.font = "48px system-ui, 'Noto Sans', sans-serif";
    g.textAlign = "right";
    g.fillText("★".repeat(stars), width - 28, 48);
  });
}

function part(geometry, x, y, z) {
  return geometry.translate(x, y, z);
}

/** The booths' bodies (platform, walls and sign board, counter) for a whole hall: three instanced meshes, so a hall
 * of 100 booths costs the same three draw calls as a hall of 4. Instance `i` is booth `i`; the material colours are
 * white and each instance carries its colour (the hall's theme, or lit up when a search shows the booth). */
export class StandBodies {
  constructor({ booths, theme }) {
    const count = Math.max(booths.length, 1);
    const walls = mergeGeometries([
      part(new BoxGeometry(WIDTH, WALL_HEIGHT, 0.1), 0, WALL_HEIGHT / 2, -DEPTH / 2 + 0.05),
      part(new BoxGeometry(WIDTH, 0.66, 0.08), 0, WALL_HEIGHT + 0.32, -DEPTH / 2 + 0.05),
      ...[-1, 1].map((side) => part(new BoxGeometry(0.08, 1.4, DEPTH * 0.6), side * (WIDTH / 2 - 0.04), 0.7, -DEPTH / 2 + DEPTH * 0.3)),
    ]);
    this.theme = theme;
    this.booths = booths;
    this.meshes = [
      [part(new BoxGeometry(WIDTH, 0.08, DEPTH), 0, 0.04, 0), "#8a7a64", 0.9],
      [walls, theme.primary, 0.8],
      [part(new BoxGeometry(2.4, 1.0, 0.6), 0, 0.5, 0.7), theme.accent, 0.6],
    ].map(([geometry, colour, roughness]) => {
      const mesh = new InstancedMesh(geometry, new MeshStandardMaterial({ color: "#ffffff", roughness }), count);
      mesh.count = booths.length;
      mesh.userData.booths = booths; // a ray's instanceId names the booth it hit
      mesh.userData.colour = new Color(colour);
      for (let index = 0; index < booths.length; index += 1) mesh.setColorAt(index, mesh.userData.colour);
      return mesh;
    });
  }

  place(index, matrix) {
    for (const mesh of this.meshes) {
      mesh.setMatrixAt(index, matrix);
      mesh.instanceMatrix.needsUpdate = true;
      mesh.computeBoundingSphere(); // rays and frustum culling see where the booths stand now
    }
  }

  light(index, accent) {
    for (const mesh of this.meshes) {
      mesh.setColorAt(index, mesh.userData.colour.clone().lerp(new Color(accent), 0.35));
      mesh.instanceColor.needsUpdate = true;
    }
  }

  dispose() {
    for (const mesh of this.meshes) {
      mesh.geometry.dispose();
      mesh.material.dispose();
      mesh.dispose();
    }
  }
}

/** One booth in the 3D hall: its body (drawn by StandBodies, instance `index`), and, while it is among the booths
 * nearest the visitor, its detail: sign, cover on the back wall, featured product, presence badge. Far booths show
 * their body only, which keeps what a frame draws bounded however big the hall is. */
export class BoothStand {
  constructor({ booth, theme, textureLoader, bodies, index }) {
    this.booth = booth;
    this.theme = theme;
    this.textureLoader = textureLoader;
    this.bodies = bodies;
    this.index = index;
    this.group = new Group();
    this.group.name = `booth:${booth.slug}`;
    this.group.userData.booth = booth;
    this.productSlot = new Group();
    this.productSlot.position.set(0, 1.0, 0.7);
    this.group.add(this.productSlot);
    this.detail = null; // the sign and cover, while near
    this.badge = null;
    this.presence = { visitors: 0, producerOnline: false };
  }

  build() {
    this.place(this.booth);
    return this.group;
  }

  /** Shows or drops the booth's detail (sign, cover, product, badge) as the visitor comes near or goes away. */
  setNear(near) {
    if (near === Boolean(this.detail)) return;
    if (!near) {
      this.disposeDetail();
      return;
    }
    const { booth, theme } = this;
    const sign = new Mesh(new PlaneGeometry(WIDTH, 0.625), new MeshStandardMaterial({
      map: signTexture({ title: booth.title, subtitle: booth.on || booth.tagline || booth.producer, stars: booth.stars, accent: theme.accent }),
      roughness: 0.9,
    }));
    sign.position.set(0, WALL_HEIGHT + 0.32, -DEPTH / 2 + 0.11);
    this.detail = new Group();
    this.detail.add(sign);
    if (booth.cover) {
      const coverMaterial = new MeshStandardMaterial({ color: "#ffffff", roughness: 0.9 });
      const cover = new Mesh(new PlaneGeometry(3.2, 1.8), coverMaterial);
      cover.position.set(0, 1.55, -DEPTH / 2 + 0.11);
      this.textureLoader.load(booth.cover, (texture) => {
        texture.colorSpace = SRGBColorSpace;
        if (coverMaterial.userData.disposed) {
          texture.dispose();
          return;
        }
        coverMaterial.map = texture;
        coverMaterial.needsUpdate = true;
      });
      this.detail.add(cover);
    }
    this.group.add(this.detail);
    this.productSlot.visible = true;
    if (this.badge) this.badge.visible = this.presence.visitors > 0 || this.presence.producerOnline;
    this.tagBooth(this.detail);
    if (this.lit) this.light(this.lit);
  }

  get near() {
    return Boolean(this.detail);
  }

  tagBooth(object) {
    object.traverse((child) => {
      child.userData.booth = this.booth;
    });
  }

  disposeDetail() {
    this.detail.traverse((object) => {
      object.geometry?.dispose();
      if (object.material) {
        object.material.userData.disposed = true;
        object.material.map?.dispose();
        object.material.dispose();
      }
    });
    this.group.remove(this.detail);
    this.detail = null;
    this.productSlot.visible = false;
    if (this.badge) this.badge.visible = false;
  }

  /** Lights the booth up in the hall's accent colour (a search result's "show in the 3D hall"). */
  light(accent) {
    this.lit = accent;
    this.bodies.light(this.index, accent);
    this.group.traverse((object) => {
      if (object.isMesh && object.material?.emissive && !object.material.userData.lit) {
        object.material = object.material.clone(); // a product's materials may be shared with its other meshes
        object.material.userData.lit = true;
        object.material.emissive.set(accent);
        object.material.emissiveIntensity = 0.35;
      }
    });
  }

  /** Puts a loaded product model on the counter, scaled to fit it (height, width and depth) and centred on it. */
  showProduct(model, box) {
    const scale = Math.min(
      PRODUCT_HEIGHT / Math.max(box.max.y - box.min.y, 0.01),
      PRODUCT_WIDTH / Math.max(box.max.x - box.min.x, 0.01),
      PRODUCT_DEPTH / Math.max(box.max.z - box.min.z, 0.01),
    );
    model.scale.setScalar(scale);
    model.position.set(-((box.min.x + box.max.x) / 2) * scale, -box.min.y * scale, -((box.min.z + box.max.z) / 2) * scale);
    this.tagBooth(model);
    this.productSlot.add(model);
    if (this.lit) this.light(this.lit);
  }

  /** Takes the product off the counter (the visitor went far away): its memory is given back. */
  dropProduct() {
    for (const model of [...this.productSlot.children]) {
      this.productSlot.remove(model);
      model.traverse((object) => {
        object.geometry?.dispose();
        for (const material of [object.material].flat().filter(Boolean)) {
          for (const value of Object.values(material)) if (value?.isTexture) value.dispose();
          material.dispose();
        }
      });
    }
  }

  /** Stands where the floor plan puts it (on building, and live when an organizer saves a new plan). */
  place({ x, z, rotation }) {
    Object.assign(this.booth, { x, z, rotation });
    this.group.position.set(x, 0, z);
    this.group.rotation.y = (rotation * Math.PI) / 180;
    this.group.updateMatrix();
    this.bodies.place(this.index, this.group.matrix);
  }

  /** Live presence (fed by the realtime socket): visitors here and whether the producer is online. */
  setPresence({ visitors = 0, producerOnline = false, text }) {
    this.presence = { visitors, producerOnline };
    if (!this.badge) {
      this.badge = new Sprite(new SpriteMaterial({ transparent: true }));
      this.badge.scale.set(1.2, 0.3, 1);
      this.badge.position.set(0, WALL_HEIGHT + 0.95, -DEPTH / 2 + 0.2);
      this.group.add(this.badge);
    }
    this.badge.material.map?.dispose();
    this.badge.material.map = LabelTexture.pill(text ?? `${producerOnline ? "● " : ""}${visitors}`, {
      width: 256, height: 64, radius: 32, background: "rgba(20, 90, 40, 0.9)", color: "#fff", font: "bold 34px system-ui, sans-serif", margin: 8,
    });
    this.badge.material.needsUpdate = true;
    this.badge.visible = this.near && (visitors > 0 || producerOnline);
  }

  /** The booth is live (or no longer): a red "LIVE" marker over its stand, seen from afar too. */
  setLive(live) {
    if (live && !this.liveMark) {
      this.liveMark = new Sprite(new SpriteMaterial({ transparent: true, map: LabelTexture.pill("● LIVE", {
        width: 192, height: 64, radius: 32, background: "rgba(200, 20, 30, 0.95)", color: "#fff", font: "bold 36px system-ui, sans-serif", margin: 8,
      }) }));
      this.liveMark.name = "live-mark";
      this.liveMark.scale.set(0.9, 0.3, 1);
      this.liveMark.position.set(0, WALL_HEIGHT + 1.3, -DEPTH / 2 + 0.2);
      this.group.add(this.liveMark);
    }
    if (this.liveMark) this.liveMark.visible = live;
  }

  get live() {
    return Boolean(this.liveMark?.visible);
  }

  /** The live stream's screen (hall/LiveScreens.js) on the back wall, over the cover, above the counter's product. */
  showScreen(mesh) {
    mesh.position.set(0, 1.85, -DEPTH / 2 + 0.16);
    this.group.add(mesh);
  }

  removeScreen(mesh) {
    this.group.remove(mesh);
  }

  /** Where a visitor stands to look at this booth: 4.5 m in front of it, eyes at 1.6 m. */
  viewpoint() {
    const angle = (this.booth.rotation * Math.PI) / 180;
    return {
      x: this.booth.x + Math.sin(angle) * 4.5,
      z: this.booth.z + Math.cos(angle) * 4.5,
      yaw: angle, // the camera looks along (-sin yaw, -cos yaw): back at the booth
    };
  }

  /** The product on the counter's size in metres (what the tests check fits the counter). */
  productSize() {
    const model = this.productSlot.children[0];
    if (!model) return null;
    const box = new Box3().setFromObject(model);
    return { x: box.max.x - box.min.x, y: box.max.y - box.min.y, z: box.max.z - box.min.z };
  }

  dispose() {
    if (this.detail) this.disposeDetail();
    this.dropProduct();
    for (const sprite of [this.badge, this.liveMark].filter(Boolean)) {
      sprite.material.map?.dispose();
      sprite.material.dispose();
    }
  }
}
