// When something happened, short, in the page's language: the time today, else the day and the time.
export function shortTime(iso, language = document.documentElement.lang || "vi") {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return "";
  const today = new Date().toDateString() === when.toDateString();
  const options = today ? { hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(language, options).format(when);
}
