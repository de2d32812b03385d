import { Box3, BoxGeometry, Group, Mesh, MeshStandardMaterial, PlaneGeometry, SRGBColorSpace, Sprite, SpriteMaterial } from "three";

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

/** One booth in the 3D hall: platform, back wall with the cover, counter, sign, featured product. */
export class BoothStand {
  constructor({ booth, theme, textureLoader }) {
    this.booth = booth;
    this.theme = theme;
    this.textureLoader = textureLoader;
    this.group = new Group();
    this.group.name = `booth:${booth.slug}`;
    this.group.userData.booth = booth;
    this.productSlot = new Group();
    this.badge = null;
  }

  build() {
    const { booth, theme } = this;
    const wallMaterial = new MeshStandardMaterial({ color: theme.primary, roughness: 0.8 });
    const platform = new Mesh(new BoxGeometry(WIDTH, 0.08, DEPTH), new MeshStandardMaterial({ color: "#8a7a64", roughness: 0.9 }));
    platform.position.y = 0.04;
    const wall = new Mesh(new BoxGeometry(WIDTH, WALL_HEIGHT, 0.1), wallMaterial);
    wall.position.set(0, WALL_HEIGHT / 2, -DEPTH / 2 + 0.05);
    const counter = new Mesh(new BoxGeometry(2.4, 1.0, 0.6), new MeshStandardMaterial({ color: theme.accent, roughness: 0.6 }));
    counter.position.set(0, 0.5, 0.7);
    const sign = new Mesh(new PlaneGeometry(WIDTH, 0.625), new MeshStandardMaterial({
      map: signTexture({ title: booth.title, subtitle: booth.on || booth.tagline || booth.producer, stars: booth.stars, accent: theme.accent }),
      roughness: 0.9,
    }));
    sign.position.set(0, WALL_HEIGHT + 0.32, -DEPTH / 2 + 0.11);
    const signBack = new Mesh(new BoxGeometry(WIDTH, 0.66, 0.08), wallMaterial);
    signBack.position.set(0, WALL_HEIGHT + 0.32, -DEPTH / 2 + 0.05);
    this.group.add(platform, wall, counter, signBack, sign);
    for (const side of [-1, 1]) {
      const panel = new Mesh(new BoxGeometry(0.08, 1.4, DEPTH * 0.6), wallMaterial);
      panel.position.set(side * (WIDTH / 2 - 0.04), 0.7, -DEPTH / 2 + DEPTH * 0.3);
      this.group.add(panel);
    }
    if (booth.cover) {
      const coverMaterial = new MeshStandardMaterial({ color: "#ffffff", roughness: 0.9 });
      const cover = new Mesh(new PlaneGeometry(3.2, 1.8), coverMaterial);
      cover.position.set(0, 1.55, -DEPTH / 2 + 0.11);
      this.textureLoader.load(booth.cover, (texture) => {
        texture.colorSpace = SRGBColorSpace;
        coverMaterial.map = texture;
        coverMaterial.needsUpdate = true;
      });
      this.group.add(cover);
    }
    this.productSlot.position.set(0, 1.0, 0.7);
    this.group.add(this.productSlot);
    this.place(booth);
    this.group.traverse((object) => {
      object.userData.booth = booth;
    });
    return this.group;
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
    model.traverse((object) => {
      object.userData.booth = this.booth;
    });
    this.productSlot.add(model);
  }

  /** Stands where the floor plan puts it (on building, and live when an organizer saves a new plan). */
  place({ x, z, rotation }) {
    Object.assign(this.booth, { x, z, rotation });
    this.group.position.set(x, 0, z);
    this.group.rotation.y = (rotation * Math.PI) / 180;
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
    this.badge.visible = visitors > 0 || producerOnline;
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
    this.group.traverse((object) => {
      object.geometry?.dispose();
      const material = object.material;
      if (material) {
        material.map?.dispose();
        material.dispose();
      }
    });
  }
}
