"""/ws/halls/<hall_id>/: live presence of every booth in a hall, at most once a second per booth, and which of its
booths are live (`hall.live`)."""

import asyncio
import time

from channels.db import database_sync_to_async

from booths import selectors as catalogue
from booths.live import selectors as live
from fair import groups
from fair.analytics.sockets import HallWalk
from realtime import presence, protocol
from realtime.consumers.base import FairConsumer

HALL_THROTTLE = 1.0  # seconds between presence updates of one booth on a hall socket


class HallConsumer(FairConsumer):
    """Watches a hall: a snapshot of every booth's presence on connect and on ping, then changes as they come."""

    socket_kind = protocol.HALL

    async def connect(self):
        hall_id = self.scope["url_route"]["kwargs"]["hall_id"]
        self.booths = await database_sync_to_async(catalogue.hall_booth_ids)(hall_id=hall_id, user=self.scope["user"])
        if self.booths is None:
            await self.refuse("forbidden")
            return
        self.hall_id = hall_id
        self.walk = HallWalk(hall_id=hall_id)
        self.last_sent: dict[str, float] = {}
        self.pending: dict[str, dict] = {}
        await self.join(groups.hall_group(hall_id), fan_out=True)
        await self.accept()
        await self.send_snapshot()

    async def send_snapshot(self):
        found = await presence.booths_presence(list(self.booths.values()))  # one round trip for the hall
        for slug, counts in zip(self.booths, found):
            await self.send_json({"type": "presence.update", "booth": slug, **counts})
            self.last_sent[slug] = time.monotonic()
        found = await database_sync_to_async(live.hall_live)(hall_id=self.hall_id)
        await self.send_json(self.live_seen({"type": "hall.live", "live": found}))

    def live_seen(self, event: dict) -> dict:
        """`hall.live` with only the booths this socket watches (those its person may see)."""
        return {**event, "live": [each for each in event["live"] if each["booth"] in self.booths]}

    async def on_presence_ping(self, message):
        """Called every 20 s by the hall page: the whole hall's presence (and live booths) again."""
        await self.keep_alive()
        await self.send_snapshot()

    async def on_analytics_position(self, message):
        """Where the visitor stands (the heat map): sampled, kept without any mark of who; nothing is answered."""
        self.walk.position(message["x"], message["z"])

    async def forward(self, event, text=None):
        """Called for each presence change in the hall: forwarded, coalesced to one per booth per second. A new floor
        plan (`hall.layout`) goes through at once; which booths are live (`hall.live`) too, for those it may see."""
        if event.get("type") == "hall.live":
            await super().forward(self.live_seen(event))
            return
        if event.get("type") != "presence.update":
            await super().forward(event, text)
            return
        slug = event["booth"]
        wait = HALL_THROTTLE - (time.monotonic() - self.last_sent.get(slug, 0))
        if wait <= 0:
            self.last_sent[slug] = time.monotonic()
            await super().forward(event, text)
            return
        first = slug not in self.pending
        self.pending[slug] = event
        if first:
            asyncio.get_running_loop().call_later(wait, lambda: asyncio.ensure_future(self.flush(slug)))

    async def flush(self, slug):
        event = self.pending.pop(slug, None)
        if event is not None:
            self.last_sent[slug] = time.monotonic()
            try:
                await super().forward(event)
            except Exception:  # noqa: BLE001 - the socket closed meanwhile
                pass
