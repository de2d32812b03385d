// The order page: its status follows the producer's every step, live, without a reload.
import { ORDER_STATUSES, ORDER_STEPS, TYPES, VISITOR_MAY_CANCEL } from "../realtime/protocol.js";
import { Socket } from "../realtime/Socket.js";
import { labels as readLabels } from "../ui/labels.js";
import { PaymentStatus } from "./PaymentStatus.js";

const root = document.getElementById("order");
const labels = readLabels("order-labels");
// data-status-placed="…" is dataset.statusPlaced: a status's name in this page's language.
const statusLabel = (status) => labels[`status${status.charAt(0).toUpperCase()}${status.slice(1)}`] ?? status;
const payment = new PaymentStatus(document.getElementById("payment"));

function show(order) {
  root.dataset.status = order.status;
  // In this page's language (the event was made in whoever moved the order's language).
  root.querySelector(".order-status").textContent = statusLabel(order.status);
  const next = root.querySelector(".order-next");
  if (next) next.hidden = order.status !== ORDER_STATUSES.PLACED;
  const reached = ORDER_STEPS.indexOf(order.status);
  for (const step of root.querySelectorAll(".order-steps li")) {
    const index = ORDER_STEPS.indexOf(step.dataset.step);
    step.classList.toggle("done", order.status !== ORDER_STATUSES.CANCELLED && index < reached);
    step.classList.toggle("current", index === reached);
  }
  root.querySelector(".order-cancelled").hidden = order.status !== ORDER_STATUSES.CANCELLED;
  root.querySelector(".order-reason").textContent = order.cancel_reason;
  root.querySelector(".order-tracking").hidden = !order.tracking_note;
  root.querySelector(".order-tracking-note").textContent = order.tracking_note;
  const events = root.querySelector(".order-events");
  events.replaceChildren(...order.events.map((event) => {
    const item = document.createElement("li");
    const when = new Date(event.at).toLocaleString(document.documentElement.lang);
    item.textContent = [when, statusLabel(event.to), event.reason].filter(Boolean).join(" · ");
    return item;
  }));
  payment.show(order);
  const cancel = root.querySelector(".order-cancel");
  if (cancel) cancel.hidden = !VISITOR_MAY_CANCEL.includes(order.status);
}

let latest = null;
const socket = new Socket({
  path: "/ws/orders/",
  onOpen: () => socket.send({ type: TYPES.ORDER_FOLLOW, number: root.dataset.number }),
  onMessage: (message) => {
    if (message.type === TYPES.ORDER_STATUS && message.order.number === root.dataset.number) {
      latest = message.order;
      show(message.order);
    }
  },
});
socket.connect();
show({ ...JSON.parse(document.getElementById("order-initial").textContent) });

// Deliberate test hook.
window.fairOrder = { status: () => latest?.status ?? root.dataset.status };
