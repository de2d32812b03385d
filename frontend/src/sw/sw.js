// The fair's service worker (served at /sw.js by fair.offline.service_worker, which puts the release first):
// - pages the server marks `X-Fair-Offline: page` (the public catalogue: home, fairs, halls, booths, products)
//   come from the network first, and from the last copy seen when the network fails or is slower than
//   PAGE_TIMEOUT, marked so the page says "offline — shown as last seen at HH:MM"; anything else (orders, the
//   console, the editor, the studio, sign-in) is never kept; a page never seen offline gets /offline/;
// - pictures (renditions) stale-while-revalidate, at most PICTURES of them;
// - the front end's own files, cache first within one release: a new release empties the old caches when it
//   takes over, so a page never mixes old and new files;
// - 3D models, videos, live data and every POST go to the network untouched (never stale without saying so);
// - the outbox (realtime/OutboxStore.js): what pages wrote without a connection is delivered here, on
//   background sync or when a page asks, to the socket's HTTP twin with the same client id / idempotency key.
import { clientsClaim } from "workbox-core";
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { ExpirationPlugin } from "workbox-expiration";
import { registerRoute, setCatchHandler } from "workbox-routing";
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from "workbox-strategies";
import * as store from "../realtime/OutboxStore.js";

const RELEASE = self.FAIR_RELEASE || "dev";
const OFFLINE_URL = "/offline/";
const PAGE_TIMEOUT = 4; // s: a rural connection slower than this shows the last copy (and updates it meanwhile)
const PICTURES = 200; // renditions are 20–150 KB: at most a few tens of MB on the phone
const CACHES = { pages: `fair-pages-${RELEASE}`, pictures: `fair-pictures-${RELEASE}`, files: `fair-files-${RELEASE}` };

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHES.pages);
    await cache.add(new Request(OFFLINE_URL, { cache: "reload" }));
    await self.skipWaiting(); // the new release takes over at once; its activate empties the old caches
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const current = new Set(Object.values(CACHES));
    for (const name of await caches.keys()) {
      if (name.startsWith("fair-") && !current.has(name)) await caches.delete(name);
    }
  })());
});
clientsClaim();

/** Keeps only what the server says a page may be kept (public, the same for everyone). */
const onlyMarkedPages = {
  cacheWillUpdate: async ({ response }) => (response.status === 200 && response.headers.get("X-Fair-Offline") === "page" ? response : null),
};

/** A kept copy is marked as such: the page shows when it was last seen (its data-rendered time). */
const markedAsCopy = {
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse) return cachedResponse;
    const text = (await cachedResponse.text()).replace('data-served="network"', 'data-served="copy"');
    return new Response(text, { status: cachedResponse.status, statusText: cachedResponse.statusText, headers: cachedResponse.headers });
  },
};

registerRoute(({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin && url.pathname !== OFFLINE_URL,
  new NetworkFirst({ cacheName: CACHES.pages, networkTimeoutSeconds: PAGE_TIMEOUT, plugins: [onlyMarkedPages, markedAsCopy] }));

registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith("/media/") && /\.(avif|webp|jpe?g|png)$/i.test(url.pathname),
  new StaleWhileRevalidate({
    cacheName: CACHES.pictures,
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: PICTURES, purgeOnQuotaError: true })],
  }));

registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith("/static/") && !/\.(glb|mp4|m4v)$/i.test(url.pathname),
  new CacheFirst({ cacheName: CACHES.files, plugins: [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 80 })] }));

setCatchHandler(async ({ request }) => {
  if (request.mode === "navigate") return (await caches.match(OFFLINE_URL, { cacheName: CACHES.pages })) ?? Response.error();
  return Response.error();
});

// The outbox.

async function tell(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: "window" })) client.postMessage(message);
}

/** One delivery: true when the server answered for good (accepted, or refused with a reason), false to try later. */
async function deliverOne(entry) {
  let response;
  try {
    response = await fetch(entry.post.url, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", "X-CSRFToken": entry.post.csrf ?? "" },
      body: JSON.stringify(entry.post.message),
    });
  } catch {
    return false; // no network yet
  }
  const answer = response.headers.get("Content-Type")?.startsWith("application/json") ? await response.json().catch(() => null) : null;
  if (!answer?.type || response.status >= 500 || answer.code === "rate_limited") return false;
  await store.remove(store.WAITING, entry.client_id);
  await store.put(store.ANSWERS, { client_id: entry.client_id, box: entry.box, answer, at: new Date().toISOString() });
  await tell({ type: "outbox.delivered", client_id: entry.client_id, box: entry.box, answer });
  return true;
}

let delivering = Promise.resolve();

/** Delivers what waits, oldest first; rejects when something must wait longer (the browser syncs again later). */
function deliver() {
  delivering = delivering.catch(() => {}).then(async () => {
    const waiting = (await store.all(store.WAITING)).filter((entry) => entry.post).sort((a, b) => a.written.localeCompare(b.written));
    for (const entry of waiting) {
      if (!(await deliverOne(entry))) throw new Error("the outbox waits for the network");
    }
  });
  return delivering;
}

self.addEventListener("sync", (event) => {
  if (event.tag === store.SYNC_TAG) event.waitUntil(deliver());
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "outbox.deliver") event.waitUntil(deliver().catch(() => {}));
  if (event.data?.type === "release") event.ports[0]?.postMessage({ release: RELEASE });
});
