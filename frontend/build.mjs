// Bundles one classic script per page with esbuild (django-compressor cannot serve ES modules), into
// static/build/. Writes static/build/sizes.json for the budget script.
//
// three.js is built once, into its own bundle (static/build/three.js, VENDOR): exactly the three.js
// classes the 3D bundles import, and the three.js add-ons that more than one of them imports
// (GLTFLoader: the hall and the booth pages). The 3D pages load it before their own bundle, in a
// {% compress js %} block of its own, so it has the same fingerprinted URL on every 3D page and a
// visitor downloads three.js once per visit. The 3D bundles (THREE_PAGES, with the on-demand VR code)
// carry no copy of it: esbuild maps their `import … from "three"` (and the shared add-ons) to what the
// vendor bundle put on `window.__fairThree`. An add-on only one bundle uses (OrbitControls: the booth
// pages' model viewer) stays in that bundle, taking three.js from the vendor bundle too. Any other
// bundle importing three.js fails the build: pages without 3D, and light mode, never load the vendor.
import { build } from "esbuild";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

// Page entry → output name. One composition root per page.
export const ENTRIES = {
  mode: "src/ui/mode.js",
  offline: "src/ui/offline.js", // every page: registers the service worker, says when a page is a kept copy
  hall: "src/hall/main.js",
  booth: "src/booth/main.js",
  live: "src/booth/live.js",
  orders: "src/booth/orders.js",
  presence: "src/hall/presence.js",
  console: "src/producer/main.js",
  editor: "src/producer/editor.js",
  analytics: "src/analytics/main.js", // the dashboards only: uPlot (a small charting library) and its chart
  studioplan: "src/studio/plan.js", // the studio's floor plan editor
};

// Loaded on demand (not through django-compressor): the VR code, fetched only when "Enter VR" is
// pressed. It takes three.js from the vendor bundle the page already has.
export const ON_DEMAND = {
  xr: "src/xr/main.js",
  search: "src/search/main.js", // the search box's suggestions: fetched when the box first gets focus
  planpreview: "src/studio/preview.js", // the floor plan editor's 3D preview: fetched when "3D preview" is pressed
  sw: "src/sw/sw.js", // the service worker: served at /sw.js by fair.offline.service_worker, never by a page
};

// The bundles that draw with three.js, taking it from the vendor bundle.
export const THREE_PAGES = ["hall", "booth", "xr", "planpreview"];

// The shared three.js bundle: static/build/three.js.
export const VENDOR = "three";

const THREE = /^three(\/.*)?$/;
const here = (path) => new URL(path, import.meta.url).pathname;
const sources = { ...ENTRIES, ...ON_DEMAND };
// Object.freeze is pure: the generated protocol constants a bundle does not use are left out of it.
const common = {
  bundle: true, minify: true, format: "iife", target: ["es2020"], legalComments: "none", logLevel: "warning", pure: ["Object.freeze"],
  define: { "process.env.NODE_ENV": '"production"' }, // Workbox (the service worker) leaves its development logging out
};

/** What a bundle imports from three.js modules kept outside it (`external(path)`), as esbuild's tree
 * shaking leaves it: { "three": Set(["Mesh", …]), "three/addons/loaders/GLTFLoader.js": Set(["GLTFLoader"]) }. */
async function threeImports(name, external) {
  const result = await build({
    entryPoints: [here(sources[name])],
    bundle: true,
    format: "esm",
    write: false,
    logLevel: "warning",
    plugins: [{
      name: "three-outside",
      setup(b) {
        b.onResolve({ filter: THREE }, (args) => (external(args.path) ? { path: args.path, external: true } : undefined));
      },
    }],
  });
  const used = {};
  for (const [, clause, module] of result.outputFiles[0].text.matchAll(/\bimport\s*([^;]*?)\s*from\s*["'](three(?:\/[^"']*)?)["']/g)) {
    const braces = clause.match(/^\{([^}]*)\}$/);
    if (!braces) {
      throw new Error(`${sources[name]} (or a module it imports): import classes by name from "${module}" (import { Mesh } from "three"), `
        + `not \`import ${clause}\`: the shared three.js bundle holds only what is named.`);
    }
    used[module] ??= new Set();
    for (const item of braces[1].split(",").map((part) => part.trim()).filter(Boolean)) {
      used[module].add(item.split(/\s+as\s+/)[0]);
    }
  }
  return used;
}

/** Which three.js modules the vendor bundle holds, and what each 3D bundle takes from it. */
async function planVendor() {
  // First: which add-ons each bundle uses. Those used by two bundles or more go into the vendor bundle.
  const addonUsers = {};
  for (const name of THREE_PAGES) {
    for (const module of Object.keys(await threeImports(name, () => true))) {
      if (module !== "three") (addonUsers[module] ??= new Set()).add(name);
    }
  }
  const shared = new Set(["three", ...Object.keys(addonUsers).filter((module) => addonUsers[module].size > 1)]);
  // Then: the names each bundle takes from those modules (its own add-ons bundled, their three.js imports counted).
  const perBundle = {};
  const vendor = {};
  for (const name of THREE_PAGES) {
    perBundle[name] = await threeImports(name, (path) => shared.has(path));
    for (const [module, names] of Object.entries(perBundle[name])) {
      vendor[module] ??= new Set();
      names.forEach((n) => vendor[module].add(n));
    }
  }
  return { shared, perBundle, vendor };
}

