// Prices in whole dong, as the page's language writes them: "185.000 ₫" in Vietnamese, "185,000 ₫" in English,
// with a non-breaking space so "₫" never wraps alone onto the next line.
export function money(amount, language = document.documentElement.lang || "vi") {
  const grouped = new Intl.NumberFormat(language === "vi" ? "vi-VN" : "en-US", { maximumFractionDigits: 0 }).format(amount);
  return `${grouped}\u00a0₫`;
}
