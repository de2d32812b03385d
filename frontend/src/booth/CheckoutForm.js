import { TYPES } from "../realtime/protocol.js";

const ANSWER_WITHIN = 10000; // ms to wait for the server before sending the same order again
const TRIES = 3; // then the plain form post takes over, with the same key

/** Places the checkout's order over the booth socket; the same key on every retry makes a double tap one order. */
export class CheckoutForm {
  constructor({ form, socket, labels }) {
    this.form = form;
    this.socket = socket;
    this.labels = labels;
    this.status = form.querySelector(".checkout-status");
    this.key = form.querySelector("input[name=idempotency_key]").value;
    this.tries = 0;
    this.timer = null;
    this.busy = false;
  }

  connect() {
    this.form.addEventListener("submit", (event) => {
      if (event.submitter?.value !== "place" || !this.socket.isOpen) return; // quotes, and no socket: plain post
      event.preventDefault();
      if (!this.busy) this.place();
    });
    return this;
  }

  payload() {
    const data = new FormData(this.form);
    const lines = [];
    for (const [name, value] of data) {
      if (name.startsWith("line-") && Number(value) !== 0) lines.push({ product: name.slice(5), quantity: Number(value) });
    }
    const contact = Object.fromEntries(["name", "phone", "address", "note", "payment"].map((key) => [key, data.get(key) ?? ""]));
    return { type: TYPES.ORDER_PLACE, idempotency_key: this.key, lines, contact };
  }

  place() {
    this.busy = true;
    this.tries += 1;
    this.show(this.labels.placing, false);
    this.form.querySelector("button.place").disabled = true;
    this.socket.send(this.payload());
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.tries < TRIES && this.socket.isOpen) this.place();
      else this.form.requestSubmit(this.form.querySelector("button.place")); // the same key, as a plain post
    }, ANSWER_WITHIN);
  }

  dispatch(message) {
    if (!this.busy) return;
    if (message.type === TYPES.ORDER_PLACED && message.idempotency_key === this.key) {
      clearTimeout(this.timer);
      window.location.assign(`/orders/${encodeURIComponent(message.order.number)}/`);
    } else if (message.type === TYPES.ERROR) {
      clearTimeout(this.timer);
      this.busy = false;
      this.form.querySelector("button.place").disabled = false;
      this.show(message.message, true);
    }
  }

  show(text, problem) {
    this.status.textContent = text;
    this.status.hidden = false;
    this.status.setAttribute("role", problem ? "alert" : "status");
    this.status.classList.toggle("form-error", problem);
  }
}
