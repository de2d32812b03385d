import { Group, Mesh, MeshBasicMaterial, PlaneGeometry } from "three";

import { LabelTexture } from "../ui/LabelTexture.js";

const PIXELS_PER_METRE = 800; // 48 px text is 6 cm tall: legible at 1.5 m in a headset

function wrap(context, text, width) {
  const lines = [];
  for (const paragraph of String(text ?? "").split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (context.measureText(next).width > width && line) {
        lines.push(line);
        line = word;
      } else {
        line = next;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** A flat panel of text drawn on a canvas: a title, lines, and buttons (each a pickable mesh). */
export class Panel {
  constructor({ width = 0.9, height = 0.6, name = "panel" } = {}) {
    this.width = width;
    this.height = height;
    this.label = new LabelTexture(width * PIXELS_PER_METRE, height * PIXELS_PER_METRE);
    this.group = new Group();
    this.group.name = name;
    this.surface = new Mesh(new PlaneGeometry(width, height), new MeshBasicMaterial({ map: this.label.texture, transparent: true }));
    this.group.add(this.surface);
    this.buttons = [];
    this.text = "";
  }

  /** Draw a title and body; buttons: [{ action, label }] become a row of pickable buttons below. */
  show({ title = "", body = "", buttons = [] }) {
    this.label.draw((context, width, height) => {
      context.fillStyle = "rgba(255, 250, 240, 0.94)";
      context.beginPath();
      context.roundRect(0, 0, width, height, 36);
      context.fill();
      context.fillStyle = "#1d1d1b";
      context.font = "bold 52px sans-serif";
      let y = 76;
      for (const line of wrap(context, title, width - 80).slice(0, 2)) {
        context.fillText(line, 40, y);
        y += 62;
      }
      context.font = "40px sans-serif";
      const bottom = height - (buttons.length ? 150 : 30);
      for (const line of wrap(context, body, width - 80)) {
        if (y > bottom) break;
        context.fillText(line, 40, y);
        y += 50;
      }
    });
    this.text = [title, body].join("\n");
    for (const button of this.buttons) {
      button.geometry.dispose();
      button.material.map?.dispose();
      button.material.dispose();
      this.group.remove(button);
    }
    const gap = 0.03;
    const buttonWidth = buttons.length ? (this.width - gap * (buttons.length + 1)) / buttons.length : 0;
    this.buttons = buttons.map(({ action, label: text }, index) => {
      const map = LabelTexture.pill(text, { width: 512, height: 128, radius: 28, background: "#8a4b12", color: "#ffffff",
        font: "bold 46px sans-serif", margin: 16 });
      const mesh = new Mesh(new PlaneGeometry(buttonWidth, 0.12), new MeshBasicMaterial({ map }));
      mesh.position.set(-this.width / 2 + gap + buttonWidth / 2 + index * (buttonWidth + gap), -this.height / 2 + 0.1, 0.005);
      mesh.userData.action = action;
      mesh.userData.label = text;
      this.group.add(mesh);
      return mesh;
    });
    this.group.visible = true;
    return this;
  }

  hide() {
    this.group.visible = false;
  }

  dispose() {
    this.show({});
    this.label.dispose();
    this.surface.geometry.dispose();
    this.surface.material.dispose();
  }
}
