"""Recording: cheap on the fair's side, careful on the database's.

A fact (`record`) is a small tuple of ids appended to this process's buffer: no query, no write, no await, so a
chat message or an order never waits for analytics and never fails because of it. Facts announced inside a
transaction join the buffer only after it commits (`after_commit`). The buffer is bounded (ANALYTICS_BUFFER_MAX:
past it new facts are dropped and counted) and emptied by `flush` every ANALYTICS_FLUSH_SECONDS in a thread of
its own (the worker and tests call it directly): it looks up where each fact happened (booth → hall → fair), turns
the visitor id into the day's keyed hash and appends the events in one INSERT. The raw visitor id lives only in
this process's memory until then. A failing write is logged and its batch dropped: counting never breaks the fair.
"""

import hashlib
import hmac
import logging
import os
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

log = logging.getLogger(__name__)


def now():
    """The clock of recording (a scripted fair day in the tests moves it)."""
    return timezone.now()


@dataclass
class Fact:
    kind: str
    at: object
    visitor_id: str = ""
    booth_id: int | None = None
    hall_id: int | None = None
    fair_id: int | None = None
    product_id: int | None = None
    value: int = 0
    x: int | None = None
    z: int | None = None
    term: str = ""
    ref: dict = field(default_factory=dict)  # what the flush resolves: slugs, a message, an order


class Buffer:
    def __init__(self):
        self.lock = threading.Lock()
        self.items: list[Fact] = []
        self.dropped = 0
        self.failed = 0
        self.thread: threading.Thread | None = None
        self.wake = threading.Event()

    def add(self, fact: Fact) -> None:
        with self.lock:
            if len(self.items) >= settings.ANALYTICS_BUFFER_MAX:
                self.dropped += 1
                return
            self.items.append(fact)
        if self.thread is None and settings.ANALYTICS_FLUSH_SECONDS > 0:
            self.start()

    def take(self) -> list[Fact]:
        with self.lock:
            items, self.items = self.items, []
        return items

    def start(self) -> None:
        with self.lock:
            if self.thread is not None:
                return
            self.thread = threading.Thread(target=self.run, name="analytics-flush", daemon=True)
        self.thread.start()

    def run(self) -> None:
        while True:
            self.wake.wait(settings.ANALYTICS_FLUSH_SECONDS)
            self.wake.clear()
            close_old_connections()
            flush()


buffer = Buffer()


def record(kind: str, **fields) -> None:
    """Note one fact now. Never raises: analytics must not break what it watches."""
    if not settings.ANALYTICS_ENABLED:
        return
    try:
        buffer.add(Fact(kind=kind, at=fields.pop("at", None) or now(), **fields))
    except Exception:  # noqa: BLE001 - counting never breaks the fair
        log.exception("Could not note an analytics fact")


def after_commit(kind: str, **fields) -> None:
    """Note a fact when the current transaction commits (nothing if it rolls back)."""
    if not settings.ANALYTICS_ENABLED:
        return
    try:
        transaction.on_commit(lambda: record(kind, **fields))
    except Exception:  # noqa: BLE001
        log.exception("Could not note an analytics fact after commit")


# Visitors: a keyed hash of the day ------------------------------------------------------------------------------

_salts: dict = {}


def day_of(at):
    return timezone.localtime(at).date()


def day_salt(day) -> bytes:
    """The day's random key (made on first use, in its own table, deleted when the day is over: services.purge)."""
    from fair.analytics.models import DaySalt

    if day not in _salts:
        try:
            salt, _ = DaySalt.objects.get_or_create(day=day, defaults={"key": os.urandom(32)})
        except IntegrityError:  # another process made it meanwhile
            salt = DaySalt.objects.get(day=day)
        if len(_salts) > 4:
            _salts.clear()
        _salts[day] = bytes(salt.key)
    return _salts[day]


def forget_salts() -> None:
    _salts.clear()


def visitor_hash(visitor_id: str, day) -> str:
    if not visitor_id:
        return ""
    return hmac.new(day_salt(day), visitor_id.encode(), hashlib.sha256).hexdigest()[:16]


# Writing ------------------------------------------------------------------------------------------------------------

def flush() -> int:
    """Write what the buffer holds; returns how many events were appended. Never raises."""
    facts = buffer.take()
    if not facts:
        return 0
    try:
        from fair.analytics.services import events_append

        written = events_append(facts)
    except Exception:  # noqa: BLE001 - the batch is lost, the fair goes on
        buffer.failed += len(facts)
        log.exception("Could not write %d analytics events", len(facts))
        return 0
    if settings.ANALYTICS_ROLLUP_SECONDS > 0:
        try:
            from fair.analytics.tasks import rollup_soon

            rollup_soon()
        except Exception:  # noqa: BLE001 - the next flush queues it
            log.exception("Could not queue the analytics rollup")
    return written


def hour_of(at):
    return at.replace(minute=0, second=0, microsecond=0)


def wait_until_flushed(timeout: float = 5.0) -> None:
    """Used by the benchmark: wake the flusher and wait until the buffer is empty."""
    buffer.wake.set()
    end = time.monotonic() + timeout
    while buffer.items and time.monotonic() < end:
        time.sleep(0.01)

