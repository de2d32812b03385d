// The floor plan editor (studio): the hall from above, booths as footprints with their names. Drag to move, turn in
// 15° steps, snap to the grid, keyboard moves; a booth may not overlap another or leave the floor (refused where
// it happens, and checked again by the server); undo; save under a version check; arrange automatically; a 3D
// preview loaded only when asked for.
import { format, labels as readLabels } from "../ui/labels.js";
import { problemOf, snap, turn } from "./rules.js";

const SVG = "http://www.w3.org/2000/svg";
const root = document.getElementById("plan-editor");
const data = JSON.parse(document.getElementById("plan-data").textContent);
const text = readLabels("plan-labels");
const english = document.documentElement.lang === "en";
const { hall, rules } = data;
const state = {
  booths: data.booths.map((booth) => ({ ...booth, title: (english && booth.title_en) || booth.title })),
  version: data.version,
  history: [],
  selected: null,
  dirty: false,
};
const svg = root.querySelector("svg.plan");
const bubble = root.querySelector(".plan-bubble");
const status = root.querySelector(".plan-status");
const conflict = root.querySelector(".plan-conflict");
const shapes = new Map();

const snapshot = () => state.booths.map(({ slug, x, z, rotation }) => ({ slug, x, z, rotation }));
const bySlug = (slug) => state.booths.find((booth) => booth.slug === slug);

function element(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.append(node);
  return node;
}

function draw() {
  svg.setAttribute("viewBox", `${-hall.width / 2 - 1} ${-hall.depth / 2 - 1} ${hall.width + 2} ${hall.depth + 2}`);
  element("rect", { x: -hall.width / 2, y: -hall.depth / 2, width: hall.width, height: hall.depth, class: "plan-floor", fill: hall.floor }, svg);
  const grid = element("g", { class: "plan-grid" }, svg);
  for (let x = -hall.width / 2 + 2; x < hall.width / 2; x += 2) element("line", { x1: x, x2: x, y1: -hall.depth / 2, y2: hall.depth / 2 }, grid);
  for (let z = -hall.depth / 2 + 2; z < hall.depth / 2; z += 2) element("line", { y1: z, y2: z, x1: -hall.width / 2, x2: hall.width / 2 }, grid);
  const entrance = element("text", { x: 0, y: hall.depth / 2 + 0.8, class: "plan-entrance", "text-anchor": "middle" }, svg);
  entrance.textContent = text.entrance;
  for (const booth of state.booths) {
    const group = element("g", {
      class: "plan-booth", tabindex: "0", role: "button", "data-booth": booth.slug,
      "aria-label": format(text.boothLabel, { booth: booth.title }),
    }, svg);
    element("rect", { x: -rules.booth_width / 2, y: -rules.booth_depth / 2, width: rules.booth_width, height: rules.booth_depth,
      rx: 0.2, fill: hall.primary, class: "plan-footprint" }, group);
    element("line", { x1: -1.2, x2: 1.2, y1: rules.booth_depth / 2 - 0.25, y2: rules.booth_depth / 2 - 0.25, stroke: hall.accent, class: "plan-front" }, group);
    const name = element("text", { x: 0, y: 0.2, "text-anchor": "middle", class: "plan-name" }, group);
    name.textContent = booth.title.length > 22 ? `${booth.title.slice(0, 21)}…` : booth.title;
    const title = element("title", {}, group);
    title.textContent = `${booth.title} · ${booth.producer}`;
    shapes.set(booth.slug, group);
    connectBooth(booth, group);
  }
  render();
}

function render() {
  for (const booth of state.booths) {
    const group = shapes.get(booth.slug);
    group.setAttribute("transform", `translate(${booth.x} ${booth.z}) rotate(${-booth.rotation})`);
    group.classList.toggle("selected", state.selected === booth.slug);
    group.classList.toggle("bad", Boolean(problemOf(booth, state.booths, hall)));
  }
  root.querySelector(".plan-undo").disabled = state.history.length === 0;
  root.querySelector(".plan-save").disabled = !state.dirty;
  const selected = state.selected ? bySlug(state.selected) : null;
  for (const button of root.querySelectorAll(".plan-rotate")) button.disabled = !selected;
  root.querySelector(".plan-selected").textContent = selected
    ? format(text.selected, { booth: selected.title, x: selected.x, z: selected.z, rotation: selected.rotation }) : text.noneSelected;
}

