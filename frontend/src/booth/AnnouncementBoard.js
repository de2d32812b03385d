import { TYPES } from "../realtime/protocol.js";

/** The producer's announcements to everyone in the booth, live; a missed one (a gap in `prev_id`) is fetched again. */
export class AnnouncementBoard {
  constructor({ root, socket, shown = 5 }) {
    this.root = root;
    this.list = root.querySelector("ol");
    this.socket = socket;
    this.shown = shown;
    this.items = new Map(); // id → announcement
    this.lastId = 0;
  }

  opened() {
    this.socket.send({ type: TYPES.BOOTH_RESUME, after: this.lastId });
  }

  dispatch(message) {
    if (message.type === TYPES.BOOTH_ANNOUNCEMENTS) {
      message.announcements.forEach((item) => this.add(item));
    } else if (message.type === TYPES.BOOTH_ANNOUNCEMENT) {
      const item = message.announcement;
      const gap = this.lastId && item.prev_id !== this.lastId && !this.items.has(item.prev_id);
      const before = this.lastId;
      this.add(item);
      if (gap) this.socket.send({ type: TYPES.BOOTH_RESUME, after: before });
    }
  }

  add(item) {
    if (this.items.has(item.id)) return;
    this.items.set(item.id, item);
    this.lastId = Math.max(this.lastId, item.id);
    const latest = [...this.items.values()].sort((a, b) => b.id - a.id).slice(0, this.shown);
    this.list.replaceChildren(...latest.map((entry) => {
      const li = document.createElement("li");
      li.dataset.id = entry.id;
      const time = Object.assign(document.createElement("time"), {
        dateTime: entry.created, textContent: new Date(entry.created).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }) });
      li.append(time, " ", entry.text);
      return li;
    }));
    this.root.hidden = false;
  }
}
