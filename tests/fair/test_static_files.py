"""Static files in the production layout: built as docs/deployment.md says (collectstatic, then django-compressor's
offline compress), served by WhiteNoise from gunicorn: gzipped for browsers that take it, cached for a year under
names carrying their content's hash, and a minute under any other name."""

import gzip
import json
import os
import re
import subprocess
import sys
import urllib.request

import pytest

from tests.servers import ROOT, free_port, stop, wait_until_listening

YEAR = "max-age=31536000"
KEY = "static-test-" + "p4Zr8" * 12


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The static files collected and compressed offline in production mode, and gunicorn serving them."""
    folder = tmp_path_factory.mktemp("static-production")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(FAIR_ENV="production", DJANGO_SECRET_KEY=KEY, DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
               FAIR_BEHIND_PROXY="1", FAIR_STATIC_ROOT=str(folder / "static"), FAIR_SQLITE_PATH=str(folder / "fair.sqlite3"))
    for command in (["collectstatic", "--no-input", "-v0"], ["compress", "-v0"]):
        done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    port = free_port()
    log = open(folder / "gunicorn.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "fair.wsgi:application"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(server, port, log=log)
        yield {"root": folder / "static", "url": f"http://127.0.0.1:{port}"}
    finally:
        stop(server)
        log.close()


def fetch(url, gzip_ok=True):
    headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}  # as the TLS-terminating balancer passes it on
    if gzip_ok:
        headers["Accept-Encoding"] = "gzip"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def compressed_bundles(root):
    """The script and stylesheet URLs the pages carry: django-compressor's offline manifest, as pages insert it."""
    manifest = json.loads((root / "CACHE" / "manifest.json").read_text())
    placeholder = "/__compressor_url_placeholder__/"  # STATIC_URL, put in when a page is rendered
    return sorted({url.replace(placeholder, "/static/") for html in manifest.values()
                   for url in re.findall(rf'(?:src|href)="({placeholder}CACHE/[^"]+)"', html)})


def test_the_pages_bundles_are_gzipped_and_cached_a_year_under_hashed_names(production):
    bundles = compressed_bundles(production["root"])
    assert any(url.endswith(".js") for url in bundles) and any(url.endswith(".css") for url in bundles)
    for url in bundles:
        assert re.search(r"\.[0-9a-f]{12}\.(js|css)$", url), url  # the name changes when the content does
        status, headers, body = fetch(production["url"] + url)
        on_disk = (production["root"] / url.removeprefix("/static/")).read_bytes()
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip", url
        assert gzip.decompress(body) == on_disk
        assert YEAR in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
        assert "Accept-Encoding" in headers.get("Vary", "")
        status, headers, body = fetch(production["url"] + url, gzip_ok=False)
        assert status == 200 and "Content-Encoding" not in headers and body == on_disk  # an old browser still gets it


def test_collected_files_are_named_by_hash_and_the_plain_names_are_not_cached_long(production):
    names = json.loads((production["root"] / "staticfiles.json").read_text())["paths"]
    hashed = names["css/fair.css"]
    assert re.fullmatch(r"css/fair\.[0-9a-f]{12}\.css", hashed)
    status, headers, body = fetch(f"{production['url']}/static/{hashed}")
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert YEAR in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
    status, headers, _ = fetch(f"{production['url']}/static/css/fair.css")  # a stale reference still works, briefly
    assert status == 200 and YEAR not in headers["Cache-Control"] and "max-age=60" in headers["Cache-Control"]
