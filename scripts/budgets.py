"""Measure the page-weight budgets of the 3D and light pages in a real Chromium; write docs/budgets.md.

Budgets (issue "Walk the fair in 3D"):
- hall page first-load JavaScript ≤ 220 KB gzipped;
- hall HTML + CSS + fonts ≤ 100 KB gzipped;
- light pages ≤ 100 KB in all (what a phone downloads on first view), with 0 bytes of three.js;
- (issue "Visit the fair in a VR headset") VR adds at most 5 KB gzipped to the hall's first load (first
  checked as "≤ 5 KB over the 158.7 KB before VR"; since then other features grew the hall's JavaScript, so
  VR's own part is measured: the Enter VR button's module bundled alone), and the VR code (xr.js) is not
  downloaded at all until "Enter VR" is pressed;
- (issue "One home per business area") three.js is one shared bundle, downloaded once per visit: walking
  from the hall into a booth, then to a product, each next 3D page downloads ≤ 30 KB gzipped of new
  JavaScript and no three.js again; the shared bundle holds only what the pages import (≤ 170 KB
  gzipped, where all of three.js is about 190 KB).

Lighthouse scores (issues "Lighthouse scores" and "3D pages load fast on a mid-range phone"), npm `lighthouse@12`
in its mobile preset with its default (simulated) throttling, in Debian's Chromium:
- home, hall, booth and product pages in light mode: performance ≥ 90, accessibility ≥ 95, best practices ≥ 95,
  SEO ≥ 90;
- the 3D pages: hall performance ≥ 60, booth and product performance ≥ 75;
- every page: cumulative layout shift ≤ 0.1.
Lighthouse measures the production layout (scripts/cluster.py, FAIR_ENV=production), not the development server:
static files collected and compressed offline as docs/deployment.md says and served by WhiteNoise (gzipped, cached
a year under hashed names), pages from gunicorn and websockets from daphne behind HAProxy, on the demo database.
Two differences: no TLS (HAProxy tells Django every request came over https, as a TLS-terminating balancer would),
and no proxy serving /media/, so Django serves the media (FAIR_SERVE_MEDIA=1).
`--lighthouse [PAGE …]` runs that stage alone and only prints.

Runs the development server on a free port against the demo database (`make budgets` loads it
first) and loads each page as a phone would (412 × 915). "New" JavaScript is what came over the
network (Chromium's own accounting, through the DevTools protocol): a script served from the browser's
cache, or revalidated with a 304, costs nothing new. Exits 1 when a budget is exceeded.
"""

import argparse
import gzip
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.cluster import Cluster  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS, _chromium  # noqa: E402
from tests.servers import free_port, stop, wait_until_listening  # noqa: E402

KB = 1024
VR_FIRST_LOAD = 5 * KB  # what VR may add to a 3D page's first load: the "Enter VR" button (xr.js comes on demand)
NEXT_PAGE_JS = 30 * KB  # new JavaScript a 3D page may download when the visitor comes from another 3D page
VENDOR_BUDGET = 170 * KB  # the shared three.js bundle: what the pages import, well under all of three.js
HALL = "/fairs/ocop-2026/halls/dac-san/"
BOOTH = "/booths/mat-ong-quyet-thang/"
PRODUCT = "/products/mat-ong-quyet-thang/"
PAGES = {
    "hall (3D)": (HALL, False),
    "hall (light)": (HALL, True),
    "booth (light)": (BOOTH, True),
    "product (light)": (PRODUCT, True),
    "home (light)": ("/", True),
}
# One visit in 3D, page after page in the same browser (its cache kept): what each page adds.
VISIT = [("hall (3D)", HALL), ("booth (3D) after the hall", BOOTH), ("product (3D) after the booth", PRODUCT)]
READY = {HALL: "window.fairHall !== undefined", BOOTH: "window.fairBooth !== undefined", PRODUCT: "window.fairBooth !== undefined"}


