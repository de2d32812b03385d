"""`make run`: the web server (daphne, via runserver) and the media worker (`manage.py db_worker`), together.

Ctrl-C stops both; if either stops on its own, the other is stopped too, so a half-running fair
never looks healthy.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"
    env = {**os.environ, "FAIR_ENV": os.environ.get("FAIR_ENV", "development")}
    manage = [sys.executable, str(ROOT / "manage.py")]
    worker = subprocess.Popen(manage + ["db_worker", "--interval", "1"], cwd=ROOT, env=env)
    server = subprocess.Popen(manage + ["runserver", address], cwd=ROOT, env=env)
    children = (server, worker)

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
    failed = [child.returncode for child in children if child.returncode not in (0, -signal.SIGTERM, None)]
    return failed[0] if failed else 0


if __name__ == "__main__":
    sys.exit(main())
