"""Measure the page-weight budgets of the 3D and light pages in a real Chromium; write docs/budgets.md.

Budgets (issue "Walk the fair in 3D"):
- hall page first-load JavaScript ≤ 220 KB gzipped;
- hall HTML + CSS + fonts ≤ 100 KB gzipped;
- light pages ≤ 100 KB in all (what a phone downloads on first view), with 0 bytes of three.js;
- (issue "Visit the fair in a VR headset") the hall's first-load JavaScript grows by at most 5 KB
  gzipped over its size before VR (158.7 KB, measured here on 2026-11-22), and the VR code
  (xr.js) is not downloaded at all until "Enter VR" is pressed;
- (issue "One home per business area") three.js is one shared bundle, downloaded once per visit: walking
  from the hall into a booth, then to a product, each next 3D page downloads ≤ 30 KB gzipped of new
  JavaScript and no three.js again; the shared bundle holds only what the pages import (≤ 170 KB
  gzipped, where all of three.js is about 190 KB).

Runs the development server on a free port against the demo database (`make budgets` loads it
first) and loads each page as a phone would (412 × 915). "New" JavaScript is what came over the
network (Chromium's own accounting, through the DevTools protocol): a script served from the browser's
cache, or revalidated with a 304, costs nothing new. Exits 1 when a budget is exceeded.
"""

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e.conftest import CHROMIUM_ARGS, _chromium  # noqa: E402
from tests.servers import free_port, stop, wait_until_listening  # noqa: E402

KB = 1024
HALL_JS_BEFORE_VR = 158.7 * KB  # docs/budgets.md of 2026-11-22, before the VR mode existed
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
              ("hall (3D)", "first-load JavaScript: at most 5 KB more than before VR (158.7 KB)",
               hall["js_gz"], HALL_JS_BEFORE_VR + 5 * KB),
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
    lines += ["", "The bundles as built (`static/build/sizes.json`, gzip -9):", "", *bundle_table(),
              "", f"Measured on {time.strftime('%Y-%m-%d')}."]
    (ROOT / "docs" / "budgets.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
