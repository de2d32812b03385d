// The outbox on disk: IndexedDB, which the pages and the service worker both read. A page keeps what it wrote
// here until the server acknowledges it; the service worker delivers what is left when the page is closed
// (background sync), to the HTTP twin of the socket (/outbox/…), with the same client id or idempotency key.
//
// Two stores: `outbox` (waiting: one record per client id, `box` names the page's outbox, `post` how to deliver
// it without a socket) and `answers` (what the server said to a delivery made while no page was there, shown by
// the next page: an order placed, or sold out meanwhile).

const DB = "fair";
const VERSION = 1;
export const WAITING = "outbox";
export const ANSWERS = "answers";
export const SYNC_TAG = "fair-outbox";

let opening = null;

export function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(WAITING)) db.createObjectStore(WAITING, { keyPath: "client_id" }).createIndex("box", "box");
        if (!db.objectStoreNames.contains(ANSWERS)) db.createObjectStore(ANSWERS, { keyPath: "client_id" });
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => { db.close(); opening = null; }; // signing out deletes the database
        resolve(db);
      };
      request.onerror = () => { opening = null; reject(request.error); };
      request.onblocked = () => { opening = null; reject(new Error("the outbox database is blocked")); };
    });
  }
  return opening;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(store, mode, work) {
  const db = await open();
  const transaction = db.transaction(store, mode);
  const result = await work(transaction.objectStore(store));
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  return result;
}

export const put = (store, record) => run(store, "readwrite", (s) => done(s.put(record)));
export const remove = (store, key) => run(store, "readwrite", (s) => done(s.delete(key)));
export const all = (store) => run(store, "readonly", (s) => done(s.getAll()));
export const inBox = (box) => run(WAITING, "readonly", (s) => done(s.index("box").getAll(box)));
