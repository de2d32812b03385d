"""Who is where right now: visitors in booths, producers online, sockets per visitor.

Entries expire (TTL) unless their socket refreshes them, so a closed tab, a lost phone
connection or a killed server process stops counting by itself. In the embedded default
they live in this process's memory; with REDIS_URL they live in Redis, shared by every
daphne process (sorted sets scored by expiry time).
"""

import asyncio
import time
import weakref

from django.conf import settings

from fair import groups
from fair.events import notify

TTL = settings.PRESENCE_TTL  # 45 s by default: clients ping every 20 s, so one lost ping is forgiven
CONNECTIONS = 32  # Redis connections per process for presence; more sockets at once wait their turn (one round trip)
VISITOR, PRODUCER = "visitor", "producer"


class MemoryPresence:
    """Presence in this process (one daphne process: the embedded default)."""

    def __init__(self):
        self.entries: dict[str, dict[str, float]] = {}

    async def add(self, key: str, member: str, ttl: float = TTL) -> None:
        self.entries.setdefault(key, {})[member] = time.time() + ttl

    async def add_many(self, keys: list[str], member: str, ttl: float = TTL) -> None:
        for key in keys:
            await self.add(key, member, ttl)

    async def remove(self, key: str, member: str) -> None:
        self.entries.get(key, {}).pop(member, None)

    async def remove_many(self, keys: list[str], member: str) -> None:
        for key in keys:
            await self.remove(key, member)

    async def count(self, key: str) -> int:
        now = time.time()
        members = self.entries.get(key, {})
        for member in [m for m, expiry in members.items() if expiry <= now]:
            del members[member]
        return len(members)

    async def counts(self, keys: list[str]) -> list[int]:
        return [await self.count(key) for key in keys]

    async def enter(self, keys: list[str], member: str, counted: list[str], ttl: float = TTL) -> list[int]:
        await self.add_many(keys, member, ttl)
        return await self.counts(counted)


class RedisPresence:
    """Presence in Redis, so every daphne process sees every socket."""

    def __init__(self, url: str, prefix: str = "fair"):
        self.url = url
        self.prefix = f"{prefix}:presence:"
        self.clients = {}

    def client(self):
        # One client per event loop: a redis.asyncio connection belongs to the loop that made it.
        import redis.asyncio as redis

        loop = asyncio.get_running_loop()
        if loop not in self.clients:
            # A bounded pool that waits for a free connection: when hundreds of sockets come or go at once (a
            # livestream starts, a node drains) they share a few connections instead of each opening one, and none
            # fails with "Too many connections" (which left presence entries behind until they expired).
            pool = redis.BlockingConnectionPool.from_url(self.url, max_connections=CONNECTIONS, timeout=10,
                                                         socket_timeout=5, **settings.REDIS_ASYNC_OPTIONS)
            self.clients[loop] = redis.Redis(connection_pool=pool)
        return self.clients[loop]

    # Each operation is one round trip (a pipeline, not a transaction): a socket's connect makes a few of them,
    # and hundreds of sockets connect at once when a livestream starts.
    async def add(self, key: str, member: str, ttl: float = TTL) -> None:
        async with self.client().pipeline(transaction=False) as pipe:
            pipe.zadd(f"{self.prefix}{key}", {member: time.time() + ttl})
            pipe.expire(f"{self.prefix}{key}", int(ttl) + 5)
            await pipe.execute()

    async def add_many(self, keys: list[str], member: str, ttl: float = TTL) -> None:
        """The member under each key, in one round trip."""
        async with self.client().pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.zadd(f"{self.prefix}{key}", {member: time.time() + ttl})
                pipe.expire(f"{self.prefix}{key}", int(ttl) + 5)
            await pipe.execute()

    async def enter(self, keys: list[str], member: str, counted: list[str], ttl: float = TTL) -> list[int]:
        """The member under each of `keys`, then the live members of each of `counted`: one round trip for what a
        socket's connect needs (its socket limits and presence entries written, the counts it checks and shows)."""
        now = time.time()
        async with self.client().pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.zadd(f"{self.prefix}{key}", {member: now + ttl})
                pipe.expire(f"{self.prefix}{key}", int(ttl) + 5)
            for key in counted:
                pipe.zremrangebyscore(f"{self.prefix}{key}", "-inf", now)
                pipe.zcount(f"{self.prefix}{key}", now, "+inf")
            found = await pipe.execute()
        return found[2 * len(keys) + 1::2]

    async def remove(self, key: str, member: str) -> None:
        await self.client().zrem(f"{self.prefix}{key}", member)

    async def remove_many(self, keys: list[str], member: str) -> None:
        async with self.client().pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.zrem(f"{self.prefix}{key}", member)
            await pipe.execute()

    async def count(self, key: str) -> int:
        return (await self.counts([key]))[0]

    async def counts(self, keys: list[str]) -> list[int]:
        """Live members of each key (expired ones dropped), all in one round trip."""
        now = time.time()
        async with self.client().pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.zremrangebyscore(f"{self.prefix}{key}", "-inf", now)
                pipe.zcount(f"{self.prefix}{key}", now, "+inf")
            found = await pipe.execute()
        return found[1::2]


