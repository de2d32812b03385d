import { TYPES } from "../realtime/protocol.js";
import { format } from "../ui/labels.js";
import { money } from "../ui/money.js";
import { quality, summary } from "../live/webrtc.js";
import { LIVE_ERRORS, StreamViewer } from "../live/viewer.js";

const MEASURE_EVERY = 3000; // ms between two looks at the connection (quality, automatic layer)
const JUST_ORDERED_FOR = 5000; // ms the "just ordered" mark stays on the pinned card
const CONTACT_KEY = "fair:live-contact";
const REPLAY_ASK_START = 1000; // ms before asking whether the replay is ready; doubles up to REPLAY_ASK_MAX
const REPLAY_ASK_MAX = 15000;

/** The layer a viewer gets when they did not choose: from light mode, data saving, the network's own estimate and
 * what this connection measured (loss). */
export function autoLayer({ light, saveData, downlink, loss }) {
  if (downlink !== undefined && downlink < 0.25) return "audio";
  if (light || saveData || (downlink !== undefined && downlink < 1) || loss > 0.08) return "low";
  if ((downlink !== undefined && downlink < 2.5) || loss > 0.02) return "medium";
  return "high";
}

/** The booth's live stream: the player with its viewer count and quality, the pinned product's card (price, live stock,
 * one-tap order), "ended", "interrupted", and the replay with its timeline of pins. */
export class LivePlayer {
  constructor({ root, socket, labels }) {
    this.root = root;
    this.socket = socket;
    this.labels = { ...labels, ...root.dataset };
    this.booth = labels.booth;
    this.video = root.querySelector(".live-video");
    this.status = root.querySelector(".live-status");
    this.viewersLine = root.querySelector(".live-viewers");
    this.card = root.querySelector(".live-pin");
    this.layerSelect = root.querySelector(".live-layer");
    this.qualityLine = root.querySelector(".live-quality");
    this.state = { status: "off", available: true };
    this.viewer = new StreamViewer({
      socket, video: this.video,
      onConnection: (state) => { this.root.dataset.connection = state; },
      onSubscribed: () => { this.layer = null; }, // the next measure sends the layer this viewer should get
    });
    this.layer = null;
    this.viewers = 0;
    this.lastStock = null;
    this.pending = null; // the idempotency key of an order placed from the card
    this.measured = { framesDecoded: 0, packetsLost: 0, packetsReceived: 0 };
  }

  connect() {
    this.layerSelect?.addEventListener("change", () => this.chooseLayer());
    this.root.querySelector(".live-sound")?.addEventListener("click", () => {
      this.video.muted = !this.video.muted;
      this.video.play().catch(() => {});
    });
    this.card.querySelector(".live-order").addEventListener("click", () => this.order());
    this.card.querySelector(".live-contact")?.addEventListener("submit", (event) => { event.preventDefault(); this.order(); });
    this.timer = setInterval(() => this.measure(), MEASURE_EVERY);
    return this;
  }

  opened() {
    this.socket.send({ type: TYPES.LIVE_STATUS });
  }

  dispatch(message) {
    switch (message.type) {
      case TYPES.LIVE_STATE:
        if (message.booth === this.booth) this.show(message);
        break;
      case TYPES.LIVE_OFFER:
        this.viewer.answer(message);
        break;
      case TYPES.LIVE_VIEWERS:
        if (message.booth === this.booth && message.stream === this.state.stream) {
          this.viewers = message.viewers;
          this.viewersLine.textContent = format(this.labels.viewers, { count: message.viewers });
        }
        break;
      case TYPES.PRODUCT_STOCK:
        if (this.state.pin?.slug === message.product) {
          if (this.lastStock !== null && message.stock < this.lastStock) this.justOrdered();
          Object.assign(this.state.pin, { stock: message.stock, sold_out: message.sold_out });
          this.renderCard();
        }
        break;
      case TYPES.ORDER_PLACED:
        if (message.idempotency_key === this.pending) this.ordered(message.order);
        break;
      case TYPES.ERROR:
        if (LIVE_ERRORS.has(message.code)) this.failed(message);
        else if (this.pending) this.orderFailed(message);
        break;
      default:
    }
  }

  show(state) {
    this.state = state;
    this.root.hidden = state.status === "off" && state.available !== false;
    this.root.dataset.state = state.status;
    this.root.querySelector(".live-title-text").textContent = state.title ?? "";
    const words = { off: this.labels.off, starting: this.labels.starting, live: this.labels.live, ended: this.labels.ended,
                    interrupted: this.labels.interrupted };
    this.status.textContent = state.available === false ? this.labels.unavailable : words[state.status] ?? "";
    this.root.querySelector(".live-stage").hidden = state.status !== "live";
    this.viewer.want(state.status === "live" ? state.stream : null);
    this.lastStock = state.pin?.stock ?? null;
    this.renderCard();
    this.renderReplay();
    clearTimeout(this.replayTimer);
    if (state.replay_pending) { // the worker is making the replay: ask again, less and less often
      this.replayWait = Math.min((this.replayWait ?? REPLAY_ASK_START / 2) * 2, REPLAY_ASK_MAX);
      this.replayTimer = setTimeout(() => this.socket.send({ type: TYPES.LIVE_STATUS }), this.replayWait);
    }
  }

  get pc() {
    return this.viewer.pc;
  }

  failed(message) {
    if (message.code === "live_unavailable") {
      this.state.available = false;
      this.status.textContent = this.labels.unavailable;
      return;
    }
    if (this.state.status === "live") this.viewer.again(); // the publisher was still connecting, a token ran out: again
  }

  chooseLayer() {
    this.layer = null;
    this.measure();
  }

