"""`make cluster`: the fair as several servers behind HAProxy, on this machine.

The production layout of docs/deployment.md, on loopback: N daphne processes (the websockets), gunicorn (the
pages, with WhiteNoise serving the static files) and one media worker, behind our own HAProxy instance (Debian's
`haproxy` package, never the system service) with a config written here under var/cluster/:

- least connections, no sticky sessions: any request or socket may land on any process, because sessions,
  presence, the cache and the channel layer all live in Redis and everything stored lives in PostgreSQL;
- health checks on `/health` every second (database and Redis, fair/health.py); a process that fails two is
  taken out and its open sockets closed, so their clients reconnect to a live one;
- websocket tunnels kept open an hour; a connection refused by a dead process is tried again on another.

    python scripts/cluster.py [--nodes 3] [--port 8000] [--workers 3]   # Ctrl-C stops everything

It needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL; by default their standard ports on 127.0.0.1, database
`fair`), migrates and loads the demo fair first. Tests start the same layout with `Cluster` (tests/services/).
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.servers import free_port, stop, wait_until_listening  # noqa: E402

HAPROXY_CANDIDATES = ("haproxy", "/usr/sbin/haproxy")
CHECK_EVERY_MS = 1000  # health check interval; a process is out after 2 failed checks, back after 2 good ones


def find_haproxy() -> str | None:
    for candidate in HAPROXY_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def ensure_haproxy() -> str:
    """Debian's haproxy: installed when missing (as root), else a clear message of what to install."""
    found = find_haproxy()
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("HAProxy is missing: installing Debian's haproxy package.", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "haproxy"], env=env, check=False)
        subprocess.run(["systemctl", "disable", "--now", "haproxy"], check=False,  # ours runs on its own config
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        found = find_haproxy()
        if found:
            return found
    raise RuntimeError("HAProxy is needed for the several-server layout: install Debian's package "
                       "(sudo apt-get install haproxy), or run this as root to have it installed.")


def haproxy_config(*, port: int, sockets: list[tuple[str, int]], pages: list[tuple[str, int]], stats_socket: Path,
                   host: str = "127.0.0.1", tls_pem: Path | None = None, tls_in_front: bool = False) -> str:
    """The balancer's whole config: /ws/ to the daphne processes, everything else to gunicorn. `tls_in_front`: every
    request is told https, as if TLS ended before HAProxy (a measurement of the production settings over plain HTTP
    on loopback, where the HTTPS redirect would otherwise answer every request)."""
    import resource

    maxconn = max(256, min(20000, (resource.getrlimit(resource.RLIMIT_NOFILE)[1] - 64) // 2))
    bind = f"bind {host}:{port}" + (f" ssl crt {tls_pem}" if tls_pem else "")

    def backend(name, servers):
        lines = [
            f"backend {name}",
            "    balance leastconn",  # a new socket goes to the process holding the fewest: no stickiness
            "    option httpchk",
            "    http-check send meth GET uri /health ver HTTP/1.1 hdr Host localhost",
            "    http-check expect status 200",
            f"    default-server inter {CHECK_EVERY_MS} fastinter 500 downinter {CHECK_EVERY_MS} fall 2 rise 2 "
            "on-marked-down shutdown-sessions",
        ]
        lines += [f"    server {server} 127.0.0.1:{server_port} check" for server, server_port in servers]
        return lines

    lines = [
        "# Written by scripts/cluster.py; see docs/deployment.md.",
        "global",
        f"    maxconn {maxconn}",  # each connection is two descriptors (client and server side)
        f"    stats socket {stats_socket} mode 600 level admin",
        "",
        "defaults",
        "    mode http",
        "    timeout connect 2s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout http-request 10s",
        "    timeout tunnel 1h",  # an open websocket: idle for up to an hour (clients ping every 20 s)
        "    timeout client-fin 5s",
        "    timeout check 2s",
        "    retries 3",
        "    option redispatch 1",  # a connection a dead process refused is tried on another one at once
        "",
        "frontend fair",
        f"    {bind}",
        # The visitor's address and scheme as we saw them, replacing whatever the client claimed (socket caps,
        # sign-in lock-outs and secure cookies trust these headers behind FAIR_BEHIND_PROXY=1).
        "    http-request set-header X-Forwarded-For %[src]",
        *(["    http-request set-header X-Forwarded-Proto https"] if tls_in_front else [
            "    http-request set-header X-Forwarded-Proto https if { ssl_fc }",
            "    http-request set-header X-Forwarded-Proto http if !{ ssl_fc }"]),
        "    use_backend sockets if { path_beg /ws/ }",
        "    default_backend pages",
        "",
        *backend("sockets", sockets),
        "",
        *backend("pages", pages),
        "",
    ]
    return "\n".join(lines)


class Cluster:
    """The layout's processes: `nodes` daphne, `page_servers` gunicorn of `workers` workers each, HAProxy in front,
    optionally the media worker. Each process logs to `folder`; `stop()` (or leaving the `with`) ends them all."""

    def __init__(self, env: dict, folder: Path, *, nodes: int = 3, page_servers: int = 1, workers: int = 2,
                 port: int | None = None, host: str = "127.0.0.1", media_worker: bool = False, tls_in_front: bool = False):
        self.env, self.folder, self.tls_in_front = env, Path(folder), tls_in_front
        self.nodes, self.page_servers, self.workers = nodes, page_servers, workers
        self.port, self.host, self.media_worker = port or free_port(), host, media_worker
        self.sockets: list[tuple[str, int, subprocess.Popen]] = []
        self.pages: list[tuple[str, int, subprocess.Popen]] = []
        self.others: list[subprocess.Popen] = []
        self.haproxy: subprocess.Popen | None = None
        self.logs = []

    def _start(self, name, args, port=None):
        log = open(self.folder / f"{name}.log", "w")
        self.logs.append(log)
        process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        return process, log

    def start(self) -> "Cluster":
        self.folder.mkdir(parents=True, exist_ok=True)
        haproxy = ensure_haproxy()
        waiting = []
        try:
            for n in range(1, self.nodes + 1):
                port = free_port()
                process, log = self._start(f"daphne-{n}", [
                    sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "--proxy-headers",
                    "--websocket-max-message-size", "65536", "--websocket-max-frame-size", "65536",
                    "fair.asgi:application"])
                self.sockets.append((f"daphne-{n}", port, process))
                waiting.append((process, port, log))
            for n in range(1, self.page_servers + 1):
                port = free_port()
                process, log = self._start(f"gunicorn-{n}", [
                    sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-b", f"127.0.0.1:{port}",
                    "--log-level", "warning", "fair.wsgi:application"])
                self.pages.append((f"gunicorn-{n}", port, process))
                waiting.append((process, port, log))
            if self.media_worker:
                self.others.append(self._start("media-worker", [sys.executable, "manage.py", "db_worker", "--interval", "1"])[0])
            for process, port, log in waiting:
                wait_until_listening(process, port, seconds=60, log=log)
            config = self.folder / "haproxy.cfg"
            config.write_text(haproxy_config(port=self.port, host=self.host, stats_socket=self.stats_socket,
                                             sockets=[(name, port) for name, port, _ in self.sockets],
                                             pages=[(name, port) for name, port, _ in self.pages],
                                             tls_in_front=self.tls_in_front))
            check = subprocess.run([haproxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
            if check.returncode:
                raise RuntimeError(f"HAProxy refused {config}: {check.stdout}{check.stderr}")
            self.haproxy, log = self._start("haproxy", [haproxy, "-db", "-f", str(config)])
            wait_until_listening(self.haproxy, self.port, seconds=30, log=log)
            self.wait_until(lambda states: all(state == "UP" for state in states.values()), seconds=60)
        except BaseException:
            self.stop()
            raise
        return self

    __enter__ = start

    def __exit__(self, *exc):
        self.stop()

    @property
    def stats_socket(self) -> Path:
        return self.folder / "haproxy.sock"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _stats(self) -> list[dict]:
        """HAProxy's `show stat` rows of the servers (its stats socket)."""
        with socket.socket(socket.AF_UNIX) as client:
            client.settimeout(5)
            client.connect(str(self.stats_socket))
            client.sendall(b"show stat\n")
            data = b""
            while chunk := client.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
        return [row for row in rows if row["svname"] not in ("FRONTEND", "BACKEND")]

    def server_states(self) -> dict[str, str]:
        """{server name: UP/DOWN/...} as HAProxy's health checks see them now."""
        return {row["svname"]: row["status"].split()[0] for row in self._stats()}

    def server_sessions(self) -> dict[str, int]:
        """{server name: connections it holds now} (websockets are long connections: how they are spread)."""
        return {row["svname"]: int(row["scur"] or 0) for row in self._stats()}

    def wait_until(self, condition, seconds: float = 30) -> dict[str, str]:
        """Wait until HAProxy's view of the servers satisfies `condition`; fail saying what it saw."""
        deadline = time.monotonic() + seconds
        while True:
            states = self.server_states()
            if condition(states):
                return states
            if time.monotonic() > deadline:
                raise AssertionError(f"HAProxy's servers did not reach the expected state: {states}")
            time.sleep(0.2)

    def kill(self, name: str) -> None:
        """SIGKILL one daphne process: no goodbye to its sockets, its presence entries left in Redis."""
        for server, _port, process in self.sockets:
            if server == name:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)
                return
        raise KeyError(name)

    def stop(self) -> None:
        processes = ([self.haproxy] if self.haproxy else []) + [p for *_, p in self.sockets + self.pages] + self.others
        for process in processes:
            stop(process)
        for log in self.logs:
            log.close()
        self.logs = []


def prepare(env: dict, demo: bool = True) -> None:
    """The database the cluster uses, migrated, with the demo fair (loading again changes nothing) unless `demo`
    is False (a database of real content)."""
    import psycopg

    url = env["DATABASE_URL"]
    admin, name = url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    manage = [sys.executable, "manage.py"]
    subprocess.run(manage + ["migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    if demo:
        subprocess.run(manage + ["load_demo_fair", "--accounts", os.environ.get("DEMO_PASSWORD", "ocop-demo-2026")],
                       cwd=ROOT, env=env, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=3, help="daphne processes (websockets)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers (pages)")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--no-demo", action="store_true", help="migrate only: do not load the demo fair")
    parser.add_argument("--folder", default=str(ROOT / "var" / "cluster"), help="logs, haproxy.cfg and its socket")
    options = parser.parse_args()
    env = {**os.environ, "FAIR_ENV": os.environ.get("FAIR_ENV", "development"), "FAIR_BEHIND_PROXY": "1",
           "DATABASE_URL": os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/fair",
           "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"}
    try:
        ensure_haproxy()
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    prepare(env, demo=not options.no_demo)
    cluster = Cluster(env, Path(options.folder), nodes=options.nodes, workers=options.workers, port=options.port,
                      host=options.host, media_worker=True)
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT):  # Ctrl-C, or a service manager: stop everything cleanly
        signal.signal(signum, lambda *_: stopping.append(True))
    try:
        cluster.start()
        print(f"The fair runs on {options.nodes} daphne processes and gunicorn ({options.workers} workers) behind "
              f"HAProxy: {cluster.url}/  (logs and haproxy.cfg in {options.folder}; Ctrl-C stops everything)", flush=True)
        while not stopping:
            for name, _port, process in cluster.sockets + cluster.pages:
                if process.poll() is not None:
                    print(f"{name} stopped (exit {process.returncode}); HAProxy sends its traffic to the others.", flush=True)
                    cluster.sockets = [s for s in cluster.sockets if s[2] is not process]
                    cluster.pages = [s for s in cluster.pages if s[2] is not process]
                    cluster.others.append(process)
            if cluster.haproxy.poll() is not None:
                print("HAProxy stopped: stopping the fair.", flush=True)
                break
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping the fair's processes.", flush=True)
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
