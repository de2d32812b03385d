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
  editor: "src/producer/editor.js",
};

// Loaded on demand (not through django-compressor): the VR code, fetched only when "Enter VR" is
// pressed. It takes three.js from the page (window.__fairThree, see src/xr/shared.js).
export const ON_DEMAND = {
  xr: "src/xr/main.js",
};

const pageThree = {
  name: "three-from-the-page",
  setup(build) {
    build.onResolve({ filter: /^three$/ }, () => ({ path: "three", namespace: "page-three" }));
    build.onLoad({ filter: /.*/, namespace: "page-three" }, () => ({ contents: "module.exports = window.__fairThree;", loader: "js" }));
  },
};

const outdir = new URL("../static/build/", import.meta.url).pathname;
mkdirSync(outdir, { recursive: true });
const sizes = {};
for (const [name, entry] of [...Object.entries(ENTRIES), ...Object.entries(ON_DEMAND)]) {
  const outfile = `${outdir}${name}.js`;
  const onDemand = name in ON_DEMAND;
  await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    legalComments: "none",
    outfile,
    logLevel: "warning",
    plugins: onDemand ? [pageThree] : [],
  });
  const bytes = readFileSync(outfile);
  sizes[name] = { bytes: statSync(outfile).size, gzip: gzipSync(bytes, { level: 9 }).length, ...(onDemand ? { on_demand: true } : {}) };
}
writeFileSync(`${outdir}sizes.json`, JSON.stringify(sizes, null, 2));
console.log("front end built:", Object.entries(sizes).map(([n, s]) => `${n} ${(s.gzip / 1024).toFixed(1)} KB gz`).join(", ") || "no entries");
