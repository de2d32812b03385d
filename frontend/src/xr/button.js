// The "Enter VR" button of the hall and of process tours. It says plainly when VR cannot start
// (no WebXR, not a secure page, no headset) and loads the VR code (xr.js) only when pressed. xr.js
// takes three.js from the shared vendor bundle the page already loaded (see build.mjs).

const SESSION_OPTIONS = { optionalFeatures: ["local-floor", "bounded-floor", "hand-tracking"] };
let loading = null;

function loadXR(url) {
  if (window.fairXR) return Promise.resolve(window.fairXR);
  loading ??= new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement("script"), { src: url, async: true });
    script.onload = () => (window.fairXR ? resolve(window.fairXR) : reject(new Error("xr.js did not start")));
    script.onerror = () => { loading = null; reject(new Error("xr.js could not be loaded")); };
    document.head.append(script);
  });
  return loading;
}

/** Wire a button: `start(xr, session)` runs once the session and the VR code are both there. The button shows only
 * where VR can start; elsewhere a one-line hint beside it says where it can. */
export async function setupVRButton({ button, labels, start }) {
  const say = (text, enabled) => {
    button.textContent = text;
    button.disabled = !enabled;
    button.hidden = false;
  };
  const hint = (text) => {
    button.hidden = true;
    const status = button.parentElement.querySelector(".vr-status");
    if (status) {
      status.textContent = text;
      status.classList.add("vr-hint");
    }
  };
  if (!window.isSecureContext) return hint(labels.vrInsecure);
  if (!navigator.xr) return hint(labels.vrUnsupported);
  let supported = false;
  try {
    supported = await navigator.xr.isSessionSupported("immersive-vr");
  } catch { /* a browser that refuses to say: not supported */ }
  if (!supported) return hint(labels.vrUnsupported);
  say(labels.vrEnter, true);
  button.addEventListener("click", async () => {
    if (button.dataset.active) return;
    button.dataset.active = "1";
    const status = button.parentElement.querySelector(".vr-status");
    try {
      // Ask for the session first, inside the click (browsers require the gesture), load the code meanwhile.
      const [session, xr] = await Promise.all([navigator.xr.requestSession("immersive-vr", SESSION_OPTIONS),
        loadXR(button.dataset.src)]);
      session.addEventListener("end", () => { delete button.dataset.active; say(labels.vrEnter, true); });
      say(labels.vrActive, false);
      await start(xr, session);
    } catch (error) {
      delete button.dataset.active;
      if (status) status.textContent = `${labels.vrFailed} ${error.message ?? error}`;
      say(labels.vrEnter, true);
    }
  });
  return undefined;
}
