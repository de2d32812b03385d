// Composition root of the 3D hall page.
import { HallScene } from "./HallScene.js";
import { SceneTools } from "./SceneTools.js";
import { Status } from "../ui/Status.js";
import { labels as readLabels } from "../ui/labels.js";
import { setupVRButton } from "../xr/button.js";

const section = document.getElementById("hall-3d");
const data = JSON.parse(document.getElementById("hall-scene").textContent);
const stage = section.querySelector(".scene-stage");
const statusElement = section.querySelector(".scene-status");
const status = new Status(statusElement);
section.hidden = false;
status.show(statusElement.dataset.loading);

// Where the visitor stood when they left this hall for a booth: Back puts them there again.
const POSE_KEY = `fair:hall-pose:${window.location.pathname}`;
function savedPose() {
  try {
    const pose = JSON.parse(sessionStorage.getItem(POSE_KEY) ?? "null");
    return pose && ["x", "z", "yaw", "pitch"].every((key) => Number.isFinite(pose[key])) ? pose : null;
  } catch {
    return null;
  }
}

let hall = null;
const keepPose = () => {
  try { sessionStorage.setItem(POSE_KEY, JSON.stringify(hall.pose())); } catch { /* private mode: start at the entrance */ }
};
try {
  hall = new HallScene({
    stage, data, status, tooltip: section.querySelector(".scene-tooltip"), start: savedPose(),
    onEnter: (booth) => {
      keepPose();
      window.location.assign(booth.url);
    },
  }).connect();
  window.addEventListener("pagehide", keepPose);
} catch (error) {
  console.warn("3D hall unavailable:", error.message ?? error);
  section.hidden = true;
  document.dispatchEvent(new CustomEvent("fair:3d-failed"));
}

if (hall) {
  // The list of booths doubles as the minimap: each card can walk the visitor to its booth.
  const jump = document.getElementById("booth-jump");
  for (const card of document.querySelectorAll(".booth-card[data-booth]")) {
    const button = jump.content.firstElementChild.cloneNode(true);
    button.addEventListener("click", () => hall.flyTo(card.dataset.booth));
    card.append(button);
  }
  // From a search result's "show in the 3D hall": /fairs/…/halls/…/?booth=<slug>.
  const wanted = new URLSearchParams(window.location.search).get("booth");
  if (wanted) hall.showBooth(wanted);
  document.addEventListener("fair:presence", ({ detail }) => hall.setPresence(detail.booth, detail));
  // Which booths are live (presence.js, the hall socket): their marks, and the nearest one's stream on its stand.
  document.addEventListener("fair:live", ({ detail }) => hall.setLive(detail));
  document.dispatchEvent(new CustomEvent("fair:live-ask")); // what the hall socket said before this bundle came
  // A new floor plan, live (presence.js): each booth to its new place and facing.
  document.addEventListener("fair:layout", ({ detail }) => hall.relayout(detail.booths));
  new SceneTools({ section, stage, hall, booths: data.booths }).connect();
  // Every 5 s, where the visitor stands when they moved (presence.js sends it; the organizers' heat map).
  let was = "";
  setInterval(() => {
    const at = { x: Math.round(hall.camera.position.x * 10) / 10, z: Math.round(hall.camera.position.z * 10) / 10 };
    if (`${at.x},${at.z}` !== was) document.dispatchEvent(new CustomEvent("fair:position", { detail: at }));
    was = `${at.x},${at.z}`;
  }, 5000);
  const vrButton = section.querySelector(".vr-enter");
  if (vrButton) {
    setupVRButton({ button: vrButton, labels: readLabels("vr-labels"),
      start: (xr, session) => xr.hall({ hall, session, labels: readLabels("vr-labels") }) });
  }
  // Deliberate test hook: what the end-to-end tests read to check the scene really drew.
  window.fairHall = {
    ready: hall.ready,
    triangles: () => hall.renderer.info.render.triangles,
    booths: () => data.booths.map((booth) => booth.slug),
    screenPosition: (slug) => hall.screenPosition(slug),
    flyTo: (slug) => hall.flyTo(slug),
    frames: () => hall.frames,
    renders: () => hall.loop.frames, // frames drawn by the page's loop: stands still while nothing changes
    settled: () => hall.settled(),
    near: () => hall.nearest.map((stand) => stand.booth.slug), // booths drawn in detail (sign, cover, product)
    // make bench: a scripted walk from where the visitor stands, 0.5 m a frame into the hall, each frame drawn and
    // waited for (reading one pixel back waits for the GPU process). Mean ms per frame, and the most draw calls.
    walkCost: (steps) => {
      const start = hall.pose();
      const gl = hall.renderer.getContext();
      const pixel = new Uint8Array(4);
      let calls = 0;
      const began = performance.now();
      for (let step = 0; step < steps; step += 1) {
        hall.walker.place({ x: start.x, z: start.z - step * 0.5, yaw: 0, pitch: -0.08 });
        hall.frame(1 / 60);
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
        calls = Math.max(calls, hall.renderer.info.render.calls);
      }
      const ms = (performance.now() - began) / steps;
      hall.walker.place(start);
      return { ms, calls };
    },
    arrived: () => hall.walker.target === null,
    position: () => ({ x: hall.camera.position.x, z: hall.camera.position.z, yaw: hall.walker.yaw }),
    setPresence: (slug, presence) => hall.setPresence(slug, presence),
    drawCalls: () => hall.renderer.info.render.calls,
    // In VR (only once xr.js is loaded): what the headset visitor sees and where they are.
    xr: () => hall.xr && hall.xr.state(),
    xrTarget: (spec) => hall.xr?.target(spec) ?? null,
    xrEnd: () => hall.renderer.xr.getSession()?.end(),
    pose: () => hall.pose(),
    productSizes: () => Object.fromEntries([...hall.stands].map(([slug, stand]) => [slug, stand.productSize()])),
    highlighted: () => hall.highlighted ?? null,
    live: () => [...hall.stands.values()].filter((stand) => stand.live).map((stand) => stand.booth.slug), // "LIVE" marks
    liveScreens: () => hall.liveScreens(), // async: [{booth, stream, shown, framesDecoded, videoFrames, …}]
  };
}
