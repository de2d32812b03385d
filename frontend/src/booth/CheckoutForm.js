import { deliverLater, Outbox } from "../realtime/Outbox.js";
import { MIN_ADDRESS, PHONE_DIGITS, TYPES } from "../realtime/protocol.js";
import { format, labels as readLabels } from "../ui/labels.js";
import { money } from "../ui/money.js";

const ANSWER_WITHIN = 10000; // ms to wait for the server before sending the same order again
const TRIES = 3; // then the plain form post takes over, with the same key

/** The JavaScript error span of a checkout field, made once. */
function errorOf(field) {
  const holder = field.closest(".field, td");
  let span = holder.querySelector(".field-error");
  if (!span) {
    span = Object.assign(document.createElement("span"), { className: "field-error", hidden: true });
    holder.append(span);
  }
  return span;
}

/** The checkout: a live total (the server prices the order again when it is placed), quantities kept within the
 * stock with the reason at the field, contact problems said at their fields; the order goes over the booth socket,
 * and the same key on every retry makes a double tap one order. */
export class CheckoutForm {
  constructor({ form, socket, labels }) {
    this.form = form;
    this.socket = socket;
    this.labels = { ...labels, ...readLabels("checkout-labels") };
    this.status = form.querySelector(".checkout-status");
    this.key = form.querySelector("input[name=idempotency_key]").value;
    this.tries = 0;
    this.timer = null;
    this.busy = false;
    // An order placed without a connection waits here (its key is its client id) until the socket is back, or
    // until the service worker delivers it when this page is closed.
    this.outbox = new Outbox(`order:${this.labels.booth}`, {
      post: (entry) => ({ url: `/outbox/booths/${this.labels.booth}/`, message: entry.message }),
    });
    this.outbox.onDelivered(({ answer }) => this.dispatch({ ...answer, idempotency_key: answer.idempotency_key ?? this.key }));
  }

  /** The socket is (back) open: an order that waited goes now, with its key. */
  opened() {
    this.outbox.ready.then(() => {
      const waiting = this.outbox.all()[0];
      if (!waiting || (this.busy && this.tries)) return;
      this.key = waiting.client_id;
      this.busy = true;
      this.place(waiting.message);
    });
  }

  /** No connection at all: the order is kept (on disk) and goes when the network is back. */
  async queue() {
    const waiting = this.outbox.all().find((entry) => entry.client_id === this.key);
    if (!waiting) this.outbox.add({ client_id: this.key, message: this.payload() });
    this.busy = true;
    this.form.querySelector("button.place").disabled = true;
    await this.outbox.kept(this.key); // said once it is on disk: closing the page cannot lose it then
    this.show(this.labels.queued, false);
    this.status.dataset.kept = "1";
    deliverLater();
  }

  connect() {
    this.form.addEventListener("submit", (event) => {
      if (event.submitter?.value !== "place") return; // "Update total" without JavaScript
      if (!this.check()) {
        event.preventDefault();
        return;
      }
      if (navigator.onLine === false) {
        event.preventDefault(); // no network: the order waits on the phone
        if (!this.busy) this.queue();
        return;
      }
      if (!this.socket.isOpen) return; // no socket: the plain post, with the same key
      event.preventDefault();
      if (!this.busy) this.place();
    });
    for (const input of this.quantityInputs()) {
      input.addEventListener("input", () => this.quantityChanged(input));
    }
    for (const name of ["name", "phone", "address"]) {
      const field = this.form.elements[name];
      field?.addEventListener("change", () => this.checkField(field));
    }
    this.form.querySelector(".quote-button").hidden = true; // the total follows every change
    this.total();
    return this;
  }

  quantityInputs() {
    return [...this.form.querySelectorAll("input[name^='line-']")];
  }

  /** Keeps a quantity within 0 and what is left (the input's max, kept live by StockBoard), saying so at the field. */
  quantityChanged(input) {
    const most = Number(input.max);
    const value = Number(input.value);
    const span = errorOf(input);
    if (value > most) {
      input.value = String(most);
      span.textContent = most ? format(this.labels.onlyLeft, { count: most }) : this.labels.soldOut;
      span.hidden = false;
    } else {
      span.hidden = true;
      if (value < 0) input.value = "0";
    }
    input.setAttribute("aria-invalid", String(!span.hidden));
    this.form.querySelector(".lines-error").hidden = true;
    this.total();
  }

  /** The total of the lines as shown: each price (from the page) times its quantity. */
  total() {
    let sum = 0;
    let any = false;
    for (const input of this.quantityInputs()) {
      const quantity = Number(input.value) || 0;
      if (quantity <= 0) continue;
      any = true;
      sum += Number(input.closest("tr").dataset.price) * quantity;
    }
    this.form.querySelector(".quote-total").textContent = any ? money(sum) : "—";
    return sum;
  }

  problem(field) {
    const value = field.value.trim();
    if (field.name === "phone") {
      const digits = value.replace(/\D/g, "").length;
      if (!value) return this.labels.required;
      return digits < PHONE_DIGITS[0] || digits > PHONE_DIGITS[1] ? this.labels.phone : "";
    }
    if (!value) return this.labels.required;
    if (field.name === "address" && value.length < MIN_ADDRESS) return this.labels.address;
    return "";
  }

  checkField(field) {
    const text = this.problem(field);
    const span = errorOf(field);
    span.textContent = text;
    span.hidden = !text;
    field.setAttribute("aria-invalid", String(Boolean(text)));
    if (text) field.setAttribute("aria-describedby", span.id || (span.id = `${field.id}-error`));
    return !text;
  }

  /** Every problem at its field before anything is sent; the first one gets the focus. */
  check() {
    const fields = ["name", "phone", "address"].map((name) => this.form.elements[name]).filter(Boolean);
    const bad = fields.filter((field) => !this.checkField(field));
    const linesError = this.form.querySelector(".lines-error");
    const chosen = this.quantityInputs().some((input) => Number(input.value) > 0);
    linesError.textContent = chosen ? "" : this.labels.choose;
    linesError.hidden = chosen;
    if (!chosen) bad.unshift(this.quantityInputs().find((input) => !input.disabled) ?? linesError);
    bad[0]?.focus?.();
    return bad.length === 0;
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

  place(message = this.payload()) {
    this.busy = true;
    this.tries += 1;
    this.show(this.labels.placing, false);
    this.form.querySelector("button.place").disabled = true;
    this.socket.send(message);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.tries < TRIES && this.socket.isOpen) this.place(message);
      else if (this.outbox.has(this.key)) this.show(this.labels.queued, false); // it waits for the network
      else this.form.requestSubmit(this.form.querySelector("button.place")); // the same key, as a plain post
    }, ANSWER_WITHIN);
  }

  dispatch(message) {
    if (!this.busy) return;
    if (message.type === TYPES.ORDER_PLACED && message.idempotency_key === this.key) {
      clearTimeout(this.timer);
      this.outbox.remove(this.key);
      window.location.assign(`/orders/${encodeURIComponent(message.order.number)}/`);
    } else if (message.type === TYPES.ERROR) {
      if (this.outbox.has(this.key) && ["rate_limited", "server_error"].includes(message.code)) return; // it goes again
      clearTimeout(this.timer);
      this.outbox.remove(this.key); // refused for good (sold out meanwhile, …): said here, not sent again
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
