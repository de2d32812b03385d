import pytest

from realtime import presence


@pytest.fixture(autouse=True)
def fresh_presence(monkeypatch):
    """A presence store of its own for every socket test (the backend is made once per process)."""
    monkeypatch.setattr(presence, "_backend", None)
