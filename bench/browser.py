"""What an idle 3D page costs the visitor's device: the browser's CPU time over a quiet window, once the page has
settled (every model and picture loaded, nothing turning or walking), against the same page in light mode (Save-Data:
no three.js at all), measured in the same run and alternating. Render on demand (frontend/src/ui/RenderLoop.js) is
what keeps the ratio low: a settled 3D page draws no frame. Headless Chromium draws WebGL in software (SwiftShader),
so an undue frame costs as it would on a phone's weak GPU.

The CPU time is read from /proc for the browser and every process it started (renderers, GPU, network)."""

import os
import statistics
import time
import uuid
from pathlib import Path

from tests.e2e.conftest import CHROMIUM_ARGS

TICKS = os.sysconf("SC_CLK_TCK")
SETTLE = 2.0  # seconds after the page settled before the window starts
SETTLED = {
    "hall": "window.fairHall && window.fairHall.settled()",
    # Viewers are made as their products come into view, after the page's 3D code loaded: an empty list is not settled.
    "booth": ("window.fairBooth && window.fairBooth.viewers().length > 0 && window.fairBooth.viewers().every(v => "
              "(v.state === 'failed' || (v.state === 'shown' && v.renders > 0)) && !v.drawing)"
              " && !(window.fairBooth.tour()?.drawing)"),
}


def _children() -> dict[int, list[int]]:
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        found.setdefault(parent, []).append(int(entry.name))
    return found


def _browser_pid(marker: str) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    return int(entry.name)
            except OSError:
                continue
    raise RuntimeError("the benchmark's Chromium process was not found")


def cpu_seconds(root: int) -> float:
    """User + system CPU time of a process and all its descendants, in seconds."""
    children, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def idle_cost(playwright, executable, url, kind, light, quiet):
    """CPU cores the browser keeps busy on a settled page, over `quiet` seconds."""
    marker = f"--bench-run={uuid.uuid4().hex}"
    launch = {"args": [*CHROMIUM_ARGS, marker], "headless": True}
    if executable:
        launch["executable_path"] = executable
    browser = playwright.chromium.launch(**launch)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 800},
                                      extra_http_headers={"Save-Data": "on"} if light else {})
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=120_000)
        if light:
            page.wait_for_load_state("networkidle", timeout=120_000)
            assert page.evaluate("document.documentElement.dataset.mode") == "light"
        else:
            page.wait_for_function(SETTLED[kind], timeout=120_000)
        root = _browser_pid(marker)
        # The compositor and the GPU process finish the last frames' work for about a second after the page's own
        # script is done; the window starts after it (seen: 0.3 cores in the first second, then none).
        time.sleep(SETTLE)
        start_cpu, start = cpu_seconds(root), time.monotonic()
        time.sleep(quiet)  # a benchmark's measuring window (tests wait for conditions, never for time)
        cores = (cpu_seconds(root) - start_cpu) / (time.monotonic() - start)
        context.close()
        return cores
    finally:
        browser.close()


def idle(site: str, options: dict) -> dict:
    """Idle CPU, 3D against light, for the hall and a booth; the runs alternate which goes first."""
    from playwright.sync_api import sync_playwright

    from scripts.run_tests import ensure_chromium

    executable = ensure_chromium()
    pages = {"hall": site + options["hall"], "booth": site + f"/booths/{options['booth']}/"}
    found = {kind: {"3d": [], "light": []} for kind in pages}
    with sync_playwright() as playwright:
        for rep in range(options["reps"]):
            for kind, url in pages.items():
                for mode in ("3d", "light") if rep % 2 == 0 else ("light", "3d"):
                    found[kind][mode].append(idle_cost(playwright, executable, url, kind, mode == "light", options["quiet"]))
    return {kind: {**runs, "3d_median": statistics.median(runs["3d"]), "light_median": statistics.median(runs["light"])}
            for kind, runs in found.items()}


def walk(site: str, options: dict) -> dict:
    """The same scripted walk (`fairHall.walkCost`: 0.5 m a frame into the hall, each frame waited for) in a hall of
    many booths and in the demo's hall of a few, alternating; mean ms per frame and the most draw calls a frame."""
    from playwright.sync_api import sync_playwright

    from scripts.run_tests import ensure_chromium

    executable = ensure_chromium()
    launch = {"args": CHROMIUM_ARGS, "headless": True, **({"executable_path": executable} if executable else {})}
    found = {name: {"ms": [], "calls": []} for name in options["halls"]}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch)
        try:
            for rep in range(options["reps"]):
                names = list(options["halls"]) if rep % 2 == 0 else list(options["halls"])[::-1]
                for name in names:
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    page.goto(site + options["halls"][name], timeout=120_000)
                    page.wait_for_function(SETTLED["hall"], timeout=120_000)
                    cost = page.evaluate(f"window.fairHall.walkCost({options['steps']})")
                    found[name]["ms"].append(cost["ms"])
                    found[name]["calls"].append(cost["calls"])
                    found[name]["booths"] = page.evaluate("window.fairHall.booths().length")
                    page.close()
        finally:
            browser.close()
    return {name: {**runs, "ms_median": statistics.median(runs["ms"])} for name, runs in found.items()}
