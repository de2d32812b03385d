// Composition root of the booth chat (light and 3D modes alike).
import { labels as readLabels } from "../ui/labels.js";
import { ChatPanel } from "./ChatPanel.js";

const root = document.getElementById("chat");
if (root) {
  const panel = new ChatPanel({ root, slug: root.dataset.booth, labels: readLabels("chat-labels") }).connect();
  // Deliberate test hook.
  window.fairChat = { lastId: () => panel.thread.lastId, pending: () => panel.outbox.all().length };
}
