import { AnnounceForm } from "./AnnounceForm.js";
import { LiveStudio } from "./LiveStudio.js";
import { CallPanel } from "../live/call.js";
import { deliverLater, Outbox } from "../realtime/Outbox.js";
import { TYPES } from "../realtime/protocol.js";
import { Socket } from "../realtime/Socket.js";
import { Thread } from "../realtime/Thread.js";
import { count, format, sendOnEnter } from "../ui/labels.js";
import { shortTime } from "../ui/time.js";
import { OrdersBoard } from "./OrdersBoard.js";
import { StockList } from "./StockList.js";

const TYPING_EVERY = 3000;
const TYPING_SHOWN = 4000;

/** The producer's console: conversations newest first with unread badges, one open thread, online/away. */
export class ConsoleApp {
  constructor({ root, labels }) {
    this.root = root;
    this.labels = labels;
    this.conversations = new Map(); // id -> {meta, thread, item}
    this.open = null;
    this.lastId = 0; // highest message id seen in any conversation: what a reconnect resumes from
    // A reply written while the console is closed goes with the service worker to the socket's HTTP twin.
    this.outbox = new Outbox("producer", { post: (entry) => ({ url: "/outbox/producer/", message: ConsoleApp.message(entry) }) });
    this.outbox.onDelivered(() => this.socket.send({ type: TYPES.CHAT_RESUME, after: this.lastId }));
    this.list = root.querySelector(".conversation-list");
    this.boothList = root.querySelector(".console-booths");
    this.threadView = root.querySelector(".console-thread");
    this.form = this.threadView.querySelector("form");
    this.text = this.form.querySelector("textarea");
    this.statusLine = root.querySelector(".console-connection");
    this.typing = this.threadView.querySelector(".chat-typing");
    this.statusButton = root.querySelector(".console-status");
    this.lastTyping = 0;
    this.status = "online";
    this.title = document.title;
  }

  connect() {
    sendOnEnter(this.form, this.text, () => this.write());
    this.text.addEventListener("input", () => {
      if (!this.open || Date.now() - this.lastTyping < TYPING_EVERY) return;
      this.lastTyping = Date.now();
      this.socket.send({ type: TYPES.CHAT_TYPING, conversation: this.open });
    });
    this.threadView.querySelector(".console-back").addEventListener("click", () => this.show(null));
    this.muteForm = this.threadView.querySelector(".console-mute form");
    const mute = (event) => {
      event.preventDefault();
      if (!this.open || !this.muteForm.reportValidity()) return;
      const data = new FormData(this.muteForm);
      this.socket.send({ type: TYPES.VISITOR_MUTE, conversation: this.open, minutes: Number(data.get("minutes")),
                         reason: String(data.get("reason")).trim() });
    };
    // Its button is not a submit button: the thread's only submit button stays "Send".
    this.muteForm?.addEventListener("submit", mute);
    this.muteForm?.querySelector(".mute-send").addEventListener("click", mute);
    this.statusButton.addEventListener("click", () => {
      this.status = this.status === "online" ? "away" : "online";
      this.socket.send({ type: TYPES.PRESENCE_STATUS, status: this.status });
      this.showOwnStatus();
    });
    document.addEventListener("visibilitychange", () => this.readOpen());
    this.orders = new OrdersBoard({ root: this.root.querySelector(".console-orders"), socket: null, labels: this.labels, onNew: () => this.alert() });
    this.stock = new StockList({ root: this.root.querySelector(".console-stock"), socket: null, labels: this.labels });
    this.socket = new Socket({
      path: "/ws/producer/",
      onOpen: () => {
        this.socket.send({ type: TYPES.CHAT_RESUME, after: this.lastId });
        if (this.status === "away") this.socket.send({ type: TYPES.PRESENCE_STATUS, status: "away" });
        this.flush();
        this.announce?.flush();
        this.call?.opened();
      },
      onMessage: (message) => {
        this.dispatch(message);
        this.orders.dispatch(message);
        this.stock.dispatch(message);
        this.announce?.dispatch(message);
        this.live?.dispatch(message);
        this.call?.dispatch(message);
      },
      onStatus: (status) => {
        this.root.dataset.connection = status;
        this.statusLine.textContent = this.labels[`status_${status}`] ?? "";
        this.statusLine.hidden = status === "online";
        for (const { thread } of this.conversations.values()) thread.setWaiting(status !== "online");
      },
    });
    this.orders.socket = this.socket;
    const announceRoot = this.root.querySelector(".console-announce");
    if (announceRoot) this.announce = new AnnounceForm({ root: announceRoot, socket: this.socket, labels: this.labels });
    this.stock.socket = this.socket;
    const liveRoot = this.root.querySelector(".console-live");
    if (liveRoot) this.live = new LiveStudio({ root: liveRoot, socket: this.socket, labels: this.labels }).connect();
    const callRoot = this.root.querySelector("#call");
    if (callRoot) this.call = new CallPanel({ root: callRoot, socket: this.socket, role: "callee" }).connect();
    this.socket.connect();
    this.outbox.ready.then(() => {
      for (const pending of this.outbox.all()) this.conversations.get(pending.conversation)?.thread.addPending(pending);
      this.flush();
    });
    return this;
  }

