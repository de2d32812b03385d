import { ORDER_STATUSES } from "../realtime/protocol.js";

const { AWAITING_PAYMENT, CANCELLED, PLACED } = ORDER_STATUSES;

/** The order page's payment block: the VietQR code while the order awaits a transfer, "paid" once it arrives
 * (live, from order.status), and copy buttons for the account, amount and note. */
export class PaymentStatus {
  constructor(root) {
    this.root = root;
    if (!root) return;
    this.copied = root.querySelector(".payment-copied");
    for (const button of root.querySelectorAll("button.copy")) {
      button.addEventListener("click", () => this.copy(button.dataset.copy));
    }
  }

  async copy(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard (plain http, an old browser): the value stays selectable on the page.
      return;
    }
    if (this.copied) this.copied.hidden = false;
  }

  show(order) {
    if (!this.root) return;
    this.root.dataset.status = order.status;
    const due = this.root.querySelector(".payment-due");
    if (due) due.hidden = order.status !== AWAITING_PAYMENT;
    const paid = this.root.querySelector(".payment-paid");
    if (paid) paid.hidden = [AWAITING_PAYMENT, PLACED, CANCELLED].includes(order.status);
    const notes = this.root.querySelector(".payment-notes");
    if (notes) {
      const amount = new Intl.NumberFormat(document.documentElement.lang || "vi").format;
      notes.replaceChildren(...(order.payments ?? []).filter((p) => p.needs_producer).map((p) =>
        Object.assign(document.createElement("li"), { textContent: `${amount(p.amount_vnd)} ₫ · ${p.outcome_label}` })));
    }
  }
}
