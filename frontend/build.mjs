// Bundles one classic script per page with esbuild (django-compressor cannot serve ES
// modules), into static/build/. Writes static/build/sizes.json for the budget script.
import { build } from "esbuild";
import { mkdirSync, writeFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

// Page entry → output name. One composition root per page.
export const ENTRIES = {
  mode: "src/ui/mode.js",
  hall: "src/hall/main.js",
  booth: "src/booth/main.js",
  live: "src/booth/live.js",
  orders: "src/booth/orders.js",
  presence: "src/hall/presence.js",
  console: "src/producer/main.js",
};

const outdir = new URL("../static/build/", import.meta.url).pathname;
mkdirSync(outdir, { recursive: true });
const sizes = {};
for (const [name, entry] of Object.entries(ENTRIES)) {
  const outfile = `${outdir}${name}.js`;
  await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    legalComments: "none",
    outfile,
    logLevel: "warning",
  });
  const bytes = readFileSync(outfile);
  sizes[name] = { bytes: statSync(outfile).size, gzip: gzipSync(bytes, { level: 9 }).length };
}
writeFileSync(`${outdir}sizes.json`, JSON.stringify(sizes, null, 2));
console.log("front end built:", Object.entries(sizes).map(([n, s]) => `${n} ${(s.gzip / 1024).toFixed(1)} KB gz`).join(", ") || "no entries");
