import { MAX_REASON, ORDER_STATUSES, TYPES } from "../realtime/protocol.js";
import { format, labels as readLabels } from "../ui/labels.js";

const { AWAITING_PAYMENT, PAID } = ORDER_STATUSES;
let cached = null;
const labels = () => (cached ??= readLabels("payment-labels"));
const money = (amount) => new Intl.NumberFormat("vi-VN").format(amount);

/** Whether the board's generic button for this step is replaced by the payment controls below. */
export const isPaymentStep = (to) => to === PAID;

/** A console order card's payment part: "Payment received" with the amount (prefilled with the total) while the
 * order awaits a transfer, and each payment waiting for the producer (wrong amount, paid twice, after expiry)
 * with a box to say what was done. `onSend(problemElement)` lets the board show the server's refusal. */
export function paymentControls(order, { socket, onSend }) {
  const text = labels();
  const nodes = [];
  if (order.payment === "transfer" && order.pay_by && order.status === AWAITING_PAYMENT) {
    const due = Object.assign(document.createElement("p"), { className: "order-pay-by" });
    due.textContent = format(text.payBy, { when: new Date(order.pay_by).toLocaleString(document.documentElement.lang) });
    nodes.push(due);
  }
  for (const payment of (order.payments ?? []).filter((p) => p.needs_producer)) {
    const flag = Object.assign(document.createElement("div"), { className: "payment-flag" });
    flag.dataset.payment = String(payment.id);
    flag.append(Object.assign(document.createElement("p"), { textContent: `${money(payment.amount_vnd)} ₫ · ${payment.outcome_label}` }));
    const what = Object.assign(document.createElement("input"), { name: "resolution", maxLength: MAX_REASON, placeholder: text.resolution });
    what.setAttribute("aria-label", text.resolution);
    const done = Object.assign(document.createElement("button"), { type: "button", className: "payment-resolve secondary", textContent: text.resolve });
    done.addEventListener("click", () => {
      onSend();
      socket.send({ type: TYPES.PAYMENT_RESOLVE, id: payment.id, resolution: what.value });
    });
    flag.append(what, done);
    nodes.push(flag);
  }
  return nodes;
}

/** The "Payment received" button with its amount, for the order's actions row. */
export function paymentReceived(order, { socket, onSend }) {
  const text = labels();
  const amount = Object.assign(document.createElement("input"), { name: "amount_vnd", type: "number", min: 1, step: 1,
                                                                   inputMode: "numeric", value: String(order.total_vnd) });
  amount.setAttribute("aria-label", text.amount);
  const button = Object.assign(document.createElement("button"), { type: "button", className: "to-paid", textContent: text.received });
  button.addEventListener("click", () => {
    onSend();
    socket.send({ type: TYPES.ORDER_PAID, number: order.number, amount_vnd: Number(amount.value) });
  });
  return [amount, button];
}
