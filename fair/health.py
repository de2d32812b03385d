"""`/health`: whether this process can serve the fair, for a load balancer (HAProxy's `option httpchk`).

It checks what every page and socket needs: the database (one `SELECT 1` on this process's connection) and,
when REDIS_URL is set, Redis (one PING; the channel layer, presence, sessions and the cache all live there).
200 when both answer, 503 naming what failed. It answers before every other middleware: no session is read
or created, no cookie is set, no HTTPS redirect or host check applies (a balancer checks by address, over
plain HTTP), and no throttle counts it, so checking every second costs two round trips and nothing else.
"""

import json
import logging

from django.conf import settings
from django.db import connections
from django.http import HttpResponse

log = logging.getLogger(__name__)
PATHS = {"/health", "/health/"}


def check_database() -> None:
    # (Django's request_started already replaced a connection that was too old or found broken.)
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise RuntimeError("SELECT 1 did not return 1")


def check_redis() -> None:
    from django.core.cache import cache

    if not cache._cache.get_client(write=True).ping():  # the shared client of fair/redis_cache.py
        raise RuntimeError("PING was not answered")


def checks() -> dict:
    """{name: callable} of what this process depends on."""
    found = {"database": check_database}
    if settings.REDIS_URL:
        found["redis"] = check_redis
    return found


def report() -> tuple[int, dict]:
    results, healthy = {}, True
    for name, check in checks().items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure is the answer, named
            healthy = False
            results[name] = f"failed: {type(error).__name__}"
            log.warning("Health check: %s failed: %s", name, error)
    return (200 if healthy else 503), {"status": "ok" if healthy else "failing", "checks": results}


class HealthMiddleware:
    """First in MIDDLEWARE: answers `/health` itself, so nothing after it (sessions, redirects, hosts) runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return response
        status, body = report()
        response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
        response["Cache-Control"] = "no-store"
        return response
