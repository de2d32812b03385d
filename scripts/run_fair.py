"""`make run`: the web server (daphne, via runserver), the media worker (`manage.py db_worker`) and our own Janus
(the livestreams' media server, booths/live/janus_process.py: installed from Debian's packages when missing and we run as
root, configured under var/janus/ on 127.0.0.1), together.

Ctrl-C stops them all; if the server or the worker stops on its own, the rest is stopped too, so a half-running fair
never looks healthy. Without Janus the fair runs all the same and booths say live video is not available.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_janus():
    """Our Janus on a free loopback port (ICE on every interface: phones on the LAN reach it), or None (said why)."""
    if janus_process.ensure_janus() is None:
        return None
    try:
        instance = janus_process.start(ROOT / "var" / "janus", ice_enforce="", recordings=ROOT / "var" / "live-recordings")
    except RuntimeError as error:
        print(f"Live video is off: {error}", flush=True)
        return None
    print(f"Janus (live video) on {instance.url}, logs in var/janus/janus.log", flush=True)
    return instance


def main() -> int:
    address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"
    env = {**os.environ, "FAIR_ENV": os.environ.get("FAIR_ENV", "development")}
    manage = [sys.executable, str(ROOT / "manage.py")]
    janus = start_janus()
    if janus is not None:
        env.update(janus.env())
    worker = subprocess.Popen(manage + ["db_worker", "--interval", "1"], cwd=ROOT, env=env)
    server = subprocess.Popen(manage + ["runserver", address], cwd=ROOT, env=env)
    children = (server, worker)

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        if janus is not None:
            janus_process.stop(janus)

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


from booths.live import janus_process  # noqa: E402 - after the path above

if __name__ == "__main__":
    sys.exit(main())
