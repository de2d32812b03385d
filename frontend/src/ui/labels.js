// Translated strings come from the server in data attributes; this reads and fills them.
export function labels(id = "viewer-labels") {
  return { ...(document.getElementById(id)?.dataset ?? {}) };
}

export function format(text, values) {
  return (text ?? "").replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}