_backend = None


def backend():
    """The presence store chosen by settings: Redis when REDIS_URL is set, else this process's memory."""
    global _backend
    if _backend is None:
        _backend = RedisPresence(settings.REDIS_URL, settings.REDIS_PREFIX) if settings.REDIS_URL else MemoryPresence()
    return _backend


def booth_key(booth_id: int, role: str) -> str:
    return f"booth:{booth_id}:{role}"


def live_key(stream_id: int) -> str:
    """Sockets watching one livestream (its viewer count)."""
    return f"live:{stream_id}"


def session_sockets_key(session_key: str) -> str:
    """Open sockets of one browser session, of every kind."""
    return f"session:{session_key}:sockets"


def address_sockets_key(address: str) -> str:
    """Open sockets from one client address, of every kind."""
    return f"address:{address}:sockets"


async def booth_presence(booth_id: int) -> dict:
    """{'visitors': n, 'producer_online': bool} for one booth."""
    return (await booths_presence([booth_id]))[0]


def booths_keys(booth_ids: list[int]) -> list[str]:
    """The presence keys behind booths_presence, in its order."""
    return [booth_key(i, role) for i in booth_ids for role in (VISITOR, PRODUCER)]


def booths_counts(found: list[int]) -> list[dict]:
    """booths_presence from the counts of booths_keys."""
    return [{"visitors": found[2 * n], "producer_online": found[2 * n + 1] > 0} for n in range(len(found) // 2)]


async def booths_presence(booth_ids: list[int]) -> list[dict]:
    """booth_presence of many booths in one round trip (a hall's snapshot)."""
    return booths_counts(await backend().counts(booths_keys(booth_ids)))


async def booth_changed(booth_id: int, hall_id: int | None, producer_id: int, slug: str) -> dict:
    """Tell the booth, its hall and its producer's consoles the booth's current presence (returned)."""
    event = {"type": "presence.update", "booth": slug, **await booth_presence(booth_id)}
    await notify(groups.booth_group(booth_id), event)
    await notify(groups.producer_group(producer_id), event)
    if hall_id:
        await notify(groups.hall_group(hall_id), event)
    return event


COALESCE = 0.1  # seconds: visitors arriving together become one presence update per booth and process
COALESCE_MOST = 1.0  # seconds: the longest a crowded booth's count waits
COALESCE_AUDIENCE = 50  # visitors per COALESCE of waiting: a busier booth's updates come less often
_pending: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # event loop → {booth id: task}
_audience: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # event loop → {booth id: visitors last counted}


def coalesce_seconds(audience: int) -> float:
    """How long a booth's arrivals and departures are gathered into one update: 0.1 s up to 50 visitors, then
    longer in proportion, at most a second. Each update goes to every visitor, so its cost grows with the
    audience; this way one process's updates of a booth are about 500 frames a second from 50 visitors up to 500
    (then one a second per visitor), and a phone in a 500-viewer livestream gets one a second instead of ten."""
    return min(COALESCE_MOST, COALESCE * max(1.0, audience / COALESCE_AUDIENCE))


def booth_changed_soon(booth_id: int, hall_id: int | None, producer_id: int, slug: str, audience: int | None = None) -> None:
    """A visitor came or went: tell everyone within coalesce_seconds, once for all who came meanwhile.

    Sending one update per arrival to every visitor is quadratic: 500 visitors arriving for a
    livestream would be 250,000 messages. Coalesced, it is one update per booth every 0.1 s to 1 s.
    `audience` is the booth's visitor count when the caller knows it (a newcomer does); else the last known."""
    loop = asyncio.get_running_loop()
    known = _audience.setdefault(loop, {})
    if audience is not None:
        known[booth_id] = audience
    pending = _pending.setdefault(loop, {})
    task = pending.get(booth_id)
    if task is not None and not task.done():
        return
    wait = coalesce_seconds(known.get(booth_id, 0))

    async def later():
        await asyncio.sleep(wait)
        pending.pop(booth_id, None)
        known[booth_id] = (await booth_changed(booth_id, hall_id, producer_id, slug))["visitors"]

    pending[booth_id] = asyncio.ensure_future(later())