def is_three(body: bytes) -> bool:
    """three.js itself (it announces its revision on window.__THREE__) or a bundle that needs it."""
    return b"__THREE__" in body or b"__fairThree" in body


class Downloads:
    """What one page downloads, told apart from what the browser's cache served (DevTools protocol)."""

    def __init__(self, context, page):
        self.responses = []
        self.received = {}  # request id → url
        self.transferred = {}  # url → bytes that came over the network
        page.on("response", lambda response: self.responses.append(response))
        cdp = context.new_cdp_session(page)
        cdp.on("Network.responseReceived", lambda event: self.received.__setitem__(event["requestId"], event["response"]["url"]))
        cdp.on("Network.loadingFinished", lambda event: self.finished(event))
        cdp.send("Network.enable")

    def finished(self, event):
        url = self.received.get(event["requestId"])
        if url:
            self.transferred[url] = self.transferred.get(url, 0) + event["encodedDataLength"]

    def reset(self):
        self.responses.clear()
        self.transferred.clear()

    def totals(self) -> dict:
        totals = {"js_gz": 0, "new_js_gz": 0, "doc_css_font_gz": 0, "all_bytes": 0, "three_bytes": 0, "three_again_bytes": 0,
                  "xr_bytes": 0, "vendor_gz": 0}
        for response in self.responses:
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have no body
                continue
            kind = response.request.resource_type
            zipped = len(gzip.compress(body, 9))
            totals["all_bytes"] += zipped if kind in ("document", "stylesheet", "script", "font") else len(body)
            if kind == "script":
                totals["js_gz"] += zipped
                downloaded = self.transferred.get(response.url, 0) >= len(body)  # not from the cache, not a 304
                if downloaded:
                    totals["new_js_gz"] += zipped
                if "/build/xr.js" in response.url:
                    totals["xr_bytes"] += len(body)
                if is_three(body):
                    totals["three_bytes"] += len(body)
                if b"__THREE__" in body:
                    totals["vendor_gz"] = zipped
                    if downloaded:
                        totals["three_again_bytes"] += len(body)
            if kind in ("document", "stylesheet", "font"):
                totals["doc_css_font_gz"] += zipped
        return totals


def new_context(browser, light: bool):
    return browser.new_context(viewport={"width": 412, "height": 915}, device_scale_factor=2,
                               extra_http_headers={"Save-Data": "on"} if light else {})


def wait_ready(page, path: str, light: bool) -> None:
    if not light:
        page.wait_for_function(READY[path], timeout=60000)
        if path == HALL:
            page.evaluate("window.fairHall.ready")
    page.wait_for_timeout(1500)


def measure(browser, base: str, path: str, light: bool) -> dict:
    """A first view: a fresh browser (empty cache)."""
    context = new_context(browser, light)
    page = context.new_page()
    downloads = Downloads(context, page)
    page.goto(base + path, wait_until="load")
    wait_ready(page, path, light)
    totals = downloads.totals()
    context.close()
    return totals


def measure_visit(browser, base: str) -> dict:
    """The 3D pages of one visit, one after the other in the same tab, as a visitor walks from the hall into a booth."""
    context = new_context(browser, False)
    page = context.new_page()
    downloads = Downloads(context, page)
    results = {}
    for name, path in VISIT:
        downloads.reset()
        page.goto(base + path, wait_until="load")
        wait_ready(page, path, False)
        results[name] = downloads.totals()
    context.close()
    return results