  entry(id, meta = {}) {
    let found = this.conversations.get(id);
    if (!found) {
      const list = document.createElement("ol");
      list.className = "chat-messages";
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "conversation";
      button.addEventListener("click", () => this.show(id));
      item.append(button);
      found = { meta: { id, unread: 0, visitor: "", booth: "", preview: "", last_message_id: 0 }, list, item, button,
                thread: new Thread({ list, me: "producer", labels: this.labels }) };
      this.conversations.set(id, found);
      for (const pending of this.outbox.all().filter((p) => p.conversation === id)) found.thread.addPending(pending);
    }
    Object.assign(found.meta, meta);
    return found;
  }

  dispatch(message) {
    switch (message.type) {
      case TYPES.CONSOLE_SNAPSHOT:
        this.status = message.status;
        this.showOwnStatus();
        for (const meta of message.conversations) {
          const known = this.conversations.get(meta.id);
          this.entry(meta.id, { ...meta, unread: known && this.open === meta.id ? 0 : meta.unread });
          this.entry(meta.id).thread.markRead(meta.visitor_read_id);
        }
        this.showBooths(message.booths);
        this.renderList();
        break;
      case TYPES.CHAT_HISTORY: {
        for (const item of message.messages) this.receive(item, {}, false);
        this.renderList();
        break;
      }
      case TYPES.CHAT_MESSAGE:
        this.receive(message.message, { booth: message.booth, booth_title: message.booth_title, visitor: message.visitor }, true);
        this.renderList();
        break;
      case TYPES.CHAT_HIDDEN:
        this.conversations.get(message.conversation)?.thread.remove(message.id);
        break;
      case TYPES.CHAT_RESTORED:
        this.receive(message.message, {}, false);
        this.renderList();
        break;
      case TYPES.VISITOR_MUTED:
        this.muteForm?.reset();
        this.muteForm.querySelector(".mute-status").textContent = format(this.labels.muted, { until: shortTime(message.until) });
        break;
      case TYPES.CHAT_ACK:
        this.outbox.remove(message.client_id);
        this.entry(message.conversation).thread.markDelivered(message.id);
        break;
      case TYPES.CHAT_TYPING:
        if (message.conversation === this.open) {
          this.typing.hidden = false;
          clearTimeout(this.typingTimer);
          this.typingTimer = setTimeout(() => { this.typing.hidden = true; }, TYPING_SHOWN);
        }
        break;
      case TYPES.CHAT_READ:
        if (message.sender === "visitor") this.entry(message.conversation).thread.markRead(message.up_to);
        break;
      case TYPES.PRESENCE_UPDATE:
        this.updateBooth(message);
        break;
      case TYPES.ERROR:
        if (message.code !== "rate_limited") {
          this.statusLine.textContent = message.message;
          this.statusLine.hidden = false;
        }
        break;
      default:
        break;
    }
  }

