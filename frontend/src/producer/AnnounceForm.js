import { Outbox } from "../realtime/Outbox.js";
import { TYPES } from "../realtime/protocol.js";

/** Tell everyone in a booth at once. What is written is kept (the outbox, on disk) until the server stores it. */
export class AnnounceForm {
  constructor({ root, socket, labels }) {
    this.root = root;
    this.socket = socket;
    this.labels = labels;
    this.outbox = new Outbox("announcements");
    this.form = root.querySelector("form");
    this.status = root.querySelector(".announce-status");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.form.elements.text.value.trim();
      if (!text) return;
      this.outbox.add({ booth: this.form.elements.booth.value, text });
      this.form.elements.text.value = "";
      this.status.textContent = this.labels.sending;
      this.flush();
    });
  }

  flush() {
    for (const entry of this.outbox.all()) {
      if (!this.socket.send({ type: TYPES.BOOTH_ANNOUNCE, booth: entry.booth, client_id: entry.client_id, text: entry.text })) return;
    }
  }

  dispatch(message) {
    if (message.type === TYPES.BOOTH_ANNOUNCED) {
      this.outbox.remove(message.client_id);
      this.status.textContent = this.labels.announced;
    }
  }
}
