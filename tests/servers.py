"""Starting the fair's own server processes on loopback for tests and measurements."""

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(process: subprocess.Popen, port: int, seconds: float = 30, log=None) -> None:
    """Wait for a started server to accept connections; fail with its last words (from its log file) if it died.

    Servers must write to a file or DEVNULL, never to an unread pipe: a full pipe blocks them."""
    deadline = time.time() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None:
                said = open(log.name).read()[-2000:] if log else ""
                raise AssertionError(f"the server on port {port} exited: {said}")
            if time.time() > deadline:
                raise AssertionError(f"the server on port {port} did not start within {seconds} s")
            time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    """Stop a server by its own pid: politely, then firmly."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def daphne_processes(env: dict, *, count: int = 2, name: str = "daphne"):
    """`count` daphne processes of the fair on free loopback ports (logs in var/<name>-N.log), stopped afterwards.
    Yields [(process, port)]."""
    started = []
    try:
        for n in range(count):
            port = free_port()
            log = open(ROOT / "var" / f"{name}-{n + 1}.log", "w")
            process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                 "--websocket-max-message-size", "65536", "--websocket-max-frame-size", "65536", "fair.asgi:application"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            started.append((process, port, log))
        for process, port, log in started:
            wait_until_listening(process, port, log=log)
        yield [(process, port) for process, port, _ in started]
    finally:
        for process, _, log in started:
            stop(process)
            log.close()