  receive(message, meta, live) {
    const conversation = this.entry(message.conversation, meta);
    const before = conversation.thread.lastId;
    if (this.outbox.has(message.client_id)) this.outbox.remove(message.client_id);
    const fresh = !conversation.thread.byId.has(message.id);
    const gap = conversation.thread.add(message);
    if (fresh && message.sender === "visitor") this.addHideButton(conversation.thread.byId.get(message.id), message.id);
    if (gap && before) this.socket.send({ type: TYPES.CHAT_RESUME, conversation: message.conversation, after: before });
    this.lastId = Math.max(this.lastId, message.id);
    conversation.meta.last_message_id = Math.max(conversation.meta.last_message_id, message.id);
    conversation.meta.preview = message.text.slice(0, 120);
    if (message.id >= conversation.meta.last_message_id) conversation.meta.last_at = message.created;
    if (fresh && message.sender === "visitor") {
      if (this.open === message.conversation && document.visibilityState === "visible") this.readOpen();
      else if (live) {
        conversation.meta.unread += 1;
        this.alert();
      }
    }
    if (message.sender === "visitor") this.typing.hidden = true;
  }

  /** "Hide" under a visitor's message: asks for the reason in place, then every open page loses the message. */
  addHideButton(item, id) {
    if (!item || item.querySelector(".hide-message")) return;
    const button = Object.assign(document.createElement("button"), { type: "button", className: "hide-message link",
                                                                     textContent: this.labels.hide });
    button.addEventListener("click", () => {
      if (item.querySelector(".hide-form")) return;
      const form = Object.assign(document.createElement("form"), { className: "hide-form" });
      const label = Object.assign(document.createElement("label"), { textContent: `${this.labels.hideReason} ` });
      const reason = Object.assign(document.createElement("input"), { name: "reason", required: true, maxLength: 200 });
      label.append(reason);
      const confirm = Object.assign(document.createElement("button"), { type: "submit", textContent: this.labels.hideConfirm });
      form.append(label, confirm);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (reason.value.trim()) this.socket.send({ type: TYPES.CHAT_HIDE, id, reason: reason.value.trim() });
      });
      item.append(form);
      reason.focus();
    });
    item.append(button);
  }

  /** A new message while the producer looks elsewhere: a short beep, a buzz, and the badge. */
  alert() {
    navigator.vibrate?.(200);
    try {
      this.audio ??= new AudioContext();
      const tone = this.audio.createOscillator();
      const gain = this.audio.createGain();
      gain.gain.value = 0.08;
      tone.frequency.value = 880;
      tone.connect(gain).connect(this.audio.destination);
      tone.start();
      tone.stop(this.audio.currentTime + 0.15);
    } catch {
      // No sound (autoplay rules before the first tap): the badge still shows.
    }
  }

  renderList() {
    const ordered = [...this.conversations.values()].sort((a, b) => b.meta.last_message_id - a.meta.last_message_id);
    // Several visitors may give the same name (or none): those are told apart by their conversation's number.
    const names = new Map();
    for (const { meta } of ordered) names.set(meta.visitor, (names.get(meta.visitor) ?? 0) + 1);
    let unread = 0;
    for (const { meta, item, button } of ordered) {
      unread += meta.unread;
      button.replaceChildren();
      const who = document.createElement("strong");
      who.className = "who";
      who.textContent = this.visitorName(meta, names);
      const when = Object.assign(document.createElement("time"), { className: "when", dateTime: meta.last_at ?? "",
                                                                  textContent: meta.last_at ? shortTime(meta.last_at) : "" });
      const where = document.createElement("span");
      where.className = "where";
      where.textContent = meta.booth_title || meta.booth || "";
      const preview = document.createElement("span");
      preview.className = "preview";
      preview.textContent = meta.preview;
      button.append(who, when, where, preview);
      if (meta.unread) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = String(meta.unread);
        badge.setAttribute("aria-label", format(this.labels.unread, { count: meta.unread }));
        button.append(badge);
      }
      button.setAttribute("aria-current", String(this.open === meta.id));
      this.list.append(item);
    }
    this.root.querySelector(".console-empty").hidden = ordered.length > 0;
    const inboxBadge = this.root.querySelector(".inbox-badge");
    if (inboxBadge) {
      inboxBadge.textContent = unread ? String(unread) : "";
      inboxBadge.hidden = !unread;
      inboxBadge.setAttribute("aria-label", format(this.labels.unread, { count: unread }));
    }
    this.names = names;
    document.title = unread ? `(${unread}) ${this.title}` : this.title;
    navigator.setAppBadge?.(unread).catch?.(() => {});
  }

  show(id) {
    this.open = id;
    this.root.dataset.view = id ? "thread" : "list";
    const conversation = id ? this.conversations.get(id) : null;
    const holder = this.threadView.querySelector(".thread-holder");
    holder.replaceChildren(...(conversation ? [conversation.list] : []));
    this.threadView.hidden = !conversation;
    if (conversation) {
      this.threadView.querySelector(".thread-title").textContent =
        `${this.visitorName(conversation.meta, this.names)} · ${conversation.meta.booth_title || conversation.meta.booth}`;
      this.readOpen();
      this.text.focus();
    }
    this.renderList();
  }

  /** The visitor's name, with the conversation's number when another visitor gave the same name (or none). */
  visitorName(meta, names = new Map()) {
    const name = meta.visitor || this.labels.anonymous;
    return (names.get(meta.visitor) ?? 0) > 1 ? format(this.labels.visitorNumber, { name, number: meta.id }) : name;
  }

  readOpen() {
    if (!this.open || document.visibilityState !== "visible") return;
    const conversation = this.conversations.get(this.open);
    conversation.meta.unread = 0;
    if (conversation.thread.lastId) this.socket.send({ type: TYPES.CHAT_READ, conversation: this.open, up_to: conversation.thread.lastId });
    this.renderList();
  }

  write() {
    const text = this.text.value.trim();
    if (!text || !this.open) return;
    const entry = this.outbox.add({ conversation: this.open, text });
    const { thread } = this.conversations.get(this.open);
    thread.addPending(entry);
    this.outbox.kept(entry.client_id).then(() => thread.markKept(entry.client_id));
    this.text.value = "";
    this.flush();
    if (!this.socket.isOpen) deliverLater();
  }

  static message(entry) {
    return { type: TYPES.CHAT_SEND, conversation: entry.conversation, client_id: entry.client_id, text: entry.text };
  }

  flush() {
    for (const entry of this.outbox.all()) {
      if (!this.socket.send(ConsoleApp.message(entry))) return;
    }
  }

  showOwnStatus() {
    this.statusButton.textContent = this.status === "online" ? this.labels.online : this.labels.away;
    this.statusButton.setAttribute("aria-pressed", String(this.status === "online"));
    this.root.dataset.status = this.status;
  }

  showBooths(booths) {
    this.boothList.replaceChildren();
    for (const booth of booths) {
      const item = document.createElement("li");
      item.dataset.booth = booth.slug;
      this.boothList.append(item);
      this.updateBooth({ booth: booth.slug, visitors: booth.visitors, title: booth.title });
    }
  }

  updateBooth({ booth, visitors, title }) {
    const item = this.boothList.querySelector(`[data-booth="${CSS.escape(booth)}"]`);
    if (!item) return;
    if (title) item.dataset.title = title;
    item.textContent = `${item.dataset.title}: ${count(this.labels, "visitors", visitors)}`;
  }
}
