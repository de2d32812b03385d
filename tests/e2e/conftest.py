"""Real-browser tests: Debian's Chromium (or Playwright's) headless, WebGL on SwiftShader, against a live server."""

import itertools
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    # WebGL in software; --use-gl=swiftshader or --disable-software-rasterizer would break it.
    "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)


def _chromium() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured and Path(configured).exists():
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium when there is one, else Playwright's own download; say so when neither is there."""
    executable = _chromium()
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS, "headless": True}
    if executable:
        return {**args, "executable_path": executable}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        bundled = Path(playwright.chromium.executable_path)
    if bundled.exists():
        return args
    message = ("No Chromium for the browser tests: install Debian's `chromium` package "
               "(make test does so when it runs as root) or run `python -m playwright install chromium`.")
    if os.environ.get("FAIR_REQUIRE_SERVICES") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# How long a browser action or a wait may take before the test fails: generous, because CI machines are shared and
# SwiftShader draws on the same two cores as another process; a wait ends as soon as its condition holds.
PATIENCE_MS = 60_000
_waits = itertools.count()


def wait_for_async(page, expression: str, **kwargs) -> None:
    """Wait until a JavaScript expression that may return a promise is truthy. Playwright's wait_for_function takes a
    promise for a truthy value without awaiting it, so it cannot wait on an async hook (`window.fairLive.call()`,
    `caches.keys()`): the page checks the expression itself, every 100 ms, and raises a flag wait_for_function waits
    for (with its usual timeout). A check that has not settled after 2 s is given up and made again."""
    flag = f"__fairWait{next(_waits)}"
    page.evaluate(f"""() => {{
      window.{flag} = false;
      (async () => {{
        for (;;) {{
          // A check that never settles (a message to a service worker replaced meanwhile) counts as "not yet".
          const never = new Promise((resolve) => setTimeout(() => resolve(false), 2000));
          try {{ if (await Promise.race([({expression}), never])) break; }} catch (error) {{ /* not yet: again */ }}
          await new Promise((resolve) => setTimeout(resolve, 100));
        }}
        window.{flag} = true;
      }})();
    }}""")
    page.wait_for_function(f"window.{flag} === true", **kwargs)


@pytest.fixture(scope="session")
def browser(launch_browser):
    """pytest-playwright's browser, whose every context and page waits up to PATIENCE_MS by default."""
    browser = launch_browser()
    new_context, new_page = browser.new_context, browser.new_page

    def patient(page_or_context):
        page_or_context.set_default_timeout(PATIENCE_MS)
        page_or_context.set_default_navigation_timeout(PATIENCE_MS)
        return page_or_context

    browser.new_context = lambda *args, **kwargs: patient(new_context(*args, **kwargs))
    browser.new_page = lambda *args, **kwargs: patient(new_page(*args, **kwargs))
    yield browser
    browser.close()


@pytest.fixture(scope="session", autouse=True)
def sync_orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread, which makes Django refuse ORM calls
    from fixtures here (they are not async code). Allowed for the browser tests only: tests/conftest.py
    runs them after every other test."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def errors(page):
    """Every JavaScript error and console error the page logs; a test ends by asserting it is empty."""
    found = []
    page.on("pageerror", lambda error: found.append(f"pageerror: {error}"))
    page.on("console", lambda message: found.append(f"console.error: {message.text}") if message.type == "error" else None)
    return found


def axe_violations(page, impacts=("serious", "critical")):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in impacts]


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, django_db_blocker):
    """The fair served over ASGI (daphne's development server, with websockets and static files) on a free
    port, sharing the test database file; one process for the whole run."""
    import subprocess
    import sys

    from django.conf import settings
    from django.db import connection

    from tests.servers import free_port, stop, wait_until_listening

    port = free_port()
    env = {**os.environ, "FAIR_ENV": "development", "FAIR_SQLITE_PATH": connection.settings_dict["NAME"],
           "FAIR_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = open(ROOT / "var" / "e2e-server.log", "w")  # what the server said, for when a browser test fails
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_until_listening(server, port, log=log)
    yield f"http://127.0.0.1:{port}"
    stop(server)
    log.close()


@pytest.fixture
def site(asgi_server, transactional_db):
    """The server's address, with the demo fair loaded (the database is emptied after each test; the demo's
    media files stay, so loading again takes a second)."""
    from booths.demo.loader import demo_fair_load

    demo_fair_load()
    return asgi_server


@pytest.fixture
def console_of(browser, site):
    """Opens the console of a producer (by slug) on a phone-sized browser, signed in as one of its staff."""
    from booths.models import Producer
    from tests.factories import make_user
    from tests.realtime.helpers import user_session

    contexts = []

    def open_console(slug):
        user = make_user(producer=Producer.objects.get(slug=slug))
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.add_cookies([{"name": "sessionid", "value": user_session(user), "url": site}])
        contexts.append(context)
        page = context.new_page()
        page.goto(site + "/producer/")
        page.wait_for_function("window.fairConsole !== undefined")
        return page

    yield open_console
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def media_worker(asgi_server):
    """The media worker beside the server, as `make run` starts it (`manage.py db_worker`)."""
    import subprocess
    import sys

    from django.conf import settings
    from django.db import connection

    env = {**os.environ, "FAIR_ENV": "development", "FAIR_SQLITE_PATH": connection.settings_dict["NAME"],
           "FAIR_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = open(ROOT / "var" / "e2e-worker.log", "w")
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.3", "--no-startup-delay"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
    log.close()


# Chromium with a fake camera and microphone (a test pattern and a beep), granted without asking, and video that plays
# without a tap: the live-selling tests publish and watch with it (pages must come from http://127.0.0.1, not about:blank).
MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="session")
def janus(tmp_path_factory):
    """Our own Janus (Debian's package) on a free loopback port for the whole run; skipped with what to install when it
    is missing, a failure with FAIR_REQUIRE_SERVICES=1."""
    from booths.live import janus_process

    if janus_process.janus_binary() is None:
        message = "No Janus for the live-selling tests: install Debian's `janus` package (make test does so as root)."
        if os.environ.get("FAIR_REQUIRE_SERVICES") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    folder = ROOT / "var" / "janus-test"
    instance = janus_process.start(folder, recordings=folder / "recordings")
    yield instance
    janus_process.stop(instance)


@pytest.fixture(scope="session")
def media_browser(browser_type, browser_type_launch_args):
    """A second Chromium with fake media devices (the shared `browser` has none)."""
    browser = browser_type.launch(**{**browser_type_launch_args, "args": CHROMIUM_ARGS + MEDIA_ARGS})
    yield browser
    browser.close()
