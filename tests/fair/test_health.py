"""`/health` for the load balancer: it really asks the database (and Redis, when configured), says which failed
with a 503, and costs no session, no cookie, no redirect and no host check."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session

from tests.servers import ROOT, free_port, stop, wait_until_listening

pytestmark = pytest.mark.django_db


def test_health_answers_ok_with_what_it_checked_and_leaves_no_session(client):
    response = client.get("/health")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok" and body["checks"]["database"] == "ok"
    assert ("redis" in body["checks"]) == bool(os.environ.get("REDIS_URL"))  # Redis is checked when configured
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies  # a balancer checking every second makes no sessions
    assert Session.objects.count() == 0
    assert client.head("/health").status_code == 200
    assert client.post("/health").status_code == 405


def test_health_answers_a_balancer_over_plain_http_by_address(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # production redirects every other page to HTTPS
    settings.ALLOWED_HOSTS = ["fair.example.vn"]
    response = client.get("/health", HTTP_HOST="10.0.0.7:8001")  # HAProxy checks a server by its address
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert client.get("/", HTTP_HOST="fair.example.vn").status_code == 301  # the rule still holds for pages


def test_a_process_whose_database_is_unreachable_is_reported_unhealthy_with_503(tmp_path):
    """A real daphne whose SQLite file cannot be opened (its folder does not exist): /health says the database
    failed, with a 503, so the balancer takes the process out."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(FAIR_ENV="test", FAIR_SQLITE_PATH=str(tmp_path / "missing-folder" / "fair.sqlite3"))
    log = open(tmp_path / "daphne.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "fair.asgi:application"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(process, port, log=log)
        import urllib.error
        import urllib.request

        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=20)
        assert failed.value.code == 503
        body = json.loads(failed.value.read())
        assert body["status"] == "failing"
        assert body["checks"]["database"].startswith("failed: OperationalError")
    finally:
        stop(process)
        log.close()