LIGHT_TARGETS = {"performance": 90, "accessibility": 95, "best-practices": 95, "seo": 90}
# name, path, mode (the fair_mode cookie; None: no choice yet, as a first visit), minimum scores
LIGHTHOUSE_PAGES = [
    ("home", "/", None, LIGHT_TARGETS),
    ("hall (light)", HALL, "light", LIGHT_TARGETS),
    ("booth (light)", BOOTH, "light", LIGHT_TARGETS),
    ("product (light)", PRODUCT, "light", LIGHT_TARGETS),
    ("hall (3D)", HALL, "3d", {"performance": 60}),
    ("booth (3D)", BOOTH, "3d", {"performance": 75}),
    ("product (3D)", PRODUCT, "3d", {"performance": 75}),
]
CLS_TARGET = 0.1
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = ROOT / "var" / "lighthouse"  # npm prefix (lighthouse@12: 13 needs Node 22), built static files, reports
THREE_MIN_BYTES = 300 * KB  # a script this big is the three.js bundle: the 3D page did start its 3D view


def lighthouse_bin() -> tuple[str, Path]:
    """node, and lighthouse@12 in var/lighthouse/, installed with npm when missing (about 15 s, 190 MB)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_frontend import find_node

    node, npm = find_node()
    cli = LIGHTHOUSE / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        print("Installing lighthouse@12 into var/lighthouse/ (npm).", flush=True)
        env = {**os.environ, "PATH": f"{Path(node).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        subprocess.run([npm, "install", "--prefix", str(LIGHTHOUSE), "--no-audit", "--no-fund", "--loglevel=error",
                        "lighthouse@12"], env=env, check=True)
    return node, cli


def production_env() -> dict:
    """The production settings on this machine: static files built into var/lighthouse/static, media from Django,
    on the demo database `make demo` loaded (its DATABASE_URL, else the SQLite file)."""
    return {**os.environ, "FAIR_ENV": "production", "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "FAIR_BEHIND_PROXY": "1", "FAIR_SERVE_MEDIA": "1",
            "FAIR_STATIC_ROOT": str(LIGHTHOUSE / "static")}


def build_static(env: dict) -> None:
    """collectstatic, then django-compressor's offline compress, as docs/deployment.md says for production."""
    shutil.rmtree(LIGHTHOUSE / "static", ignore_errors=True)
    for command in (["collectstatic", "--no-input", "-v0"], ["compress", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def run_lighthouse(node: str, cli: Path, url: str, mode: str | None, out: Path) -> dict:
    """One Lighthouse run (mobile preset, simulated throttling); the figures we report."""
    headers = {"Cookie": f"fair_mode={mode}"} if mode else {}  # the visitor's choice, as the mode toggle remembers it
    chrome_flags = " ".join(["--headless=new", *CHROMIUM_ARGS])  # WebGL in software, as the browser tests
    command = [node, str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
               "--only-categories=" + ",".join(CATEGORIES), f"--chrome-flags={chrome_flags}",
               "--extra-headers=" + json.dumps(headers)]
    env = {**os.environ, "CHROME_PATH": _chromium() or "/usr/bin/chromium"}
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    report = json.loads(out.read_text())
    audits = report["audits"]
    scripts = [item for item in audits["network-requests"]["details"]["items"] if item.get("resourceType") == "Script"]
    return {
        "scores": {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES},
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "three": any(item.get("resourceSize", 0) >= THREE_MIN_BYTES for item in scripts),
        "error": report.get("runtimeError", {}).get("message"),
        "failing": {name: [ref["id"] for ref in report["categories"][name]["auditRefs"]
                           if ref["weight"] and (audits[ref["id"]].get("score") is not None) and audits[ref["id"]]["score"] < 0.9]
                    for name in CATEGORIES},
    }


def measure_lighthouse(names: list[str] | None = None) -> tuple[list[str], bool, float]:
    """Lighthouse on each page, one run at a time, against the production settings. Table lines, failed, seconds."""
    started = time.monotonic()
    node, cli = lighthouse_bin()
    env = production_env()
    build_static(env)
    results = {}
    with Cluster(env, LIGHTHOUSE / "servers", nodes=1, workers=2, tls_in_front=True) as cluster:
        for path in {path for _, path, _, _ in LIGHTHOUSE_PAGES}:  # a running server is warm: its first request is not
            urllib.request.urlopen(cluster.url + path, timeout=60).read()  # measured (Django's first import of a view)
        for name, path, mode, targets in LIGHTHOUSE_PAGES:
            if names and name not in names:
                continue
            out = LIGHTHOUSE / (name.replace(" ", "-").replace("(", "").replace(")", "") + ".json")
            results[name] = run_lighthouse(node, cli, cluster.url + path, mode, out)
            print(f"Lighthouse: {name} done", flush=True)
    lines = ["| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    failed = False
    for name, path, mode, targets in LIGHTHOUSE_PAGES:
        if name not in results:
            continue
        result = results[name]
        misses = [f"{label} < {targets[key]}" for key, label in zip(CATEGORIES, ("performance", "accessibility", "best practices", "SEO"))
                  if key in targets and result["scores"][key] < targets[key]]
        if result["cls"] > CLS_TARGET:
            misses.append(f"CLS > {CLS_TARGET}")
        if mode == "3d" and not result["three"]:
            misses.append("the 3D view did not start")
        if result["error"]:
            misses.append(result["error"])
        failed |= bool(misses)

        def cell(key):
            score = result["scores"][key]
            target = targets.get(key)
            return f"**{score}**" if target and score < target else (f"{score} (≥ {target})" if target else str(score))

        lines.append(f"| {name} | " + " | ".join(cell(key) for key in CATEGORIES)
                     + f" | {result['lcp']:.1f} s | {1000 * result['tbt']:.0f} ms | {result['cls']:.3f} | "
                     + ("ok" if not misses else "**" + "; ".join(misses) + "**") + " |")
        for key in CATEGORIES:
            if result["failing"][key]:
                print(f"  {name} {key}: " + ", ".join(result["failing"][key]))
    return lines, failed, time.monotonic() - started


LIGHTHOUSE_INTRO = [
    "npm `lighthouse@12` (13 needs Node 22) in Debian's Chromium, mobile preset with its default simulated throttling",
    "(150 ms round trips, 1.6 Mb/s down, 4× slower CPU), one run per page; scores 0–100, LCP and TBT as Lighthouse",
    "simulates them. Targets: light pages and the home page performance ≥ 90, accessibility ≥ 95, best practices ≥ 95,",
    "SEO ≥ 90; 3D hall performance ≥ 60, 3D booth and product ≥ 75; CLS ≤ 0.1 everywhere. A bold figure misses its",
    "target, and `make budgets` fails. Light and 3D are the visitor's choice (the `fair_mode` cookie the mode toggle",
    "sets); the home page is measured as a first visit (no choice yet).",
    "",
    "What is measured is the production layout on this machine (`scripts/cluster.py`), not the development server:",
    "`FAIR_ENV=production`, static files collected and compressed offline as docs/deployment.md says and served by",
    "WhiteNoise (gzipped, a year's cache under hashed names), pages from gunicorn and websockets from daphne behind",
    "HAProxy, on the demo database, each page requested once before (a running server is warm). Two differences from a",
    "deployment: no TLS (HAProxy tells Django each request came over https, as a TLS-terminating balancer would, so the",
    "HTTPS redirect does not answer every request), and no proxy serving `/media/`: Django serves the media",
    "(`FAIR_SERVE_MEDIA=1`). WebGL is drawn in software (SwiftShader), as in the browser tests.",
]


def bundle_table() -> list[str]:
    sizes = json.loads((ROOT / "static" / "build" / "sizes.json").read_text())
    lines = ["| bundle | on | gzipped |", "| --- | --- | ---: |"]
    where = {"three": "hall, booth, product (3D only): shared, cached", "hall": "hall (3D)", "booth": "booth, product (3D)",
             "xr": "on demand (Enter VR)", "mode": "every page", "live": "booth, product, checkout", "presence": "hall",
             "orders": "order page", "console": "producer console", "editor": "producer's editor",
             "search": "on demand (the search box, on first focus)", "studioplan": "studio: floor plan editor",
             "planpreview": "on demand (the floor plan's 3D preview)"}
    for name, size in sizes.items():
        lines.append(f"| `{name}.js` | {where.get(name, '')} | {size['gzip'] / KB:.1f} KB |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lighthouse", nargs="*", metavar="PAGE",
                        help="run only the Lighthouse stage (on these pages, default all) and print it; docs/budgets.md stays")
    args = parser.parse_args()
    if args.lighthouse is not None:
        lines, failed, seconds = measure_lighthouse(args.lighthouse or None)
        print("\n".join(lines) + f"\n\nLighthouse stage: {seconds:.0f} s")
        return 1 if failed else 0

    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "FAIR_ENV": "development"}
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_listening(server, port)
        with sync_playwright() as playwright:
            launch = {"args": CHROMIUM_ARGS, "headless": True}
            if _chromium():
                launch["executable_path"] = _chromium()
            browser = playwright.chromium.launch(**launch)
            results = {name: measure(browser, base, path, light) for name, (path, light) in PAGES.items()}
            visit = measure_visit(browser, base)
            browser.close()
    finally:
        stop(server)

    hall = results["hall (3D)"]
    checks = [("hall (3D)", "first-load JavaScript, gzipped", hall["js_gz"], 220 * KB),
              ("hall (3D)", "of which VR's part: the Enter VR button (xr/button.js alone, gzipped)",
               json.loads((ROOT / "static" / "build" / "parts.json").read_text())["xr/button.js"]["gzip"], VR_FIRST_LOAD),
              ("hall (3D)", "VR code (xr.js) downloaded before Enter VR", hall["xr_bytes"], 0),
              ("hall (3D)", "HTML + CSS + fonts, gzipped", hall["doc_css_font_gz"], 100 * KB),
              ("hall (3D)", "of which the shared three.js bundle (three.js + shared add-ons), gzipped",
               hall["vendor_gz"], VENDOR_BUDGET)]
    for name, values in list(visit.items())[1:]:
        checks.append((name, "new JavaScript downloaded, gzipped", values["new_js_gz"], NEXT_PAGE_JS))
        checks.append((name, "three.js downloaded again", values["three_again_bytes"], 0))
    for name, values in results.items():
        if "light" in name:
            checks.append((name, "everything downloaded (text gzipped)", values["all_bytes"], 100 * KB))
            checks.append((name, "three.js", values["three_bytes"], 0))
    lines = ["# Page-weight budgets", "",
             "Measured by `make budgets` (`scripts/budgets.py`): Debian's Chromium loads each page of the demo fair as a",
             "phone would (412 × 915, 2× pixels), waits until it is ready, and adds up what it downloaded. Text",
             "(HTML, CSS, JS, fonts) is counted gzipped (-9), as a server would send it; images as they are.",
             "\"After the hall\" and \"after the booth\" are one visit in the same tab: hall, then booth, then product",
             "page in 3D; \"new\" JavaScript is what came over the network (scripts served from the browser's cache,",
             "like the shared three.js bundle, cost nothing).", "",
             "| page | what | measured | budget | |", "| --- | --- | ---: | ---: | --- |"]
    failed = False
    for page, what, value, budget in checks:
        ok = value <= budget
        failed |= not ok
        lines.append(f"| {page} | {what} | {value / KB:.1f} KB | {budget / KB:.0f} KB | {'ok' if ok else '**over**'} |")
    lines += ["", "The bundles as built (`static/build/sizes.json`, gzip -9):", "", *bundle_table()]
    lighthouse, lighthouse_failed, seconds = measure_lighthouse()
    failed |= lighthouse_failed
    lines += ["", "## Lighthouse", "", *LIGHTHOUSE_INTRO, "", *lighthouse, "",
              f"The Lighthouse stage took {seconds:.0f} s (building the static files, starting the servers, one run per page).",
              "", f"Measured on {time.strftime('%Y-%m-%d')}."]
    (ROOT / "docs" / "budgets.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
