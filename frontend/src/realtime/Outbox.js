// Messages written but not yet acknowledged, kept in localStorage so a reload or a dead
// battery loses nothing; resent with the same client id until the server acknowledges them.
import { MAX_CLIENT_ID } from "./protocol.js";

export function newClientId() {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `c-${Date.now().toString(36)}-${random[0].toString(36)}${random[1].toString(36)}`.slice(0, MAX_CLIENT_ID);
}

export class Outbox {
  constructor(key, storage = window.localStorage) {
    this.key = `fair:outbox:${key}`;
    this.storage = storage;
  }

  all() {
    try {
      return JSON.parse(this.storage.getItem(this.key) ?? "[]");
    } catch {
      return [];
    }
  }

  save(items) {
    try {
      this.storage.setItem(this.key, JSON.stringify(items));
    } catch {
      // Storage full or disabled: the outbox still works for this page's life.
    }
  }

  add(item) {
    const entry = { client_id: newClientId(), written: new Date().toISOString(), ...item };
    this.save([...this.all(), entry]);
    return entry;
  }

  remove(clientId) {
    this.save(this.all().filter((item) => item.client_id !== clientId));
  }

  has(clientId) {
    return this.all().some((item) => item.client_id === clientId);
  }
}
