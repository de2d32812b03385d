import { MAX_QUANTITY, TYPES } from "../realtime/protocol.js";
import { format } from "../ui/labels.js";

/** Keeps every stock line and order button of the page true to the server, live: sold out shows at once. */
export class StockBoard {
  constructor({ labels }) {
    this.labels = labels;
  }

  dispatch(message) {
    if (message.type !== TYPES.PRODUCT_STOCK) return;
    const { product, stock, sold_out: soldOut } = message;
    for (const line of document.querySelectorAll(`[data-stock-for="${CSS.escape(product)}"]`)) {
      line.replaceChildren();
      if (soldOut) {
        const strong = Object.assign(document.createElement("strong"), { className: "sold-out", textContent: this.labels.soldOut });
        line.append(strong);
      } else {
        line.textContent = format(this.labels.left, { count: stock });
      }
    }
    for (const form of document.querySelectorAll(`.order-form[data-product="${CSS.escape(product)}"]`)) {
      const button = form.querySelector("button");
      button.dataset.label ??= button.textContent;
      button.disabled = soldOut;
      form.querySelector("input").disabled = soldOut;
      button.textContent = soldOut ? this.labels.soldOut : button.dataset.label;
    }
    const row = document.querySelector(`#checkout tr[data-product="${CSS.escape(product)}"] input`);
    if (row) {
      row.max = String(Math.min(MAX_QUANTITY, stock));
      row.dataset.soldOut = String(soldOut);
    }
  }
}
