import { SRGBColorSpace, WebGLRenderer } from "three";

/** A WebGL renderer as every 3D view of the fair wants it: sRGB, at most 2× pixels, a focusable labelled canvas. */
export function createRenderer({ label = "", role = "img", alpha = false } = {}) {
  // The page's first renderer takes the context the mode script made to see whether WebGL works (mode.js): one
  // context made instead of two. Its attributes are three.js's own, so only the clear alpha needs setting.
  const probed = window.__fairWebGL;
  window.__fairWebGL = undefined;
  // A context is made with a drawing buffer the canvas's size, and every resize makes it again: the canvas starts at
  // 1 × 1 (not the default 300 × 150, then that at twice the pixels), its view sets its real size once.
  const canvas = probed?.canvas ?? Object.assign(document.createElement("canvas"), { width: 1, height: 1 });
  const renderer = new WebGLRenderer({ antialias: true, alpha, canvas, ...(probed ?? {}) });
  if (probed) renderer.setClearAlpha(alpha ? 0 : 1);
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2)); // 3× phones would triple the pixels for little gain
  renderer.outputColorSpace = SRGBColorSpace;
  canvas.tabIndex = 0;
  canvas.setAttribute("role", role);
  canvas.setAttribute("aria-label", label);
  return renderer;
}

// A fresh task: the browser may paint and answer input in between.
const nextTask = () => globalThis.scheduler?.yield?.() ?? new Promise((resolve) => setTimeout(resolve, 0));

/** Readies `scene` for its first frame in several short tasks instead of one long one: its shaders compiled and
 * linked beside the page where the browser can (compileAsync: KHR_parallel_shader_compile; a first render would wait
 * for them), else in a task of their own, then its textures uploaded one task each. Never fails: whatever is not
 * ready is done by the first frame, as before. */
export async function prepareScene(renderer, scene, camera) {
  try {
    await nextTask();
    if (renderer.extensions.has("KHR_parallel_shader_compile")) {
      await renderer.compileAsync(scene, camera);
    } else {
      renderer.compile(scene, camera);
    }
    const textures = new Set();
    scene.traverse((object) => {
      for (const material of [object.material ?? []].flat()) {
        for (const value of Object.values(material)) if (value?.isTexture) textures.add(value);
      }
    });
    for (const texture of textures) {
      await nextTask();
      renderer.initTexture(texture);
    }
    await nextTask();
  } catch (error) {
    console.debug("3D scene not prepared ahead:", error);
  }
}
