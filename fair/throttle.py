"""Guessing is slowed down: a counter of failures per client address and per browser session (or account), kept
in the cache (shared by every process with Redis), that refuses further tries for a while once it is full.

Sign-in failures are counted by django-axes (per account and per address, with a log organizers read in the
admin); `Throttle` does the same for guesses that are not sign-ins (an order's number and phone)."""

import ipaddress

from django.conf import settings
from django.core.cache import cache

BEHIND_PROXY = settings.BEHIND_PROXY


def client_address(request) -> str | None:
    """The visitor's IP address: the first X-Forwarded-For hop behind our own proxy, else the socket's peer;
    None when there is none that is a real address (a request made inside the server, a forged header)."""
    candidates = [request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()] if BEHIND_PROXY else []
    for candidate in [*candidates, request.META.get("REMOTE_ADDR", "")]:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


class Throttle:
    """At most `limit` failures per key within `window` seconds; then `blocked` says so until the window ends."""

    prefix = "fair:throttle"  # tests give each test a prefix of its own

    def __init__(self, name: str, *, limit: int, window: int):
        self.name, self.limit, self.window = name, limit, window

    def _keys(self, request) -> list[str]:
        keys = [f"{self.prefix}:{self.name}:address:{client_address(request) or 'unknown'}"]
        if request.session.session_key:
            keys.append(f"{self.prefix}:{self.name}:session:{request.session.session_key}")
        return keys

    def blocked(self, request) -> bool:
        """Whether this browser or its address has used up its tries."""
        counts = cache.get_many(self._keys(request))
        return any(count >= self.limit for count in counts.values())

    def failed(self, request) -> None:
        """Count one failure against this browser and its address (the window starts at the first)."""
        for key in self._keys(request):
            if not cache.add(key, 1, self.window):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.add(key, 1, self.window)

    @property
    def minutes(self) -> int:
        return max(1, self.window // 60)
