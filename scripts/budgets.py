"""Measure the page-weight budgets of the 3D and light pages in a real Chromium; write docs/budgets.md.

Budgets (issue "Walk the fair in 3D"):
- hall page first-load JavaScript ≤ 220 KB gzipped;
- hall HTML + CSS + fonts ≤ 100 KB gzipped;
- light pages ≤ 100 KB in all (what a phone downloads on first view), with 0 bytes of three.js;
- (issue "Visit the fair in a VR headset") the hall's first-load JavaScript grows by at most 5 KB
  gzipped over its size before VR (158.7 KB, measured here on 2026-11-22), and the VR code
  (xr.js) is not downloaded at all until "Enter VR" is pressed.

Runs the development server on a free port against the demo database (`make budgets` loads it
first) and loads each page as a phone would (412 × 915). Exits 1 when a budget is exceeded.
"""

import gzip
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
PAGES = {
    "hall (3D)": ("/fairs/ocop-2026/halls/dac-san/", False),
    "hall (light)": ("/fairs/ocop-2026/halls/dac-san/", True),
    "booth (light)": ("/booths/mat-ong-quyet-thang/", True),
    "product (light)": ("/products/mat-ong-quyet-thang/", True),
    "home (light)": ("/", True),
}
THREE_BUNDLES = ("hall", "booth")


def measure(browser, url: str, light: bool) -> dict:
    context = browser.new_context(viewport={"width": 412, "height": 915}, device_scale_factor=2,
                                  extra_http_headers={"Save-Data": "on"} if light else {})
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    if not light:
        page.wait_for_function("window.fairHall !== undefined", timeout=60000)
        page.evaluate("window.fairHall.ready")
    page.wait_for_timeout(1500)
    totals = {"js_gz": 0, "doc_css_font_gz": 0, "all_bytes": 0, "three_bytes": 0, "xr_bytes": 0}
    for response in responses:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            continue
        kind = response.request.resource_type
        zipped = len(gzip.compress(body, 9))
        totals["all_bytes"] += zipped if kind in ("document", "stylesheet", "script", "font") else len(body)
        if kind == "script":
            totals["js_gz"] += zipped
            if "/build/xr.js" in response.url:
                totals["xr_bytes"] += len(body)
            if any(f"/build/{name}.js" in response.url or "three" in body[:2000].decode("latin1").lower()
                   for name in THREE_BUNDLES):
                totals["three_bytes"] += len(body)
        if kind in ("document", "stylesheet", "font"):
            totals["doc_css_font_gz"] += zipped
    context.close()
    return totals


def main() -> int:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "FAIR_ENV": "development"}
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_listening(server, port)
        with sync_playwright() as playwright:
            launch = {"args": CHROMIUM_ARGS, "headless": True}
            if _chromium():
                launch["executable_path"] = _chromium()
            browser = playwright.chromium.launch(**launch)
            results = {name: measure(browser, f"http://127.0.0.1:{port}{path}", light) for name, (path, light) in PAGES.items()}
            browser.close()
    finally:
        stop(server)

    checks = [("hall (3D)", "first-load JavaScript, gzipped", results["hall (3D)"]["js_gz"], 220 * KB),
              ("hall (3D)", "first-load JavaScript: at most 5 KB more than before VR (158.7 KB)",
               results["hall (3D)"]["js_gz"], HALL_JS_BEFORE_VR + 5 * KB),
              ("hall (3D)", "VR code (xr.js) downloaded before Enter VR", results["hall (3D)"]["xr_bytes"], 0),
              ("hall (3D)", "HTML + CSS + fonts, gzipped", results["hall (3D)"]["doc_css_font_gz"], 100 * KB)]
    for name, values in results.items():
        if "light" in name:
            checks.append((name, "everything downloaded (text gzipped)", values["all_bytes"], 100 * KB))
            checks.append((name, "three.js", values["three_bytes"], 0))
    lines = ["# Page-weight budgets", "",
             "Measured by `make budgets` (`scripts/budgets.py`): Debian's Chromium loads each page of the demo fair as a",
             "phone would (412 × 915, 2× pixels), waits until it is ready, and adds up what it downloaded. Text",
             "(HTML, CSS, JS, fonts) is counted gzipped (-9), as a server would send it; images as they are.", "",
             "| page | what | measured | budget | |", "| --- | --- | ---: | ---: | --- |"]
    failed = False
    for page, what, value, budget in checks:
        ok = value <= budget
        failed |= not ok
        lines.append(f"| {page} | {what} | {value / KB:.1f} KB | {budget / KB:.0f} KB | {'ok' if ok else '**over**'} |")
    lines += ["", f"Measured on {time.strftime('%Y-%m-%d')}."]
    (ROOT / "docs" / "budgets.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