  async measure() {
    if (!this.pc) return;
    const found = await summary(this.pc);
    const lost = found.packetsLost - this.measured.packetsLost;
    const received = found.packetsReceived - this.measured.packetsReceived;
    const loss = lost + received > 0 ? lost / (lost + received) : 0;
    this.measured = found;
    this.qualityLine.textContent = this.labels[`quality_${quality(found)}`] ?? "";
    this.root.dataset.quality = quality(found);
    const chosen = this.layerSelect?.value ?? "auto";
    const connection = navigator.connection ?? {};
    const layer = chosen !== "auto" ? chosen : autoLayer({ light: document.documentElement.dataset.mode === "light",
                                                           saveData: connection.saveData, downlink: connection.downlink, loss });
    if (layer !== this.layer) {
      this.layer = layer;
      this.root.dataset.layer = layer;
      this.socket.send({ type: TYPES.LIVE_LAYER, layer });
    }
  }

  renderCard() {
    const pin = this.state.status === "live" ? this.state.pin : null;
    this.card.hidden = !pin;
    if (!pin) return;
    const english = document.documentElement.lang === "en";
    this.card.dataset.product = pin.slug;
    this.card.querySelector(".live-pin-name").textContent = english ? pin.name_en : pin.name_vi;
    this.card.querySelector(".live-pin-price").textContent = `${money(pin.price_vnd)} / ${english ? pin.unit_en : pin.unit_vi}`;
    const stock = this.card.querySelector(".live-pin-stock");
    stock.textContent = pin.sold_out ? this.labels.soldOut : format(this.labels.left, { count: pin.stock });
    stock.classList.toggle("sold-out", pin.sold_out);
    const button = this.card.querySelector(".live-order");
    button.disabled = pin.sold_out || Boolean(this.pending);
    button.textContent = pin.sold_out ? this.labels.soldOut : this.labels.orderOne;
    this.card.querySelector(".live-checkout").href = `/booths/${this.booth}/checkout/?line-${encodeURIComponent(pin.slug)}=1`;
    this.lastStock = pin.stock;
  }

  justOrdered() {
    const mark = this.card.querySelector(".live-just-ordered");
    mark.hidden = false;
    clearTimeout(this.justTimer);
    this.justTimer = setTimeout(() => { mark.hidden = true; }, JUST_ORDERED_FOR);
  }

  /** One tap: the pinned product, one of it, with the contact this phone gave before (else the small form first). */
  order() {
    const pin = this.state.pin;
    if (!pin || pin.sold_out || this.pending) return;
    const form = this.card.querySelector(".live-contact");
    let contact = null;
    try { contact = JSON.parse(localStorage.getItem(CONTACT_KEY) ?? "null"); } catch { contact = null; }
    if (!contact) {
      if (form.hidden) { form.hidden = false; form.querySelector("input").focus(); return; }
      if (!form.reportValidity()) return;
      const data = new FormData(form);
      contact = { name: data.get("name"), phone: data.get("phone"), address: data.get("address"), note: "", payment: "cod" };
    }
    this.contact = contact;
    this.pending = `live-${crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`}`;
    this.card.querySelector(".live-order-status").textContent = this.labels.placing;
    this.renderCard();
    this.socket.send({ type: TYPES.ORDER_PLACE, idempotency_key: this.pending, lines: [{ product: pin.slug, quantity: 1 }], contact });
  }

  ordered(order) {
    this.pending = null;
    try { localStorage.setItem(CONTACT_KEY, JSON.stringify(this.contact)); } catch { /* private mode: asked again next time */ }
    this.card.querySelector(".live-contact").hidden = true;
    const line = this.card.querySelector(".live-order-status");
    line.replaceChildren(Object.assign(document.createElement("a"), { href: `/orders/${order.number}/`,
                                                                      textContent: format(this.labels.ordered, { number: order.number }) }));
    this.card.dataset.ordered = order.number;
    this.renderCard();
  }

  orderFailed(message) {
    this.pending = null;
    if (message.code === "bad_contact") {
      localStorage.removeItem(CONTACT_KEY);
      this.card.querySelector(".live-contact").hidden = false;
    }
    this.card.querySelector(".live-order-status").textContent = message.message;
    this.renderCard();
  }

  renderReplay() {
    const box = this.root.querySelector(".live-replay");
    const replay = this.state.status !== "live" ? this.state.replay : null;
    box.hidden = !replay;
    if (!replay) return;
    const video = box.querySelector("video");
    if (video.getAttribute("src") !== replay.url) video.src = replay.url;
    const english = document.documentElement.lang === "en";
    box.querySelector(".live-timeline").replaceChildren(...replay.pins.map(({ offset, product }) => {
      const item = document.createElement("li");
      const jump = Object.assign(document.createElement("button"), { type: "button",
        textContent: `${Math.floor(offset / 60)}:${String(Math.floor(offset % 60)).padStart(2, "0")} · ${english ? product.name_en : product.name_vi}` });
      jump.addEventListener("click", () => { video.currentTime = offset; video.play().catch(() => {}); });
      const buy = Object.assign(document.createElement("a"), { className: "button secondary", textContent: this.labels.orderOne,
                                                               href: `/booths/${this.booth}/checkout/?line-${encodeURIComponent(product.slug)}=1` });
      item.append(jump, " ", buy);
      return item;
    }));
  }

  /** For the tests and the console's "how is it going". */
  async stats() {
    return { state: this.state.status, viewers: this.viewers, layer: this.layer, pin: this.state.pin?.slug ?? null,
             connection: this.pc?.connectionState ?? null, ...(await summary(this.pc)) };
  }
}
