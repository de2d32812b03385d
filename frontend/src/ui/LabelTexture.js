import { CanvasTexture, SRGBColorSpace } from "three";

/** Text drawn on a canvas, as a three.js texture: the booths' signs and presence badges in the hall, the
 * VR panels and their buttons. `draw` paints with the canvas's 2D context and has the texture uploaded
 * again, so one label can be redrawn (a VR panel's next step). Text is drawn with fillText only: what
 * visitors and producers wrote is never parsed as markup. */
export class LabelTexture {
  constructor(width, height) {
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width);
    canvas.height = Math.round(height);
    this.canvas = canvas;
    this.context = canvas.getContext("2d");
    this.texture = new CanvasTexture(canvas);
    this.texture.colorSpace = SRGBColorSpace;
  }

  /** Clears the canvas, calls `paint(context, width, height)`, and returns the texture, marked for upload. */
  draw(paint) {
    const { canvas, context } = this;
    context.clearRect(0, 0, canvas.width, canvas.height);
    paint(context, canvas.width, canvas.height);
    this.texture.needsUpdate = true;
    return this.texture;
  }

  dispose() {
    this.texture.dispose();
  }

  /** A rounded label with one centred line of text (a presence badge, a VR button): its texture. */
  static pill(text, { width, height, radius, background, color, font, margin }) {
    return new LabelTexture(width, height).draw((g) => {
      g.fillStyle = background;
      g.beginPath();
      g.roundRect(0, 0, width, height, radius);
      g.fill();
      g.fillStyle = color;
      g.font = font;
      g.textAlign = "center";
      g.textBaseline = "middle";
      g.fillText(text, width / 2, height / 2 + 2, width - 2 * margin);
    });
  }
}
