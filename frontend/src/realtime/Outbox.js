// Messages and orders written but not yet acknowledged, kept on disk (IndexedDB, realtime/OutboxStore.js) so a
// reload, a closed tab or a dead battery loses nothing; resent with the same client id until the server
// acknowledges them. While the page is open it sends them over its socket; when the page is gone the service
// worker delivers them (background sync) to the HTTP twin of the socket named in `post`.
import { MAX_CLIENT_ID } from "./protocol.js";
import * as store from "./OutboxStore.js";

export function newClientId() {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `c-${Date.now().toString(36)}-${random[0].toString(36)}${random[1].toString(36)}`.slice(0, MAX_CLIENT_ID);
}

/** The CSRF token the HTTP twin wants (the service worker cannot read cookies). */
function csrfToken() {
  return document.cookie.split("; ").find((part) => part.startsWith("csrftoken="))?.slice(10)
    ?? document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
}

/** Asks the browser to run the service worker's delivery when the network is back (where it can), and asks a
 * running worker to try now. */
export async function deliverLater() {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  try {
    await registration.sync?.register(store.SYNC_TAG);
  } catch {
    // No background sync here (Firefox, Safari): the next page of the fair asks the worker to deliver.
  }
}

export class Outbox {
  /** `key` names this page's outbox; `post(entry)` gives the socket message the worker may deliver for an entry
   * ({url, message}), or nothing when only this page may send it. */
  constructor(key, { post } = {}) {
    this.box = key;
    this.post = post;
    this.items = [];
    this.listeners = [];
    this.writes = new Map(); // client id -> the promise of its write to disk
    this.ready = this.load();
    // This page tells the visitor itself what became of its entries (ui/offline.js tells the rest).
    (window.fairOutboxes ??= new Set()).add(key);
    navigator.serviceWorker?.addEventListener("message", (event) => {
      if (event.data?.type === "outbox.delivered" && this.has(event.data.client_id)) {
        this.forget(event.data.client_id);
        store.remove(store.ANSWERS, event.data.client_id).catch(() => {});
        this.listeners.forEach((listener) => listener(event.data));
      }
    });
  }

  async load() {
    let stored = [];
    try {
      stored = await store.inBox(this.box);
      // What an earlier version kept in this tab's localStorage moves to the shared outbox.
      const legacyKey = `fair:outbox:${this.box}`;
      const legacy = JSON.parse(localStorage.getItem(legacyKey) ?? "[]");
      for (const item of legacy) {
        if (!stored.some((s) => s.client_id === item.client_id)) stored.push(await this.persist({ ...item, box: this.box }));
      }
      localStorage.removeItem(legacyKey);
    } catch {
      // IndexedDB refused (private mode in some browsers): the outbox works for this page's life.
    }
    stored.sort((a, b) => a.written.localeCompare(b.written));
    const known = new Set(this.items.map((item) => item.client_id));
    this.items = [...stored.filter((item) => !known.has(item.client_id)), ...this.items];
    return this;
  }

  async persist(entry) {
    try {
      await store.put(store.WAITING, entry);
    } catch {
      // Storage full or disabled: kept in memory only.
    }
    return entry;
  }

  /** Called with {client_id, answer} when the service worker delivered one of these entries. */
  onDelivered(listener) {
    this.listeners.push(listener);
  }

  all() {
    return [...this.items];
  }

  add(item) {
    const entry = { client_id: newClientId(), written: new Date().toISOString(), ...item, box: this.box };
    const post = this.post?.(entry);
    if (post) entry.post = { ...post, csrf: csrfToken() };
    this.items.push(entry);
    this.writes.set(entry.client_id, this.persist(entry));
    return entry;
  }

  /** Resolves once an entry is on disk: from then on a reload, a closed tab or the worker cannot lose it. */
  kept(clientId) {
    return this.writes.get(clientId) ?? Promise.resolve();
  }

  forget(clientId) {
    this.items = this.items.filter((item) => item.client_id !== clientId);
  }

  remove(clientId) {
    this.forget(clientId);
    store.remove(store.WAITING, clientId).catch(() => {});
  }

  has(clientId) {
    return this.items.some((item) => item.client_id === clientId);
  }
}
