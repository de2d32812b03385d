// Composition root of the booth's live parts (light and 3D alike): chat, stock, ordering over the booth socket.
import { TYPES } from "../realtime/protocol.js";
import { Socket } from "../realtime/Socket.js";
import { labels as readLabels } from "../ui/labels.js";
import { ChatPanel } from "./ChatPanel.js";
import { CheckoutForm } from "./CheckoutForm.js";
import { StockBoard } from "./StockBoard.js";
import { AnnouncementBoard } from "./AnnouncementBoard.js";
import { LivePlayer } from "./LivePlayer.js";
import { CallPanel } from "../live/call.js";

const labels = readLabels("live-labels");
const slug = labels.booth;
const parts = [new StockBoard({ labels })];
let chat = null;
let announcements = null;
let checkoutForm = null;
let player = null;

const socket = new Socket({
  path: `/ws/booths/${slug}/`,
  onOpen: () => { chat?.opened(); announcements?.opened(); checkoutForm?.opened(); player?.opened(); call?.opened(); },
  onMessage: (message) => parts.forEach((part) => part.dispatch(message)),
  onStatus: (status) => chat?.showStatus(status),
});

const chatRoot = document.getElementById("chat");
if (chatRoot) {
  chat = new ChatPanel({ root: chatRoot, slug, labels: readLabels("chat-labels"), socket }).connect();
  parts.push(chat);
}
const announcementsRoot = document.getElementById("announcements");
if (announcementsRoot) {
  announcements = new AnnouncementBoard({ root: announcementsRoot, socket });
  parts.push(announcements);
}
const checkout = document.getElementById("checkout");
if (checkout) {
  checkoutForm = new CheckoutForm({ form: checkout, socket, labels }).connect();
  parts.push(checkoutForm);
}
const liveRoot = document.getElementById("live");
if (liveRoot) {
  player = new LivePlayer({ root: liveRoot, socket, labels }).connect();
  parts.push(player);
}
const callRoot = document.getElementById("call");
const call = callRoot ? new CallPanel({ root: callRoot, socket, role: "caller", booth: slug }).connect() : null;
if (call) parts.push(call);
socket.connect();
// What only the page knows, for the fair's analytics (nothing about the visitor: docs/analytics.md).
document.addEventListener("fair:model-turned", ({ detail }) => socket.send({ type: TYPES.ANALYTICS_MODEL, product: detail }));
document.addEventListener("fair:tour-step", ({ detail }) => socket.send({ type: TYPES.ANALYTICS_TOUR, ...detail }));

// Deliberate test hook.
window.fairChat = chat && { lastId: () => chat.thread.lastId, pending: () => chat.outbox.all().length };
window.fairLive = { open: () => socket.isOpen, announcements: () => announcements ? [...announcements.items.keys()] : [],
                    video: () => player?.stats() ?? null, call: () => call?.stats() ?? null };
