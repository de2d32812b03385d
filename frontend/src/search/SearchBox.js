/** The search box in every page's header: a combobox whose list shows suggestions; arrows move through them,
 * Enter opens the chosen one (or searches what is typed), Escape closes the list. Text only via textContent. */
export class SearchBox {
  constructor({ form, client }) {
    this.form = form;
    this.input = form.querySelector("input[name=q]");
    this.list = form.querySelector(".search-suggestions");
    this.client = client;
    this.items = [];
    this.active = -1;
    this.handlers = {
      input: () => this.client.request(this.input.value),
      keydown: (event) => this.key(event),
      blur: () => this.close(),
    };
    // Pressing on the list keeps the focus in the box, so the list stays open until the click lands.
    this.keepFocus = (event) => event.preventDefault();
  }

  connect() {
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-controls", this.list.id);
    this.input.setAttribute("aria-expanded", "false");
    for (const [name, handler] of Object.entries(this.handlers)) this.input.addEventListener(name, handler);
    this.list.addEventListener("mousedown", this.keepFocus);
    return this;
  }

  dispose() {
    for (const [name, handler] of Object.entries(this.handlers)) this.input.removeEventListener(name, handler);
    this.list.removeEventListener("mousedown", this.keepFocus);
    this.client.dispose();
  }

  /** Called with the suggestions of the query still in the box. */
  show(query, suggestions) {
    this.list.replaceChildren();
    this.items = suggestions.map((suggestion, index) => {
      const item = document.createElement("li");
      item.id = `${this.list.id}-${index}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.kind = suggestion.kind;
      item.dataset.url = suggestion.url; // an option holds no link: interactive controls are never nested
      item.addEventListener("click", () => window.location.assign(suggestion.url));
      const name = document.createElement("span");
      name.className = "suggestion-name";
      name.textContent = suggestion.name;
      const detail = document.createElement("span");
      detail.className = "suggestion-detail";
      detail.textContent = suggestion.detail;
      item.append(name, " ", detail);
      this.list.append(item);
      return { item, url: suggestion.url };
    });
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    const open = this.items.length > 0 && query === this.input.value.trim();
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  move(by) {
    if (!this.items.length) return;
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.items[this.active]?.item.setAttribute("aria-selected", "false");
    // Positions -1 (the box itself) … last option, round and round.
    const positions = this.items.length + 1;
    this.active = ((this.active + 1 + by + positions) % positions) - 1;
    const current = this.items[this.active];
    if (current) {
      current.item.setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", current.item.id);
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  key(event) {
    if (event.key === "ArrowDown") { event.preventDefault(); this.move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); this.move(-1); }
    else if (event.key === "Escape") { this.close(); }
    else if (event.key === "Enter" && this.active >= 0 && !this.list.hidden) {
      event.preventDefault();
      window.location.assign(this.items[this.active].url);
    }
  }
}
