// Composition root of the producer's console.
import { labels as readLabels } from "../ui/labels.js";
import { ConsoleApp } from "./ConsoleApp.js";

const root = document.getElementById("console");
const app = new ConsoleApp({ root, labels: readLabels("console-labels") }).connect();
// Deliberate test hook.
window.fairConsole = {
  conversations: () => [...app.conversations.values()].map(({ meta, thread }) => ({ ...meta, messages: thread.byId.size })),
  open: (id) => app.show(id),
  pending: () => app.outbox.all().length,
  announcing: () => app.announce?.outbox.all().length ?? 0,
  live: () => app.live?.stats() ?? null,
  call: () => app.call?.stats() ?? null,
};
