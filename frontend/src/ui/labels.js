// Translated strings come from the server in data attributes; this reads and fills them.
export function labels(id = "viewer-labels") {
  return { ...(document.getElementById(id)?.dataset ?? {}) };
}

export function format(text, values) {
  return (text ?? "").replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}

/** "1 visitor here" / "3 visitors here": the one-form label when there is one and the language has it. */
export function count(labels, key, number) {
  const one = labels[`${key}One`];
  return number === 1 && one ? one : format(labels[key], { count: number });
}

/** Enter sends, Shift+Enter starts a new line: how chat boxes behave everywhere. */
export function sendOnEnter(form, textarea, send) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  });
}
