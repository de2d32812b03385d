// The producer's editor: resumable uploads with progress and processing status, the 360° spin
// guide, and tapping a panorama to place a hotspot. Every form also works without this script.
import { labels as readLabels, format } from "../ui/labels.js";
import { Uploader, waitForProcessing } from "./Uploader.js";

const labels = readLabels("editor-labels");
const hooks = { uploads: [], ready: 0, failed: 0 };
window.fairEditor = hooks;

function item(list, name) {
  const li = document.createElement("li");
  li.className = "upload-item";
  const title = document.createElement("span");
  title.className = "upload-name";
  title.textContent = name;
  const status = document.createElement("span");
  status.className = "upload-status";
  const bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  li.append(title, " · ", status, bar);
  list.prepend(li);
  return li;
}

function showStatus(li, upload) {
  li.dataset.status = upload.status;
  li.dataset.uploadId = upload.id;
  li.querySelector(".upload-status").textContent = labels[upload.status] ?? upload.status_label;
  li.querySelector("progress")?.remove();
  li.querySelector(".upload-error")?.remove();
  if (upload.status === "failed" && upload.error) {
    const error = document.createElement("span");
    error.className = "upload-error";
    error.textContent = ` ${upload.error.message}`;
    const retry = document.createElement("button");
    retry.type = "button";
    retry.textContent = labels.retry;
    retry.addEventListener("click", async () => {
      const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
      const response = await fetch(`/producer/uploads/${upload.id}/retry/`, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf, Accept: "application/json" } });
      if (response.ok) { retry.remove(); follow(li, upload.id); }
    });
    li.append(error, retry);
  }
  if (upload.status === "ready" && upload.preview && !li.querySelector(".upload-preview")) {
    const image = document.createElement("img");
    image.className = "upload-preview";
    image.alt = "";
    image.src = upload.preview;
    li.append(image);
  }
}

function follow(li, id) {
  return waitForProcessing(id, { onStatus: (upload) => showStatus(li, upload) }).then((upload) => {
    hooks[upload.status] += 1;
    li.dispatchEvent(new CustomEvent("upload-done", { bubbles: true, detail: upload }));
    return upload;
  });
}

async function send(form, file, extra = {}) {
  const list = form.querySelector(".upload-list");
  const li = item(list, file.name);
  const fields = { kind: form.dataset.kind, booth: form.dataset.booth, product: form.dataset.product, step: form.dataset.step, ...extra };
  const uploader = new Uploader({
    file, fields, csrf: form.querySelector("input[name=csrfmiddlewaretoken]").value,
    onProgress: (sent, total, state) => {
      const bar = li.querySelector("progress");
      if (state === "waiting") { li.querySelector(".upload-status").textContent = labels.waiting; return; }
      if (bar && sent !== null) bar.value = Math.round((100 * sent) / total);
      li.querySelector(".upload-status").textContent = state === "resumed" ? labels.resumed
        : format(labels.uploading, { percent: `${Math.round((100 * (sent ?? 0)) / total)}%` });
    },
  });
  hooks.uploads.push(file.name);
  try {
    const upload = await uploader.run();
    showStatus(li, upload);
    return await follow(li, upload.id);
  } catch (error) {
    showStatus(li, { id: "", status: "failed", status_label: labels.failed, error: { code: error.code, message: error.message } });
    li.querySelector("button")?.remove();  // a refused file is not kept: nothing to retry, choose another
    hooks.failed += 1;
    return null;
  }
}

function spinGuide(form) {
  const count = Number(form.dataset.spinCount);
  const section = form.closest("section");
  const guide = section.querySelector(".spin-guide");
  const slots = [...section.querySelectorAll(".spin-slots li")];
  const taken = new Set(slots.filter((slot) => slot.querySelector("img")).map((slot) => Number(slot.dataset.index)));
  const nextIndex = () => { for (let i = 0; i < count; i += 1) if (!taken.has(i)) return i; return count; };
  const show = () => {
    const next = nextIndex();
    slots.forEach((slot) => slot.classList.toggle("next", Number(slot.dataset.index) === next));
    guide.textContent = next >= count ? labels.spinDone
      : format(labels.spinStep, { number: next + 1, count, angle: Math.round(360 / count) });
  };
  show();
  return async (files) => {
    // Photos chosen together from the gallery go in the order of their names (phones number them).
    const ordered = [...files].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    for (const file of ordered) {
      const index = nextIndex();
      if (index >= count) break;
      taken.add(index);
      show();
      const slot = slots[index];
      slot.replaceChildren(Object.assign(document.createElement("img"), { src: URL.createObjectURL(file), alt: String(index + 1) }));
      send(form, file, { spin_index: index });
    }
  };
}

for (const form of document.querySelectorAll(".upload-form")) {
  const input = form.querySelector("input[type=file]");
  const spin = form.dataset.spinCount ? spinGuide(form) : null;
  const start = (files) => {
    if (!files.length) return;
    if (spin) spin(files); else for (const file of files) send(form, file);
    input.value = "";
  };
  input.addEventListener("change", () => start([...input.files]));
  form.addEventListener("submit", (event) => { event.preventDefault(); start([...input.files]); });
  form.querySelector("button[type=submit]").hidden = true;  // choosing a file sends it
  // Uploads the page was rendered with, still on their way through the worker.
  for (const li of form.querySelectorAll(".upload-item[data-status=queued], .upload-item[data-status=processing]")) {
    follow(li, li.dataset.uploadId);
  }
}

// Hotspots: a tap on the flat panorama is a direction (yaw, pitch) around the viewer.
for (const picker of document.querySelectorAll(".pano-pick")) {
  const image = picker.querySelector("img");
  const yawField = document.getElementById(picker.dataset.yawField);
  const pitchField = document.getElementById(picker.dataset.pitchField);
  const place = (marker, yaw, pitch) => {
    marker.style.left = `${((yaw + 180) / 360) * 100}%`;
    marker.style.top = `${((90 - pitch) / 180) * 100}%`;
    marker.hidden = false;
  };
  for (const marker of picker.querySelectorAll(".pano-marker[data-yaw]")) {
    place(marker, Number(marker.dataset.yaw), Number(marker.dataset.pitch));
  }
  // With this script the producer places a hotspot by tapping: the yaw and pitch numbers stay out of sight.
  for (const field of [yawField, pitchField]) {
    const row = field?.closest(".field");
    if (row && !row.classList.contains("has-error")) row.hidden = true;
  }
  const say = (text) => {
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    status.textContent = text;
    picker.nextElementSibling?.matches("[role=status]") ? picker.nextElementSibling.replaceWith(status) : picker.after(status);
  };
  yawField?.form?.addEventListener("submit", (event) => {
    if (yawField.value !== "") return;
    event.preventDefault(); // nothing tapped yet: the numbers are out of sight, so say what to do
    say(labels.hotspotTapFirst);
    picker.scrollIntoView({ block: "center" });
  });
  const fresh = picker.querySelector(".pano-marker-new");
  fresh.textContent = String(picker.querySelectorAll(".pano-marker[data-yaw]").length + 1);
  image.addEventListener("click", (event) => {
    const box = image.getBoundingClientRect();
    const yaw = Math.round((((event.clientX - box.left) / box.width) * 360 - 180) * 10) / 10;
    const pitch = Math.round((90 - ((event.clientY - box.top) / box.height) * 180) * 10) / 10;
    if (yawField) yawField.value = yaw;
    if (pitchField) pitchField.value = pitch;
    place(fresh, yaw, pitch);
    say(labels.hotspotPlaced);
    document.getElementById("id_hotspot-label_vi")?.focus();
  });
}
