// Chooses 3D or light mode before any 3D code is fetched, and loads the page's 3D bundles (three.js,
// shared by every 3D page, then the page's own) only in 3D mode. The server already decided when it
// could (cookie, Save-Data header); "auto" is decided here from WebGL support and the connection
// (navigator.connection).
const root = document.documentElement;

// The probe's WebGL 2 context, with the attributes three.js asks for (the defaults): handed to the page's first
// renderer (renderer.js) when its 3D bundle loads, so the page makes one context, not two. Making one costs tens of
// milliseconds of main thread on a phone, and far more where WebGL is drawn in software.
let probed = null;

export function webglAvailable() {
  try {
    const canvas = Object.assign(document.createElement("canvas"), { width: 1, height: 1 }); // its buffer: 1 pixel
    const context = canvas.getContext("webgl2") || canvas.getContext("webgl");
    if (context && typeof WebGL2RenderingContext !== "undefined" && context instanceof WebGL2RenderingContext) {
      probed?.context.getExtension("WEBGL_lose_context")?.loseContext();
      probed = { canvas, context };
    } else {
      context?.getExtension("WEBGL_lose_context")?.loseContext();
    }
    return Boolean(context);
  } catch {
    return false;
  }
}

/** The probe's context goes to the 3D bundle (window.__fairWebGL, taken once), or is given back at once: a page
 * must not hold one of the few contexts a browser allows for nothing. */
function handOver(use) {
  if (use && probed) window.__fairWebGL = probed;
  else probed?.context.getExtension("WEBGL_lose_context")?.loseContext();
  probed = null;
}

export function slowConnection(connection = navigator.connection) {
  if (!connection) return false;
  return Boolean(connection.saveData) || ["slow-2g", "2g"].includes(connection.effectiveType);
}

/** `probe`: whether to find out if WebGL works. Pages with nothing in 3D (the home page, lists) skip it: making a
 * WebGL context costs tens of milliseconds on a phone, for nothing to show there; a 3D page finds out. */
export function chooseMode(requested = root.dataset.mode, { probe = true } = {}) {
  if (requested === "light") return { mode: "light", reason: null };
  if (probe && !webglAvailable()) return { mode: "light", reason: "nowebgl" };
  if (requested === "3d") return { mode: "3d", reason: null };
  if (slowConnection()) return { mode: "light", reason: "slow" };
  return { mode: "3d", reason: null };
}

export function showLight(reason) {
  root.dataset.mode = "light";
  // Pictures not fetched yet come in their small size only.
  for (const image of document.querySelectorAll("img[srcset][loading=lazy]")) {
    if (!image.complete) image.removeAttribute("srcset");
  }
  const notice = document.getElementById("mode-notice");
  if (notice && reason && notice.dataset[reason]) {
    notice.textContent = notice.dataset[reason];
    notice.hidden = false;
  }
  // The toggle offers the other mode: 3D, unless this browser cannot draw it.
  const toggle = document.querySelector(".mode-toggle[data-other-href]");
  if (toggle && reason !== "nowebgl") {
    toggle.href = toggle.dataset.otherHref;
    toggle.textContent = toggle.dataset.otherLabel;
    toggle.dataset.modeTarget = "3d";
  }
}

/** Loads the page's 3D scripts (the shared three.js bundle, then the page's own), fetched side by side and
 * run in their order. */
function loadBundle() {
  const template = document.getElementById("bundle-3d");
  for (const tag of template?.content.querySelectorAll("script[src]") ?? []) {
    const script = document.createElement("script");
    script.src = tag.getAttribute("src");
    script.async = false; // inserted scripts run in insertion order only when not async
    document.body.append(script);
  }
}

/** Whether WebGL 2 works, found out in a worker on an OffscreenCanvas: the browser's first WebGL context starts its
 * GPU side (the graphics driver; SwiftShader where WebGL is drawn in software), which costs from tens of milliseconds on a
 * phone to hundreds in software, and a context made on the page's main thread waits for it all. Made in a worker, that
 * start happens beside the page's own loading and first paint; the renderer's context made later is a quick one.
 * null where a worker cannot tell (no OffscreenCanvas WebGL: older Safari). */
export function probeInWorker() {
  if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") return Promise.resolve(null);
  return new Promise((resolve) => {
    let worker;
    let url;
    const done = (result) => {
      worker?.terminate();
      if (url) URL.revokeObjectURL(url);
      resolve(result);
    };
    try {
      const source = `let ok = null;
        try { const gl = new OffscreenCanvas(1, 1).getContext("webgl2"); ok = gl ? true : null;
              gl?.getExtension("WEBGL_lose_context")?.loseContext(); } catch {}
        postMessage(ok);`;
      url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      worker = new Worker(url);
      worker.onmessage = (event) => done(event.data);
      worker.onerror = () => done(null);
    } catch {
      done(null);
    }
  });
}

const loaded = new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  else window.addEventListener("load", resolve, { once: true });
});

const has3D = Boolean(document.getElementById("bundle-3d"));
if (has3D && root.dataset.mode === "3d") {
  // The visitor chose 3D (the toggle remembers it), so the page is drawn in 3D from the start: WebGL is probed in a
  // worker, beside the page's loading, not on the main thread before its first paint. Where the worker cannot tell,
  // the main thread finds out, after the page's load; the renderer's own context then is the probe's (one, not two).
  Promise.all([probeInWorker(), loaded]).then(([works]) => {
    const usable = works ?? webglAvailable();
    handOver(usable);
    if (usable) loadBundle();
    else showLight("nowebgl");
  });
} else {
  const choice = chooseMode(root.dataset.mode, { probe: has3D });
  if (choice.mode === "3d") {
    root.dataset.mode = "3d";
    handOver(has3D);
    // After the page's own load (its first pictures): on a phone's connection the 3D bundles would otherwise share the
    // bandwidth with the largest picture on screen, and their parsing and scene building would hold back its paint.
    loaded.then(loadBundle);
  } else {
    handOver(false);
    showLight(choice.reason);
  }
}
// A page's 3D code dispatches this when WebGL fails after all.
document.addEventListener("fair:3d-failed", () => showLight("failed"));

// The search box's suggestions load when a visitor first goes to the box (no page pays for them up front).
const searchForm = document.querySelector("form.site-search[data-src]");
searchForm?.addEventListener("focusin", () => {
  const script = document.createElement("script");
  script.src = searchForm.dataset.src;
  document.body.append(script);
}, { once: true });
