"""Our own Janus instance (Debian's `janus` package): its configuration under a folder of ours, the process started
and stopped by its pid. Never the system service. Used by `make run` (scripts/run_fair.py), the tests and the bench.

Only the plain HTTP transport is enabled, bound to 127.0.0.1 on a port of our choosing, with an `api_secret` that only
the fair's server knows: browsers never reach Janus's API, only its media ports (ICE)."""

import os
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PLUGINS = Path("/usr/lib/x86_64-linux-gnu/janus/plugins")
TRANSPORTS = Path("/usr/lib/x86_64-linux-gnu/janus/transports")
UNUSED_PLUGINS = ",".join(f"libjanus_{name}.so" for name in (
    "audiobridge", "echotest", "nosip", "recordplay", "sip", "streaming", "textroom", "videocall", "voicemail", "duktape", "lua"))


def janus_binary() -> str | None:
    return shutil.which("janus") or (("/usr/bin/janus") if Path("/usr/bin/janus").exists() else None)


def ensure_janus() -> str | None:
    """The janus binary, installed from Debian's packages when missing and we run as root; None (with what to
    install said) otherwise."""
    found = janus_binary()
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        print("Janus is missing: installing Debian's janus and janus-tools packages.", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], env=env, check=False)
        subprocess.run([apt, "install", "-y", "-qq", "janus", "janus-tools"], env=env, check=False)
        found = janus_binary()
        if found:
            return found
    print("Live video is off: install Debian's `janus` and `janus-tools` packages (apt-get install janus janus-tools).",
          flush=True)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class JanusInstance:
    folder: Path
    port: int
    secret: str
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/janus"

    def env(self) -> dict:
        """What the fair's processes need to reach it (fair/settings.py reads these)."""
        return {"FAIR_JANUS_URL": self.url, "FAIR_JANUS_SECRET": self.secret}


def write_config(folder: Path, *, port: int, secret: str, rtp_ports: str = "20000-40000",
                 ice_enforce: str = "127.0.0.1", recordings: Path | None = None) -> None:
    """Janus's configuration for our instance: the core, the HTTP transport on 127.0.0.1:`port`, the VideoRoom."""
    folder.mkdir(parents=True, exist_ok=True)
    ice_line = f'    ice_enforce_list = "{ice_enforce}"' if ice_enforce else ""
    (folder / "janus.jcfg").write_text(f"""general: {{
    configs_folder = "{folder}"
    plugins_folder = "{PLUGINS}"
    transports_folder = "{TRANSPORTS}"
    debug_level = 3
    api_secret = "{secret}"
    session_timeout = 60
    server_name = "ocop-fair"
}}
media: {{
    rtp_port_range = "{rtp_ports}"
}}
nat: {{
    nice_debug = false
{ice_line}
}}
plugins: {{
    disable = "{UNUSED_PLUGINS}"
}}
transports: {{
    disable = "libjanus_websockets.so,libjanus_pfunix.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_rabbitmq.so"
}}
events: {{
    broadcast = false
}}
""")
    (folder / "janus.transport.http.jcfg").write_text(f"""general: {{
    json = "plain"
    base_path = "/janus"
    http = true
    port = {port}
    ip = "127.0.0.1"
    https = false
}}
admin: {{
    admin_http = false
}}
""")
    (folder / "janus.plugin.videoroom.jcfg").write_text("general: {\n}\n")
    if recordings:
        recordings.mkdir(parents=True, exist_ok=True)


def start(folder: Path, *, port: int | None = None, secret: str | None = None, log: Path | None = None,
          recordings: Path | None = None, ice_enforce: str = "127.0.0.1") -> JanusInstance:
    """Write the configuration and start our Janus; returns when its API answers (or raises with its last words)."""
    binary = janus_binary()
    if binary is None:
        raise RuntimeError("janus is not installed (Debian: apt-get install janus janus-tools)")
    instance = JanusInstance(folder=folder, port=port or _free_port(), secret=secret or secrets.token_urlsafe(24))
    write_config(folder, port=instance.port, secret=instance.secret, recordings=recordings, ice_enforce=ice_enforce)
    out = open(log or folder / "janus.log", "w")
    instance.process = subprocess.Popen([binary, "-F", str(folder), "-C", str(folder / "janus.jcfg")],
                                        stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.time() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", instance.port), timeout=1).close()
            return instance
        except OSError:
            if instance.process.poll() is not None:
                raise RuntimeError(f"janus exited: {open(out.name).read()[-2000:]}") from None
            if time.time() > deadline:
                stop(instance)
                raise RuntimeError("janus did not answer within 30 s") from None
            time.sleep(0.1)


def stop(instance: JanusInstance, *, kill: bool = False) -> None:
    """Stop our Janus by its own pid (`kill`: at once, as a crash would)."""
    process = instance.process
    if process is None or process.poll() is not None:
        return
    if kill:
        process.kill()
    else:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
