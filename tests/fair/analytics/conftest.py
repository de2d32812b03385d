import datetime

import pytest
from django.utils import timezone

from fair.analytics import recorder
from realtime import presence


@pytest.fixture(autouse=True)
def empty_buffer(monkeypatch):
    """Each test starts with an empty analytics buffer and salts made anew; sockets get a presence store of their own."""
    recorder.buffer.take()
    recorder.forget_salts()
    monkeypatch.setattr(presence, "_backend", None)
    yield
    recorder.buffer.take()
    recorder.forget_salts()


class Clock:
    """The recording clock of a scripted fair day (today, in the fair's time zone)."""

    def __init__(self):
        self.t = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(9, 0)))

    def at(self, hh, mm, ss=0):
        self.t = self.t.replace(hour=hh, minute=mm, second=ss)
        return self.t

    def __call__(self):
        return self.t


@pytest.fixture
def clock(monkeypatch):
    found = Clock()
    monkeypatch.setattr(recorder, "now", found)
    return found
