// Live presence on the hall page (light and 3D): counts in the list, badges in the 3D hall.
import { TYPES } from "../realtime/protocol.js";
import { Socket } from "../realtime/Socket.js";
import { count, labels as readLabels } from "../ui/labels.js";

const section = document.querySelector("[data-hall-id]");
if (section) {
  const labels = readLabels("presence-labels");
  const socket = new Socket({
    path: `/ws/halls/${section.dataset.hallId}/`,
    onMessage: (message) => {
      // A new floor plan: the 3D hall moves its booths (hall/main.js).
      if (message.type === TYPES.HALL_LAYOUT) document.dispatchEvent(new CustomEvent("fair:layout", { detail: message }));
      if (message.type === TYPES.HALL_LIVE) showLive(message.live);
      if (message.type !== TYPES.PRESENCE_UPDATE) return;
      const slot = document.querySelector(`.presence[data-presence-for="${CSS.escape(message.booth)}"]`);
      const parts = [];
      if (message.producer_online) parts.push(labels.producerOnline);
      if (message.visitors) parts.push(count(labels, "visitors", message.visitors));
      if (slot) {
        slot.textContent = parts.join(" · ");
        slot.hidden = parts.length === 0;
      }
      document.dispatchEvent(new CustomEvent("fair:presence", {
        detail: { booth: message.booth, visitors: message.visitors, producerOnline: message.producer_online, text: parts.join(" · ") },
      }));
    },
  });
  // Which booths are live: "Live now" on their cards (light and 3D), and the 3D hall's marks and screen (hall/main.js).
  let live = [];
  const showLive = (list) => {
    live = list;
    const on = new Set(list.map((each) => each.booth));
    for (const badge of document.querySelectorAll(".live-now[data-live-for]")) badge.hidden = !on.has(badge.dataset.liveFor);
    document.dispatchEvent(new CustomEvent("fair:live", { detail: list }));
  };
  document.addEventListener("fair:live-ask", () => document.dispatchEvent(new CustomEvent("fair:live", { detail: live })));
  socket.connect();
  // Where the visitor stands in the 3D hall (hall/main.js, every 5 s while walking): the organizers' heat map.
  document.addEventListener("fair:position", ({ detail }) => socket.send({ type: TYPES.ANALYTICS_POSITION, ...detail }));
}
