// A resumable upload: the file goes in 512 KB pieces, each at the offset the server has.
// A broken connection waits and continues from where the server stopped (asked, not guessed);
// the upload's id is kept in localStorage, so choosing the same file after a reload continues too.

const CHUNK = 512 * 1024;
const KEY = "fair-uploads";

function remembered() {
  try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch { return {}; }
}
function remember(fingerprint, id) {
  const all = remembered();
  if (id) all[fingerprint] = id; else delete all[fingerprint];
  try { localStorage.setItem(KEY, JSON.stringify(all)); } catch { /* private mode: resume within this page only */ }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class UploadError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

export class Uploader {
  /** fields: kind, booth, product?, step?, spin_index?; onProgress(sent, total, state) */
  constructor({ file, fields, csrf, onProgress = () => {}, endpoint = "/producer/uploads/" }) {
    this.file = file;
    this.fields = fields;
    this.csrf = csrf;
    this.onProgress = onProgress;
    this.endpoint = endpoint;
    this.fingerprint = [fields.kind, fields.booth, fields.product, fields.step, fields.spin_index,
      file.name, file.size, file.lastModified].join("|");
  }

  async request(url, options = {}) {
    const response = await fetch(url, {
      credentials: "same-origin",
      ...options,
      headers: { "X-CSRFToken": this.csrf, Accept: "application/json", ...(options.headers || {}) },
    });
    let body = {};
    try { body = await response.json(); } catch { /* an empty or HTML answer */ }
    return { response, body };
  }

  /** Upload the whole file; resolves with the server's upload (queued or later), rejects on a refusal. */
  async run() {
    let upload = await this.resume();
    if (!upload) {
      const form = new FormData();
      for (const [name, value] of Object.entries({ ...this.fields, filename: this.file.name, size: this.file.size })) {
        if (value !== undefined && value !== null && value !== "") form.append(name, value);
      }
      const { response, body } = await this.withRetries(() => this.request(`${this.endpoint}?kind=${this.fields.kind}`, { method: "POST", body: form }));
      if (!response.ok) throw new UploadError(body.error?.code ?? "refused", body.error?.message ?? response.statusText);
      upload = body;
      remember(this.fingerprint, upload.id);
    }
    let offset = upload.offset;
    while (upload.status === "receiving") {
      const end = Math.min(offset + CHUNK, this.file.size);
      this.onProgress(offset, this.file.size, "uploading");
      const { response, body } = await this.withRetries(() => this.request(`${this.endpoint}${upload.id}/`, {
        method: "PATCH",
        headers: { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
        body: this.file.slice(offset, end),
      }), () => this.status(upload.id).then((current) => { offset = current.offset; }));
      if (response.status === 409 && body.offset !== undefined) { offset = body.offset; continue; }
      if (!response.ok) {
        remember(this.fingerprint, null);
        throw new UploadError(body.error?.code ?? "refused", body.error?.message ?? response.statusText);
      }
      upload = body;
      offset = upload.offset;
    }
    remember(this.fingerprint, null);
    this.onProgress(this.file.size, this.file.size, upload.status);
    return upload;
  }

  async status(id) {
    const { response, body } = await this.request(`${this.endpoint}${id}/`);
    if (!response.ok) throw new UploadError("gone", body.error?.message ?? response.statusText);
    return body;
  }

  async resume() {
    const id = remembered()[this.fingerprint];
    if (!id) return null;
    try {
      const upload = await this.status(id);
      if (upload.status === "receiving") { this.onProgress(upload.offset, this.file.size, "resumed"); return upload; }
    } catch { /* gone: start again */ }
    remember(this.fingerprint, null);
    return null;
  }

  /** Network failures wait (1 s, 2 s, 4 s … 30 s) and try again, for as long as it takes; refusals do not. */
  async withRetries(attempt, beforeRetry = async () => {}) {
    for (let wait = 1000; ; wait = Math.min(wait * 2, 30000)) {
      try {
        const result = await attempt();
        if (result.response.status < 500) return result;
      } catch { /* offline, reset, timeout */ }
      this.onProgress(null, this.file.size, "waiting");
      await sleep(wait * (0.75 + Math.random() / 2));
      try { await beforeRetry(); } catch { /* still offline */ }
    }
  }
}

/** Poll an upload until the worker has finished with it. */
export async function waitForProcessing(id, { onStatus, endpoint = "/producer/uploads/", every = 1500 }) {
  for (;;) {
    let upload = null;
    try {
      const response = await fetch(`${endpoint}${id}/`, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) upload = await response.json();
    } catch { /* offline: ask again */ }
    if (upload) {
      onStatus(upload);
      if (upload.status === "ready" || upload.status === "failed") return upload;
    }
    await sleep(every);
  }
}
