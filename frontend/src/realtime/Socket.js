// The one socket module: connects, reconnects with backoff, pings, speaks JSON.
import { PERMANENT_CLOSE_CODES, TYPES } from "./protocol.js";

const BACKOFF_START = 1000; // ms before the first retry
const BACKOFF_MAX = 30000; // ms: never wait longer than this between retries
const PING_EVERY = 20000; // ms: presence entries live 45 s on the server
const PERMANENT = new Set(PERMANENT_CLOSE_CODES); // no session, not allowed, too many sockets: retrying will not help

export class Socket {
  constructor({ path, onMessage, onOpen = () => {}, onStatus = () => {} }) {
    this.path = path;
    this.onMessage = onMessage;
    this.onOpen = onOpen;
    this.onStatus = onStatus;
    this.backoff = BACKOFF_START;
    this.ws = null;
    this.timer = null;
    this.pinger = null;
    this.stopped = false;
    this.goOnline = () => this.reconnectNow();
    this.goOffline = () => this.dropForOffline();
  }

  connect() {
    window.addEventListener("online", this.goOnline);
    window.addEventListener("offline", this.goOffline);
    this.open();
    return this;
  }

  open() {
    if (this.stopped) return;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    this.onStatus("connecting");
    let ws;
    try {
      ws = new WebSocket(`${scheme}//${window.location.host}${this.path}`);
    } catch {
      this.retry();
      return;
    }
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.backoff = BACKOFF_START;
      this.onStatus("online");
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.send({ type: TYPES.PRESENCE_PING }), PING_EVERY);
      this.onOpen();
    });
    ws.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.onMessage(message);
    });
    ws.addEventListener("close", (event) => {
      clearInterval(this.pinger);
      if (this.ws !== ws) return;
      this.ws = null;
      if (PERMANENT.has(event.code)) {
        this.onStatus("refused");
        return;
      }
      this.onStatus(navigator.onLine === false ? "offline" : "connecting");
      this.retry();
    });
  }

  retry() {
    clearTimeout(this.timer);
    const wait = this.backoff * (0.75 + Math.random() * 0.5); // jitter: a fair's phones do not all come back at once
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX);
    this.timer = setTimeout(() => this.open(), wait);
  }

  /** The device says it is offline: stop trusting the socket, keep writing to the outbox. */
  dropForOffline() {
    const ws = this.ws;
    this.ws = null;
    clearInterval(this.pinger);
    ws?.close();
    this.onStatus("offline");
    this.retry();
  }

  reconnectNow() {
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) return;
    if (navigator.onLine === false) return;
    clearTimeout(this.timer);
    this.backoff = BACKOFF_START;
    this.open();
  }

  get isOpen() {
    return navigator.onLine !== false && this.ws?.readyState === WebSocket.OPEN;
  }

  send(message) {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  dispose() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    window.removeEventListener("online", this.goOnline);
    window.removeEventListener("offline", this.goOffline);
    this.ws?.close();
  }
}
