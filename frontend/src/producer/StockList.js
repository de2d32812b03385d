import { TYPES } from "../realtime/protocol.js";

/** The producer's products with their stock: edit a number, see low stock and sold out at a glance. */
export class StockList {
  constructor({ root, socket, labels }) {
    this.root = root;
    this.socket = socket;
    this.labels = labels;
    this.rows = new Map();
  }

  dispatch(message) {
    if (message.type === TYPES.CONSOLE_SNAPSHOT) {
      this.root.replaceChildren();
      this.rows.clear();
      for (const product of message.products ?? []) this.add(product);
    } else if (message.type === TYPES.PRODUCT_STOCK) {
      const row = this.rows.get(message.product);
      if (row) this.update(row, message.stock, message.low);
    }
  }

  add(product) {
    const item = document.createElement("li");
    item.dataset.product = product.slug;
    const label = document.createElement("label");
    label.textContent = product.name;
    const input = Object.assign(document.createElement("input"), { type: "number", min: 0, max: 1000000, inputMode: "numeric" });
    const save = Object.assign(document.createElement("button"), { type: "button", textContent: this.labels.save });
    const warning = Object.assign(document.createElement("span"), { className: "stock-warning" });
    save.addEventListener("click", () => this.socket.send({ type: TYPES.STOCK_SET, product: product.slug, stock: Number(input.value) }));
    label.append(input);
    item.append(label, save, warning);
    this.root.append(item);
    const row = { item, input, warning };
    this.rows.set(product.slug, row);
    this.update(row, product.stock, product.low);
  }

  update(row, stock, low) {
    if (document.activeElement !== row.input) row.input.value = String(stock);
    row.item.classList.toggle("low", low);
    row.warning.textContent = stock === 0 ? this.labels.soldOut : low ? this.labels.low : "";
    // The collapsed stock box says on its title how many products run low, so nothing hides a warning.
    const badge = this.root.closest("details")?.querySelector(".stock-badge");
    if (badge) {
      const lows = [...this.root.querySelectorAll("li.low")].length;
      badge.textContent = lows ? String(lows) : "";
      badge.hidden = !lows;
    }
  }
}