function say(message, { alert = false } = {}) {
  status.textContent = message;
  status.setAttribute("role", alert ? "alert" : "status");
}

/** The reason a move is refused, in a bubble over the booth where it happened. */
function refuse(booth, problem) {
  const message = problem.code === "off_floor"
    ? format(text.offFloor, { booth: booth.title, width: hall.width, depth: hall.depth })
    : format(text.overlap, { booth: booth.title, other: problem.other?.title ?? problem.otherTitle ?? "" });
  const box = shapes.get(booth.slug).getBoundingClientRect();
  const frame = root.querySelector(".plan-stage").getBoundingClientRect();
  bubble.textContent = message;
  bubble.style.left = `${Math.max(0, box.left - frame.left)}px`;
  bubble.style.top = `${Math.max(0, box.top - frame.top - 8)}px`;
  bubble.hidden = false;
  bubble.dataset.booth = booth.slug;
  say(message, { alert: true });
}

function clearBubble() {
  bubble.hidden = true;
  delete bubble.dataset.booth;
}

/** Try to put a booth at (x, z, rotation): accepted as one undoable step, or refused with the reason. */
function place(booth, next, before) {
  const start = before ?? snapshot();
  Object.assign(booth, next);
  const problem = problemOf(booth, state.booths, hall);
  if (problem) {
    restore(start);
    refuse(booth, problem);
    render();
    return false;
  }
  clearBubble();
  if (JSON.stringify(start) !== JSON.stringify(snapshot())) {
    state.history.push(start);
    state.dirty = true;
    say(text.unsaved);
  }
  render();
  return true;
}

function restore(positions) {
  for (const spot of positions) Object.assign(bySlug(spot.slug), spot);
}

function svgPoint(event) {
  const point = svg.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  return point.matrixTransform(svg.getScreenCTM().inverse());
}

function connectBooth(booth, group) {
  let drag = null;
  group.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    group.focus({ preventScroll: true });
    state.selected = booth.slug;
    const point = svgPoint(event);
    drag = { start: snapshot(), dx: point.x - booth.x, dz: point.y - booth.z, moved: false };
    group.setPointerCapture(event.pointerId);
    render();
  });
  group.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const point = svgPoint(event);
    booth.x = snap(point.x - drag.dx, rules.grid);
    booth.z = snap(point.y - drag.dz, rules.grid);
    drag.moved = true;
    render();
  });
  const drop = () => {
    if (!drag) return;
    const { start } = drag;
    drag = null;
    const next = { x: booth.x, z: booth.z };
    restore(start);
    place(booth, next, start);
  };
  group.addEventListener("pointerup", drop);
  group.addEventListener("pointercancel", drop);
  group.addEventListener("focus", () => {
    state.selected = booth.slug;
    render();
  });
  group.addEventListener("keydown", (event) => {
    const step = event.shiftKey ? rules.grid * 4 : rules.grid;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[event.key]) {
      event.preventDefault();
      const [dx, dz] = moves[event.key];
      place(booth, { x: snap(booth.x + dx, rules.grid), z: snap(booth.z + dz, rules.grid) });
    } else if (event.key === "r" || event.key === "R") {
      event.preventDefault();
      rotate(booth, event.key === "R" ? -1 : 1);
    }
  });
}

function rotate(booth, direction) {
  place(booth, { rotation: turn(booth.rotation + direction * rules.rotation_step, rules.rotation_step) });
}

function undo() {
  const previous = state.history.pop();
  if (!previous) return;
  restore(previous);
  state.dirty = true;
  clearBubble();
  say(text.undone);
  render();
}

const csrf = () => root.dataset.csrf;

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf() },
    body: JSON.stringify(body),
  });
  let payload = {};
  try { payload = await response.json(); } catch { /* not JSON: a proxy's page */ }
  return { ok: response.ok, status: response.status, payload };
}

