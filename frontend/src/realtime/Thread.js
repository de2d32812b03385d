// One conversation's messages on screen: stored ones by server id, pending ones by client id.
// Knows the last id seen, so gaps (a prev_id it does not have) can be resumed.
export class Thread {
  constructor({ list, me, labels }) {
    this.list = list;
    this.me = me; // "visitor" or "producer": whose messages are "mine"
    this.labels = labels;
    this.lastId = 0;
    this.byId = new Map();
    this.pending = new Map();
    this.readUpTo = 0;
  }

  /** Adds a stored message once; returns true when it reveals a gap before it. */
  add(message) {
    const gap = message.prev_id > this.lastId && !this.byId.has(message.prev_id);
    if (this.byId.has(message.id)) return gap;
    this.pending.get(message.client_id)?.remove();
    this.pending.delete(message.client_id);
    const item = this.render(message.text, message.sender, message.author);
    item.dataset.id = String(message.id);
    this.byId.set(message.id, item);
    this.lastId = Math.max(this.lastId, message.id);
    // Keep server order even when a resumed older message arrives after a newer one.
    const later = [...this.byId.entries()].filter(([id]) => id > message.id).sort((a, b) => a[0] - b[0])[0];
    const firstPending = this.list.querySelector(".pending");
    this.list.insertBefore(item, later ? later[1] : firstPending);
    this.markRead(this.readUpTo);
    return gap;
  }

  /** A moderator hid a stored message: it leaves the page (lastId stays, so no gap is seen where it was). */
  remove(id) {
    this.byId.get(id)?.remove();
    this.byId.delete(id);
  }

  /** A pending message the server refused for good (a muted visitor): marked, not resent. */
  refuse(clientId, text) {
    const item = this.pending.get(clientId);
    if (!item) return;
    item.classList.remove("pending");
    item.classList.add("refused");
    this.setState(item, text);
    this.pending.delete(clientId);
  }

  addPending(entry) {
    if (this.pending.has(entry.client_id)) return;
    const item = this.render(entry.text, this.me, "");
    item.classList.add("pending");
    item.dataset.clientId = entry.client_id;
    this.setState(item, this.waiting ? this.labels.waiting : this.labels.sending);
    this.pending.set(entry.client_id, item);
    this.list.append(item);
  }

  /** The message is on disk (the outbox): nothing can lose it now. */
  markKept(clientId) {
    const item = this.pending.get(clientId);
    if (item) item.dataset.kept = "1";
  }

  /** Without a connection, what waits says so ("Waiting for connection"); with one, "Sending…". */
  setWaiting(waiting) {
    this.waiting = waiting;
    for (const item of this.pending.values()) this.setState(item, waiting ? this.labels.waiting : this.labels.sending);
  }

  render(text, sender, author) {
    const item = document.createElement("li");
    item.className = `message from-${sender}${sender === this.me ? " mine" : ""}`;
    if (author && sender !== this.me) {
      const who = document.createElement("span");
      who.className = "author";
      who.textContent = author;
      item.append(who);
    }
    const body = document.createElement("p");
    body.textContent = text;
    item.append(body);
    const state = document.createElement("span");
    state.className = "state";
    item.append(state);
    this.list.scrollTop = this.list.scrollHeight;
    queueMicrotask(() => { this.list.scrollTop = this.list.scrollHeight; });
    return item;
  }

  setState(item, text) {
    item.querySelector(".state").textContent = text ?? "";
  }

  markDelivered(id) {
    const item = this.byId.get(id);
    if (item && item.classList.contains("mine")) this.setState(item, this.labels.delivered);
  }

  markRead(upTo) {
    this.readUpTo = Math.max(this.readUpTo, upTo);
    for (const [id, item] of this.byId) {
      if (item.classList.contains("mine")) this.setState(item, id <= this.readUpTo ? this.labels.read : this.labels.delivered);
    }
  }
}
