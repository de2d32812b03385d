"""Test setup: test settings, a media folder per run, the demo fair once per run, service checks."""

import os
import shutil
import socket
import tempfile
from urllib.parse import urlparse

os.environ["FAIR_ENV"] = "test"
# Public media, private originals and partial uploads all under one folder per run.
_MEDIA = tempfile.mkdtemp(prefix="fair-test-media-")
os.environ["FAIR_MEDIA_ROOT"] = os.path.join(_MEDIA, "media")

import pytest  # noqa: E402

REQUIRE_SERVICES = os.environ.get("FAIR_REQUIRE_SERVICES") == "1"


def _answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 0), timeout=2):
            return True
    except OSError:
        return False


def pytest_runtest_setup(item):
    """Tests marked `services` need PostgreSQL and Redis: skip without them, or fail in CI."""
    if item.get_closest_marker("services") is None:
        return
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    problems = []
    if not database_url.startswith("postgres"):
        problems.append("DATABASE_URL does not name a PostgreSQL database")
    elif not _answers(database_url):
        problems.append(f"PostgreSQL at {database_url} does not answer")
    if not redis_url:
        problems.append("REDIS_URL is not set")
    elif not _answers(redis_url):
        problems.append(f"Redis at {redis_url} does not answer")
    if problems:
        reason = "; ".join(problems) + " (make test runs these in its second pass)"
        if REQUIRE_SERVICES:
            pytest.fail(f"Required service missing: {reason}", pytrace=False)
        pytest.skip(reason)


# Tests whose outcome depends on the database's or the channel layer's engine (locking, races, full-text search,
# date arithmetic in rollups, migrations, presence and fan-out through the layer): `make test` runs them a second
# time on PostgreSQL and Redis, with the `services` tests. The rest (forms, media processing, templates, the front
# end's build) behaves the same on any engine and runs once.
ENGINE_PATHS = ("tests/services/", "tests/realtime/", "tests/booths/orders/", "tests/fair/search/", "tests/fair/analytics/",
                "tests/fair/studio/", "tests/booths/demo/", "tests/test_migrations_move.py", "tests/fair/test_modes.py")


def pytest_collection_modifyitems(config, items):
    """Browser tests last: they allow sync ORM calls beside Playwright's event loop (see tests/e2e/conftest.py)."""
    root = str(config.rootpath) + "/"
    for item in items:
        if str(item.fspath).removeprefix(root).startswith(ENGINE_PATHS):
            item.add_marker(pytest.mark.engines)
    items.sort(key=lambda item: "/tests/e2e/" in str(item.fspath))


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_MEDIA, ignore_errors=True)


@pytest.fixture(scope="module")
def demo_fair(django_db_setup, django_db_blocker):
    """The demo fair, loaded once for a test module (about 15 s of media generation), then removed."""
    from django.core.management import call_command

    from booths.demo.loader import demo_fair_load
    from fair.models import Fair

    with django_db_blocker.unblock():
        report = demo_fair_load()
        fair = Fair.objects.get(slug="ocop-2026")
    yield {"fair": fair, "report": report}
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """A channel layer of its own for every test: each async test has its own event loop, and a layer's
    locks and connections belong to the loop that made them (channels-redis otherwise fails the next test)."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def fresh_throttles(monkeypatch):
    """Guess counters of their own for every test (all tests come from 127.0.0.1, and the cache outlives a test)."""
    import uuid

    from fair.throttle import Throttle

    monkeypatch.setattr(Throttle, "prefix", f"test-throttle:{uuid.uuid4().hex}")


@pytest.fixture(scope="session", autouse=True)
def no_connection_left_behind(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end every other session on it: a thread's connection (a socket's
    database thread, a worker thread) left open would make PostgreSQL refuse the drop ("being accessed by other
    users"), and the run would end in an error after its tests passed. (Set up after the test database, so
    torn down before it.)"""
    yield
    from django.db import connections

    for connection in connections.all():
        if connection.vendor != "postgresql":
            continue
        with django_db_blocker.unblock():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")
