// Composition root of the search box on every page (light and 3D): suggestions while typing. Loaded by
// ui/mode.js when the box first gets focus; without JavaScript the box is a plain form to /search/.
import { SearchBox } from "./SearchBox.js";
import { SuggestionClient } from "./SuggestionClient.js";

const form = document.querySelector("form.site-search[data-suggest]");
if (form) {
  let box = null;
  const client = new SuggestionClient({ url: form.dataset.suggest, onResults: (query, found) => box.show(query, found) });
  box = new SearchBox({ form, client }).connect();
  if (box.input.value.trim() && document.activeElement === box.input) client.request(box.input.value); // typed while loading
  // Deliberate test hook: how many suggestion requests were sent, and the most ever in flight at once.
  window.fairSearch = { requests: () => client.requests, maxInFlight: () => client.maxInFlight };
}
