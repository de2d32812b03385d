// On every page: the service worker (sw/sw.js) registered at the site root; "offline — shown as last seen at HH:MM"
// when the page is a kept copy; what the worker delivered while no page was open (an order placed, or sold out
// meanwhile); and, on signing out, nothing of this person left on the phone.
import * as store from "../realtime/OutboxStore.js";
import { TYPES } from "../realtime/protocol.js";
import { format, labels as readLabels } from "./labels.js";

const root = document.documentElement;
const labels = readLabels("offline-labels");
const notices = document.getElementById("offline-notices");

function notice(text, { link, kind = "info" } = {}) {
  const item = document.createElement("p");
  item.className = `offline-notice ${kind}`;
  item.textContent = text;
  if (link) {
    const anchor = Object.assign(document.createElement("a"), { href: link.href, textContent: link.text });
    item.append(" ", anchor);
  }
  notices.append(item);
  notices.hidden = false;
  return item;
}

/** This page is the copy the worker kept: say so, with the time it was made (in the visitor's clock). */
function sayIfCopy() {
  if (root.dataset.served !== "copy") return;
  const seen = new Date(root.dataset.rendered);
  const time = Number.isNaN(seen.getTime()) ? "" : seen.toLocaleTimeString(root.lang, { hour: "2-digit", minute: "2-digit" });
  const day = Number.isNaN(seen.getTime()) || seen.toDateString() === new Date().toDateString() ? "" : ` ${seen.toLocaleDateString(root.lang)}`;
  notice(format(labels.copy, { time: `${time}${day}` }), { kind: "copy" }).id = "offline-copy";
}

/** What the worker delivered while no page of the fair was open: orders are said, refusals too; then forgotten. */
async function sayAnswers() {
  let answers = [];
  try {
    answers = await store.all(store.ANSWERS);
  } catch {
    return;
  }
  for (const { client_id: clientId, box, answer } of answers.sort((a, b) => a.at.localeCompare(b.at))) {
    if (window.fairOutboxes?.has(box)) continue;
    if (answer.type === TYPES.ORDER_PLACED) {
      notice(format(labels.orderPlaced, { number: answer.order.number }), { link: { href: `/orders/${encodeURIComponent(answer.order.number)}/`, text: labels.see } });
    } else if (answer.type === TYPES.ERROR) {
      notice(format(box.startsWith("order:") ? labels.orderRefused : labels.messageRefused, { reason: answer.message }), { kind: "problem" });
    }
    await store.remove(store.ANSWERS, clientId);
  }
}

/** Signing out on a shared phone: the kept pages, pictures and outbox of this person go before the request does
 * (the server's Clear-Site-Data says the same, for browsers that honour it). */
function forgetOnSignOut() {
  for (const form of document.querySelectorAll("form.sign-out")) {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.cleared) return;
      event.preventDefault();
      const cleared = (async () => {
        for (const name of await caches.keys()) if (name.startsWith("fair-")) await caches.delete(name);
        await new Promise((resolve) => {
          const request = indexedDB.deleteDatabase("fair");
          request.onsuccess = request.onerror = request.onblocked = resolve;
        });
      })();
      await Promise.race([cleared.catch(() => {}), new Promise((resolve) => { setTimeout(resolve, 3000); })]);
      form.dataset.cleared = "1";
      form.submit();
    });
  }
}

async function register() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return null;
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // A new release took over: this page still runs the old files; the next page gets the new ones.
    if (hadController) notice(labels.updated, { link: { href: window.location.href, text: labels.reload } }).id = "offline-updated";
  });
  try {
    await navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" });
  } catch {
    return null;
  }
  const registration = await navigator.serviceWorker.ready;
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type === "outbox.delivered") sayAnswers();
  });
  const deliver = () => registration.active?.postMessage({ type: "outbox.deliver" });
  window.addEventListener("online", deliver);
  if (navigator.onLine !== false) deliver();
  return registration;
}

sayIfCopy();
forgetOnSignOut();
const registered = register();
sayAnswers();

// Deliberate test hook: the worker controlling this page, and its release.
window.fairOffline = {
  ready: () => registered.then((registration) => Boolean(registration && navigator.serviceWorker.controller)),
  release: () => new Promise((resolve) => {
    const worker = navigator.serviceWorker?.controller;
    if (!worker) return resolve(null);
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data.release);
    worker.postMessage({ type: "release" }, [channel.port2]);
    return undefined;
  }),
};