/** The vendor entry: imports exactly the names used and publishes them per module on window.__fairThree.
 * Sorted, so the same sources always give the same bytes (and the same fingerprint). */
function vendorSource(vendor) {
  const modules = Object.keys(vendor).sort();
  const names = (module) => [...vendor[module]].sort();
  return [
    "// Generated by build.mjs: the three.js classes and shared add-ons the 3D bundles use.",
    ...modules.map((module, index) =>
      `import { ${names(module).map((n) => `${n} as m${index}_${n}`).join(", ")} } from ${JSON.stringify(module)};`),
    "window.__fairThree = Object.freeze({",
    ...modules.map((module, index) =>
      `  ${JSON.stringify(module)}: Object.freeze({ ${names(module).map((n) => `${n}: m${index}_${n}`).join(", ")} }),`),
    "});",
  ].join("\n");
}

// In a 3D bundle: three.js and the shared add-ons come from the vendor bundle loaded before it. Each is
// an ES module naming what this bundle uses, so esbuild still shortens the class names to local ones.
const threeFromVendor = (shared, used) => ({
  name: "three-from-the-vendor-bundle",
  setup(b) {
    b.onResolve({ filter: THREE }, (args) => (shared.has(args.path) ? { path: args.path, namespace: "vendor-three" } : undefined));
    b.onResolve({ filter: /^vendor-three$/ }, () => ({ path: "vendor", namespace: "vendor-three-runtime" }));
    b.onLoad({ filter: /.*/, namespace: "vendor-three-runtime" }, () => ({
      loader: "js",
      contents: `export function vendor(module) {
  const shared = window.__fairThree && window.__fairThree[module];
  if (!shared) throw new Error(\`\${module} is missing: the page must load build/${VENDOR}.js first\`);
  return shared;
}`,
    }));
    b.onLoad({ filter: /.*/, namespace: "vendor-three" }, (args) => ({
      loader: "js",
      resolveDir: here("."),
      contents: `import { vendor } from "vendor-three";
export const { ${[...(used[args.path] ?? [])].sort().join(", ")} } = vendor(${JSON.stringify(args.path)});`,
    }));
  },
});

// In any other bundle three.js is refused, so pages without 3D never need the vendor bundle.
const noThree = (name) => ({
  name: "no-three-here",
  setup(b) {
    b.onResolve({ filter: THREE }, (args) => ({
      errors: [{ text: `"${args.path}" imported by the ${name} bundle, which is not a 3D bundle (THREE_PAGES in build.mjs)` }],
    }));
  },
});

const outdir = here("../static/build/");
mkdirSync(outdir, { recursive: true });
const sizes = {};

function measure(name, extra = {}) {
  const outfile = `${outdir}${name}.js`;
  sizes[name] = { bytes: statSync(outfile).size, gzip: gzipSync(readFileSync(outfile), { level: 9 }).length, ...extra };
}

const { shared, perBundle, vendor } = await planVendor();
await build({
  ...common,
  stdin: { contents: vendorSource(vendor), resolveDir: here("."), sourcefile: "three-vendor.js", loader: "js" },
  outfile: `${outdir}${VENDOR}.js`,
});
measure(VENDOR, { vendor: true, modules: Object.fromEntries(Object.keys(vendor).sort().map((m) => [m, vendor[m].size])) });

for (const [name, entry] of Object.entries(sources)) {
  const threeD = THREE_PAGES.includes(name);
  await build({
    ...common,
    entryPoints: [here(entry)],
    outfile: `${outdir}${name}.js`,
    plugins: [threeD ? threeFromVendor(shared, perBundle[name]) : noThree(name)],
  });
  measure(name, { ...(name in ON_DEMAND ? { on_demand: true } : {}), ...(threeD ? { needs: VENDOR } : {}) });
}
writeFileSync(`${outdir}sizes.json`, JSON.stringify(sizes, null, 2));

// What VR adds to the first load of the hall and booth pages: the "Enter VR" button's module, bundled alone (the VR
// code itself is xr.js, fetched when the button is pressed). Read by the budget script.
const vrButton = await build({ ...common, entryPoints: [here("src/xr/button.js")], format: "esm", write: false });
writeFileSync(`${outdir}parts.json`, JSON.stringify({ "xr/button.js": { gzip: gzipSync(vrButton.outputFiles[0].contents, { level: 9 }).length } }, null, 2));
console.log("front end built:", Object.entries(sizes).map(([n, s]) => `${n} ${(s.gzip / 1024).toFixed(1)} KB gz`).join(", "));
