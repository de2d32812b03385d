import { deliverLater, Outbox } from "../realtime/Outbox.js";
import { TYPES } from "../realtime/protocol.js";
import { Thread } from "../realtime/Thread.js";
import { count, sendOnEnter } from "../ui/labels.js";

const TYPING_EVERY = 3000; // ms between "typing" signals
const TYPING_SHOWN = 4000; // ms the other side's "typing…" stays up

/** A visitor's chat with the producer of a booth, over the booth's socket (shared with orders and stock). */
export class ChatPanel {
  constructor({ root, slug, labels, socket }) {
    this.socket = socket;
    this.root = root;
    this.slug = slug;
    this.labels = labels;
    // Written while the page is closed, a message goes with the service worker to the socket's HTTP twin.
    this.outbox = new Outbox(`booth:${slug}`, {
      post: (entry) => ({ url: `/outbox/booths/${slug}/`, message: ChatPanel.message(entry) }),
    });
    this.outbox.onDelivered(() => this.socket.send({ type: TYPES.CHAT_RESUME, after: this.thread.lastId }));
    this.thread = new Thread({ list: root.querySelector(".chat-messages"), me: "visitor", labels });
    this.form = root.querySelector("form");
    this.text = this.form.querySelector("textarea");
    this.name = this.form.querySelector("input[name=name]");
    this.status = root.querySelector(".chat-status");
    this.presence = root.querySelector(".chat-presence");
    this.typing = root.querySelector(".chat-typing");
    this.lastTyping = 0;
    this.typingTimer = null;
    this.conversation = null;
  }

  connect() {
    this.root.hidden = false;
    this.name.value = localStorage.getItem("fair:name") ?? "";
    this.outbox.ready.then(() => {
      for (const entry of this.outbox.all()) {
        this.thread.addPending(entry);
        this.thread.markKept(entry.client_id);
      }
      this.flush();
    });
    sendOnEnter(this.form, this.text, () => this.write());
    this.text.addEventListener("input", () => this.signalTyping());
    document.addEventListener("visibilitychange", () => this.acknowledgeRead());
    return this;
  }

  opened() {
    this.socket.send({ type: TYPES.CHAT_RESUME, after: this.thread.lastId });
    this.flush();
  }

  write() {
    const text = this.text.value.trim();
    if (!text) return;
    const name = this.name.value.trim();
    localStorage.setItem("fair:name", name);
    const entry = this.outbox.add({ text, name });
    this.thread.addPending(entry);
    this.outbox.kept(entry.client_id).then(() => this.thread.markKept(entry.client_id));
    this.text.value = "";
    this.flush();
    if (!this.socket.isOpen) deliverLater(); // sent by the worker if this page is closed before the socket is back
  }

  static message(entry) {
    return { type: TYPES.CHAT_SEND, client_id: entry.client_id, text: entry.text, name: entry.name || undefined };
  }

  /** Sends every unacknowledged message, oldest first, with its original client id. */
  flush() {
    for (const entry of this.outbox.all()) {
      if (!this.socket.send(ChatPanel.message(entry))) return;
    }
  }

  signalTyping() {
    const now = Date.now();
    if (now - this.lastTyping < TYPING_EVERY) return;
    this.lastTyping = now;
    this.socket.send({ type: TYPES.CHAT_TYPING });
  }

  acknowledgeRead() {
    if (document.visibilityState === "visible" && this.thread.lastId && this.conversation) {
      this.socket.send({ type: TYPES.CHAT_READ, up_to: this.thread.lastId });
    }
  }

  dispatch(message) {
    switch (message.type) {
      case TYPES.CHAT_HISTORY:
        this.conversation = message.conversation ?? this.conversation;
        message.messages.forEach((item) => this.thread.add(item));
        this.markMine();
        this.acknowledgeRead();
        break;
      case TYPES.CHAT_MESSAGE: {
        const before = this.thread.lastId;
        this.conversation = message.message.conversation;
        if (this.outbox.has(message.message.client_id)) this.outbox.remove(message.message.client_id);
        if (this.thread.add(message.message)) this.socket.send({ type: TYPES.CHAT_RESUME, after: before });
        this.markMine();
        if (message.message.sender === "producer") {
          this.typing.hidden = true;
          this.acknowledgeRead();
        }
        break;
      }
      case TYPES.CHAT_ACK:
        this.conversation = message.conversation;
        this.outbox.remove(message.client_id);
        this.thread.markDelivered(message.id);
        break;
      case TYPES.CHAT_HIDDEN:
        this.thread.remove(message.id);
        break;
      case TYPES.CHAT_RESTORED:
        this.thread.add(message.message);
        this.markMine();
        break;
      case TYPES.CHAT_TYPING:
        this.typing.hidden = false;
        clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => { this.typing.hidden = true; }, TYPING_SHOWN);
        break;
      case TYPES.CHAT_READ:
        if (message.sender === "producer") this.thread.markRead(message.up_to);
        break;
      case TYPES.PRESENCE_UPDATE:
        if (message.booth === this.slug) this.showPresence(message);
        break;
      case TYPES.ERROR:
        this.showError(message);
        break;
      default:
        break;
    }
  }

  markMine() {
    for (const [id] of this.thread.byId) this.thread.markDelivered(id);
    this.thread.markRead(this.thread.readUpTo);
  }

  showPresence({ visitors, producer_online: online }) {
    this.presence.textContent = `${online ? this.labels.producerOnline : this.labels.producerAway} · ${count(this.labels, "visitors", visitors)}`;
    this.presence.classList.toggle("online", online);
  }

  showStatus(status) {
    this.root.dataset.status = status;
    this.thread.setWaiting(status !== "online");
    this.status.textContent = this.labels[`status_${status}`] ?? "";
    this.status.hidden = status === "online";
  }

  showError(error) {
    if (error.code === "rate_limited") return; // the outbox sends it again on the next flush
    if (error.code === "muted" && error.client_id) {
      // Not stored and not resent: the message stays on screen marked "not sent", and its text goes back in the
      // box (unless something new is being typed) so nothing the visitor wrote is lost.
      const entry = this.outbox.all().find((item) => item.client_id === error.client_id);
      this.outbox.remove(error.client_id);
      this.thread.refuse(error.client_id, this.labels.notSent);
      if (entry && !this.text.value.trim()) this.text.value = entry.text;
    }
    this.status.textContent = error.message;
    this.status.hidden = false;
  }
}
