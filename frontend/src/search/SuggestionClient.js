const DEBOUNCE_MS = 180; // a pause between keystrokes on a phone: no request for letters typed in a burst
const MIN_CHARS = 2; // one letter matches half the fair: not worth a request

/** Fetches suggestions for what is typed: debounced, at most one request in flight (a newer query aborts the
 * older one), answers of outdated queries dropped, answers kept per query for going back. */
export class SuggestionClient {
  constructor({ url, onResults, fetcher = (...args) => window.fetch(...args) }) {
    this.url = url;
    this.onResults = onResults;
    this.fetcher = fetcher;
    this.timer = null;
    this.controller = null;
    this.latest = "";
    this.cache = new Map();
    this.inFlight = 0;
    this.maxInFlight = 0;
    this.requests = 0;
  }

  /** Called on every change of the box. */
  request(query) {
    this.latest = query.trim();
    clearTimeout(this.timer);
    if (this.latest.length < MIN_CHARS) {
      this.abort();
      this.onResults(this.latest, []);
      return;
    }
    if (this.cache.has(this.latest)) {
      this.abort();
      this.onResults(this.latest, this.cache.get(this.latest));
      return;
    }
    this.timer = setTimeout(() => this.send(this.latest), DEBOUNCE_MS);
  }

  abort() {
    clearTimeout(this.timer);
    this.controller?.abort();
    this.controller = null;
  }

  async send(query) {
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.inFlight += 1;
    this.requests += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const response = await this.fetcher(`${this.url}?q=${encodeURIComponent(query)}`, {
        signal: controller.signal, headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      if (!response.ok) return;
      const { suggestions } = await response.json();
      this.cache.set(query, suggestions);
      if (query === this.latest) this.onResults(query, suggestions);
    } catch (error) {
      if (error.name !== "AbortError") console.warn("Suggestions unavailable:", error.message ?? error);
    } finally {
      this.inFlight -= 1;
      if (this.controller === controller) this.controller = null;
    }
  }

  dispose() {
    this.abort();
  }
}
