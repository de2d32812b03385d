import { Socket } from "../realtime/Socket.js";
import { Outbox } from "../realtime/Outbox.js";
import { TYPES } from "../realtime/protocol.js";

/** The booth's chat in VR: the latest messages on a panel and quick replies, over the booth's socket
 * (the same outbox as the booth page, so a reply written in VR is never lost). */
export class ChatXR {
  constructor({ slug, panel, labels, onChange = () => {} }) {
    this.slug = slug;
    this.panel = panel;
    this.labels = labels;
    this.onChange = onChange;
    this.messages = [];
    this.outbox = new Outbox(`booth:${slug}`);
    this.socket = new Socket({
      path: `/ws/booths/${slug}/`,
      onOpen: () => {
        this.socket.send({ type: TYPES.CHAT_RESUME, after: 0 });
        this.flush();
      },
      onMessage: (message) => this.dispatch(message),
    });
    this.socket.connect();
  }

  quickReplies() {
    return [this.labels.vrAskPrice, this.labels.vrAskShipping, this.labels.vrThanks];
  }

  send(text) {
    this.outbox.add({ text });
    this.flush();
    this.render();
  }

  flush() {
    for (const entry of this.outbox.all()) {
      if (!this.socket.send({ type: TYPES.CHAT_SEND, client_id: entry.client_id, text: entry.text })) return;
    }
  }

  dispatch(message) {
    if (message.type === TYPES.CHAT_HISTORY) this.messages = message.messages;
    else if (message.type === TYPES.CHAT_MESSAGE) this.messages = [...this.messages.filter((m) => m.id !== message.message.id), message.message];
    else if (message.type === TYPES.CHAT_ACK) this.outbox.remove(message.client_id);
    else if (message.type === TYPES.CHAT_HIDDEN) this.messages = this.messages.filter((m) => m.id !== message.id);
    else if (message.type === TYPES.CHAT_RESTORED) {
      this.messages = [...this.messages.filter((m) => m.id !== message.message.id), message.message].sort((a, b) => a.id - b.id);
    } else if (message.type === TYPES.ERROR && message.code === "muted") {
      this.outbox.remove(message.client_id); // refused for good: said on the panel, not resent forever
      this.refused = message.message;
    } else return;
    this.render();
  }

  render() {
    const pending = this.outbox.all().map((entry) => `${this.labels.vrYou}: ${entry.text} …`);
    const lines = this.messages.slice(-4).map((m) => `${m.sender === "producer" ? this.labels.vrProducer : this.labels.vrYou}: ${m.text}`);
    this.panel.show({
      title: this.labels.vrChat,
      body: [...lines, ...pending, ...(this.refused ? [this.refused] : [])].slice(-5).join("\n") || this.labels.vrChatEmpty,
      buttons: [...this.quickReplies().map((text, index) => ({ action: `reply-${index}`, label: text })), { action: "close-chat", label: this.labels.vrBack }],
    });
    this.onChange(this.messages);
  }

  select(action) {
    if (!action?.startsWith("reply-")) return false;
    this.send(this.quickReplies()[Number(action.slice(6))]);
    return true;
  }

  close() {
    this.socket.dispose();
  }
}
