// The order page: its status follows the producer's every step, live, without a reload.
import { Socket } from "../realtime/Socket.js";
import { labels as readLabels } from "../ui/labels.js";

const root = document.getElementById("order");
const labels = readLabels("order-labels");
const STEPS = ["placed", "confirmed", "shipped", "delivered"];

function show(order) {
  root.dataset.status = order.status;
  root.querySelector(".order-status").textContent = order.status_label;
  const reached = STEPS.indexOf(order.status);
  for (const step of root.querySelectorAll(".order-steps li")) {
    const index = STEPS.indexOf(step.dataset.step);
    step.classList.toggle("done", order.status !== "cancelled" && index < reached);
    step.classList.toggle("current", index === reached);
  }
  root.querySelector(".order-cancelled").hidden = order.status !== "cancelled";
  root.querySelector(".order-reason").textContent = order.cancel_reason;
  root.querySelector(".order-tracking").hidden = !order.tracking_note;
  root.querySelector(".order-tracking-note").textContent = order.tracking_note;
  const events = root.querySelector(".order-events");
  events.replaceChildren(...order.events.map((event) => {
    const item = document.createElement("li");
    const when = new Date(event.at).toLocaleString(document.documentElement.lang);
    item.textContent = [when, labels[`status-${event.to}`] ?? event.to, event.reason].filter(Boolean).join(" · ");
    return item;
  }));
  const cancel = root.querySelector(".order-cancel");
  if (cancel) cancel.hidden = order.status !== "placed";
}

let latest = null;
const socket = new Socket({
  path: "/ws/orders/",
  onOpen: () => socket.send({ type: "order.follow", number: root.dataset.number }),
  onMessage: (message) => {
    if (message.type === "order.status" && message.order.number === root.dataset.number) {
      latest = message.order;
      show(message.order);
    }
  },
});
socket.connect();
show({ ...JSON.parse(document.getElementById("order-initial").textContent) });

// Deliberate test hook.
window.fairOrder = { status: () => latest?.status ?? root.dataset.status };
