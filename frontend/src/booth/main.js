// Composition root of the booth and product pages: model viewers, 360° spins, the process tour.
import { labels as readLabels } from "../ui/labels.js";
import { ModelViewer } from "./ModelViewer.js";
import { SpinViewer } from "./SpinViewer.js";
import { TourViewer } from "./TourViewer.js";
import { setupVRButton } from "../xr/button.js";

const labels = readLabels();
const viewers = [];
let tour = null;

function failed(error) {
  console.warn("3D view unavailable:", error.message ?? error);
  document.dispatchEvent(new CustomEvent("fair:3d-failed"));
}

// Models load only when their product scrolls into view (lazy), with the photo as poster.
const figures = [...document.querySelectorAll(".product-media[data-model]")];
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    observer.unobserve(entry.target);
    try {
      viewers.push(new ModelViewer({ figure: entry.target, labels }).connect());
    } catch (error) {
      failed(error);
    }
  }
}, { rootMargin: "200px" });
figures.forEach((figure) => observer.observe(figure));

const spinData = document.getElementById("spin-frames");
const spinElement = document.querySelector(".spin-viewer");
if (spinData && spinElement) {
  const frames = JSON.parse(spinData.textContent);
  if (frames.length) {
    spinElement.closest(".spin").hidden = false;
    new SpinViewer({ element: spinElement, frames, labels }).connect();
  }
}

const tourData = document.getElementById("tour-steps");
const tourRoot = document.getElementById("tour-3d");
if (tourData && tourRoot) {
  try {
    tour = new TourViewer({ root: tourRoot, steps: JSON.parse(tourData.textContent), labels }).connect();
    document.querySelector(".tour-steps").hidden = true; // the viewer shows the same steps
    const vrButton = tourRoot.querySelector(".vr-enter");
    if (vrButton) {
      const vrLabels = readLabels("vr-labels");
      setupVRButton({ button: vrButton, labels: vrLabels,
        start: (xr, session) => xr.tour({ viewer: tour, session, labels: { ...vrLabels, step: labels.step } }) });
    }
  } catch (error) {
    tourRoot.hidden = true;
    failed(error);
  }
}

// Deliberate test hook for the end-to-end tests.
window.fairBooth = {
  viewers: () => viewers.map((viewer) => ({ url: viewer.url, state: viewer.state, triangles: viewer.triangles(),
                                            distance: viewer.distance(), active: viewer.active,
                                            renders: viewer.loop?.frames ?? 0, drawing: Boolean(viewer.loop?.running) })),
  tour: () => tour && { step: tour.index + 1, triangles: tour.triangles(), yaw: tour.yaw, renders: tour.loop.frames,
                        drawing: tour.loop.running },
  vrButton: () => tourRoot?.querySelector(".vr-enter")?.textContent ?? null,
  xr: () => tour?.xr?.state() ?? null,
  xrTarget: (spec) => tour?.xr?.target(spec) ?? null,
  xrEnd: () => tour?.renderer.xr.getSession()?.end(),
};
