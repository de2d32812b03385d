import { MAX_REASON, ORDER_STATUSES, ORDER_TRANSITIONS, TYPES } from "../realtime/protocol.js";
import { format } from "../ui/labels.js";
import { money } from "../ui/money.js";
import { shortTime } from "../ui/time.js";
import { isPaymentStep, paymentControls, paymentReceived } from "./PaymentButton.js";

const { SHIPPED, CANCELLED, PLACED } = ORDER_STATUSES;

/** The console's orders: newest first, with the lines, contact and note, and buttons for the next steps. */
export class OrdersBoard {
  constructor({ root, socket, labels, onNew }) {
    this.root = root;
    this.list = root.querySelector(".order-list");
    this.socket = socket;
    this.labels = labels;
    this.onNew = onNew;
    this.orders = new Map();
    this.unseen = 0;
  }

  dispatch(message) {
    if (message.type === TYPES.CONSOLE_SNAPSHOT) {
      for (const order of message.orders ?? []) this.orders.set(order.number, order);
      this.render();
    } else if (message.type === TYPES.ORDER_STATUS) {
      const known = this.orders.has(message.order.number);
      this.orders.set(message.order.number, message.order);
      if (message.new && !known) {
        this.unseen += 1;
        this.onNew();
      }
      this.render();
    } else if (message.type === TYPES.ERROR && this.pending) {
      this.pending.textContent = message.message;
      this.pending.hidden = false;
    }
  }

  render() {
    const ordered = [...this.orders.values()].sort((a, b) => b.id - a.id);
    this.list.replaceChildren(...ordered.map((order) => this.card(order)));
    this.root.querySelector(".orders-empty").hidden = ordered.length > 0;
    const badge = this.root.querySelector(".orders-badge");
    const open = ordered.filter((order) => order.status === PLACED).length;
    badge.textContent = open ? String(open) : "";
    badge.hidden = !open;
  }

  card(order) {
    const item = document.createElement("li");
    item.className = "order-card";
    item.dataset.number = order.number;
    item.dataset.status = order.status;
    const head = document.createElement("h3");
    head.textContent = `${order.number} · ${this.labels[`order_${order.status}`] ?? order.status_label}`;
    const when = Object.assign(document.createElement("time"), { className: "order-time", dateTime: order.created,
                                                                textContent: shortTime(order.created) });
    const who = document.createElement("p");
    who.className = "order-who";
    const call = Object.assign(document.createElement("a"), { href: `tel:${order.phone}`, className: "order-call", textContent: order.phone });
    call.setAttribute("aria-label", format(this.labels.call, { phone: order.phone }));
    who.append(`${order.name} · `, call, ` · ${order.address}`);
    const lines = document.createElement("ul");
    for (const line of order.lines) {
      const li = document.createElement("li");
      li.textContent = `${line.quantity} × ${line.name} (${line.unit})`;
      lines.append(li);
    }
    const total = document.createElement("p");
    total.className = "order-total";
    total.textContent = format(this.labels.total, { amount: money(order.total_vnd) });
    const payment = Object.assign(document.createElement("span"), { className: `order-payment payment-${order.payment}`,
                                                                   textContent: this.labels[`payment_${order.payment}`] ?? order.payment });
    total.append(" · ", payment);
    item.append(head, when, who, lines, total);
    if (order.note) item.append(Object.assign(document.createElement("p"), { className: "order-note", textContent: order.note }));
    if (order.tracking_note) item.append(Object.assign(document.createElement("p"), { textContent: order.tracking_note }));
    const actions = document.createElement("div");
    actions.className = "order-actions";
    const problem = Object.assign(document.createElement("p"), { className: "form-error", hidden: true });
    problem.setAttribute("role", "alert");
    const payments = { socket: this.socket, onSend: () => { this.pending = problem; problem.hidden = true; } };
    item.append(...paymentControls(order, payments));
    for (const to of ORDER_TRANSITIONS[order.status] ?? []) {
      if (isPaymentStep(to)) {
        actions.append(...paymentReceived(order, payments));
        continue;
      }
      // Shipping may carry a tracking note, cancelling needs a reason for the buyer (both at most MAX_REASON).
      const note = to === SHIPPED || to === CANCELLED
        ? Object.assign(document.createElement("input"), { name: to === SHIPPED ? "tracking_note" : "reason", maxLength: MAX_REASON,
                                                          placeholder: to === SHIPPED ? this.labels.tracking : this.labels.reason })
        : null;
      if (note) note.setAttribute("aria-label", note.placeholder);
      const button = Object.assign(document.createElement("button"), { type: "button", className: `to-${to}`, textContent: this.labels[`to_${to}`] });
      button.addEventListener("click", () => {
        this.pending = problem;
        problem.hidden = true;
        const message = { type: TYPES.ORDER_TRANSITION, number: order.number, to };
        if (note) message[note.name] = note.value;
        this.socket.send(message);
      });
      if (note) actions.append(note);
      actions.append(button);
    }
    item.append(actions, problem);
    return item;
  }
}
