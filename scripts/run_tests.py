"""The test command behind `make test`.

0. Lint: ruff (pyflakes, pycodestyle, import order; pyproject.toml [tool.ruff]). A finding fails the run.
1. Make sure a Chromium is there for the real-browser tests (Debian's package, else
   Playwright's download), and Janus for the live-selling tests (Debian's package); say clearly what is missing.
2. Run the whole suite on the embedded defaults (SQLite, in-memory channel layer).
3. Run the service tests, and again every test whose outcome depends on the engine (marker
   `engines`, tests/conftest.py), on PostgreSQL and Redis when they answer
   (FAIR_TEST_DATABASE_URL, FAIR_TEST_REDIS_URL, defaults on 127.0.0.1). With
   FAIR_REQUIRE_SERVICES=1 (CI) a missing service or browser is a failure, never a skip.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REQUIRE = os.environ.get("FAIR_REQUIRE_SERVICES") == "1"
DATABASE_URL = os.environ.get("FAIR_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("FAIR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
            return True
    except OSError:
        return False


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured and Path(configured).exists():
        return configured
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_chromium() -> str | None:
    """A Chromium for tests/e2e: installed from Debian's packages when missing, else Playwright's."""
    found = find_chromium()
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        print("Chromium is missing: installing Debian's chromium package.", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], env=env, check=False)
        subprocess.run([apt, "install", "-y", "-qq", "chromium"], env=env, check=False)
        found = find_chromium()
        if found:
            return found
    print("No Debian chromium could be installed: trying Playwright's own browser download.", flush=True)
    subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
    return None  # tests/e2e/conftest.py then finds Playwright's browser, or says it is missing


def pytest(env: dict, *args: str) -> int:
    command = [sys.executable, "-m", "pytest", *args, *sys.argv[1:]]
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def lint() -> int:
    """ruff over the whole tree: undefined or unused names, style, import order."""
    command = [sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."]
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


def main() -> int:
    if lint():
        print("FAILED: ruff found problems (above); `.venv/bin/ruff check --fix .` mends import order.", flush=True)
        return 1
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    base["FAIR_ENV"] = "test"
    chromium = ensure_chromium()
    if chromium:
        base["CHROMIUM"] = chromium
    from booths.live.janus_process import ensure_janus

    ensure_janus()  # the live-selling tests' media server (Debian's janus): installed as root, else they say what is missing

    print("\n== Pass 1: embedded defaults (SQLite, in-memory channel layer) ==", flush=True)
    first = pytest(base, "-m", "not services")

    print("\n== Pass 2: PostgreSQL and Redis ==", flush=True)
    missing = [name for name, url in (("PostgreSQL", DATABASE_URL), ("Redis", REDIS_URL)) if not answers(url)]
    if missing:
        message = f"{' and '.join(missing)} not reachable ({DATABASE_URL}, {REDIS_URL})"
        if REQUIRE:
            print(f"FAILED: {message}, and FAIR_REQUIRE_SERVICES=1 requires them.", flush=True)
            return 1
        print(f"Pass 2 skipped: {message}. Set FAIR_REQUIRE_SERVICES=1 to make this a failure.", flush=True)
        return first
    try:  # the several-server test (tests/services/test_cluster.py) runs our own HAProxy: Debian's package
        from scripts.cluster import ensure_haproxy

        ensure_haproxy()
    except RuntimeError as error:
        print(f"{error} (tests/services/test_cluster.py will fail without it)", flush=True)
    # A Redis prefix of its own: nothing left in Redis by an earlier run (or a killed process) is seen.
    prefix = f"fair-test-{os.getpid()}-{int(time.time())}"
    second = pytest({**base, "DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL, "FAIR_REDIS_PREFIX": prefix},
                    "-m", "(services or engines) and not e2e")
    return first or second


if __name__ == "__main__":
    sys.exit(main())
