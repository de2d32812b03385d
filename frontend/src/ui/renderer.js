import { SRGBColorSpace, WebGLRenderer } from "three";

/** A WebGL renderer as every 3D view of the fair wants it: sRGB, at most 2× pixels, a focusable labelled canvas. */
export function createRenderer({ label = "", role = "img", alpha = false } = {}) {
  const renderer = new WebGLRenderer({ antialias: true, alpha });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2)); // 3× phones would triple the pixels for little gain
  renderer.outputColorSpace = SRGBColorSpace;
  const canvas = renderer.domElement;
  canvas.tabIndex = 0;
  canvas.setAttribute("role", role);
  canvas.setAttribute("aria-label", label);
  return renderer;
}