async function save() {
  const button = root.querySelector(".plan-save");
  button.disabled = true;
  say(text.saving);
  try {
    const { ok, status: code, payload } = await post(root.dataset.save, { version: state.version, booths: snapshot() });
    if (ok) {
      state.version = payload.version;
      state.dirty = false;
      say(payload.message);
      root.dataset.version = String(state.version);
    } else if (code === 409) {
      conflict.querySelector(".plan-conflict-text").textContent = payload.error?.message ?? text.failed;
      conflict.hidden = false;
      say(payload.error?.message ?? text.failed, { alert: true });
    } else {
      const problem = payload.error?.problems?.[0];
      const booth = problem && bySlug(problem.booth);
      if (booth) {
        const other = problem.other && bySlug(problem.other);
        refuse(booth, { code: problem.code, other });
        say(payload.error.message, { alert: true });
      } else {
        say(payload.error?.message ?? text.failed, { alert: true });
      }
    }
  } catch {
    say(text.offline, { alert: true });
  } finally {
    render();
  }
}

async function arrange() {
  const layout = root.querySelector(".plan-layout").value;
  const { ok, payload } = await post(root.dataset.arrange, { layout }).catch(() => ({ ok: false, payload: {} }));
  if (!ok) {
    say(payload.error?.message ?? text.offline, { alert: true });
    return;
  }
  const start = snapshot();
  restore(payload.booths.map(({ slug, x, z, rotation }) => ({ slug, x, z, rotation })));
  state.history.push(start);
  state.dirty = true;
  clearBubble();
  say(text.arranged);
  render();
}

/** The 3D preview: three.js and the hall's scene, fetched the first time it is asked for. */
let previewLoading = null;
function preview() {
  const section = root.querySelector(".plan-preview");
  section.hidden = false;
  const scene = { hall: { name: hall.name, layout: hall.layout, width: hall.width, depth: hall.depth, primary: hall.primary, accent: hall.accent, floor: hall.floor,
    environment: root.dataset.environment || null },
  booths: state.booths.map((booth) => ({ slug: booth.slug, title: booth.title, tagline: "", producer: booth.producer,
    x: booth.x, z: booth.z, rotation: booth.rotation, stars: 0, model: null, url: "#" })) };
  previewLoading ??= new Promise((resolve, reject) => {
    const scripts = [...document.getElementById("plan-preview-bundle").content.querySelectorAll("script[src]")];
    let left = scripts.length;
    for (const tag of scripts) {
      const script = document.createElement("script");
      script.src = tag.getAttribute("src");
      script.async = false;
      script.onload = () => { left -= 1; if (left === 0) resolve(); };
      script.onerror = reject;
      document.body.append(script);
    }
  });
  previewLoading.then(() => window.fairPlanPreview.show(section, scene)).catch(() => say(text.previewFailed, { alert: true }));
}

draw();
root.querySelector(".plan-undo").addEventListener("click", undo);
root.querySelector(".plan-save").addEventListener("click", save);
root.querySelector(".plan-arrange").addEventListener("click", arrange);
root.querySelector(".plan-preview-button").addEventListener("click", preview);
for (const button of root.querySelectorAll(".plan-rotate")) {
  button.addEventListener("click", () => {
    const booth = state.selected && bySlug(state.selected);
    if (booth) rotate(booth, Number(button.dataset.direction));
  });
}
root.querySelector(".plan-reload").addEventListener("click", () => window.location.reload());
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === "z") {
    event.preventDefault();
    undo();
  }
});
root.hidden = false;
root.querySelector(".plan-noscript")?.remove();

// Deliberate test hook: what the end-to-end tests read.
window.fairPlan = {
  booths: () => snapshot(),
  version: () => state.version,
  dirty: () => state.dirty,
  screenCentre: (slug) => {
    const box = shapes.get(slug).querySelector(".plan-footprint").getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  },
  metresToPixels: () => svg.getScreenCTM().a,
};
