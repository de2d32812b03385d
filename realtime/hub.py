"""Local fan-out: one channel-layer subscription per process and busy group, one encode, every socket.

The stock Channels pattern adds every consumer's own channel to a group, so a group_send to a
booth with 500 visitors is 500 channel-layer messages (500 Redis writes and reads), each decoded
and re-encoded by its consumer. Here each process joins a busy group (a booth's visitors, a hall's
watchers) once, with one hub channel; a message arrives once per process, is encoded to JSON once,
and is written to every local socket of that group, as `websockets.broadcast` does.

Only the doorbell changes: what is stored (announcements, chat, orders) is still in the database
first, and clients still detect gaps with `prev_id` and resume (docs/protocol.md, "Gaps").

``settings.FAIR_FANOUT`` picks the pattern: ``hub`` (default) or ``consumer`` (the stock pattern,
kept for the benchmark's before/after).
"""

import asyncio
import json
import logging
import weakref
from collections import defaultdict

from channels.layers import get_channel_layer
from django.conf import settings

log = logging.getLogger(__name__)


def enabled() -> bool:
    return getattr(settings, "FAIR_FANOUT", "hub") == "hub"


class Hub:
    """The local members of each group this process listens to, behind one channel of its own."""

    def __init__(self, layer):
        self.layer = layer
        self.members: dict[str, set] = defaultdict(set)
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None
        self.refresher: asyncio.Task | None = None
        self.lock = asyncio.Lock()

    async def join(self, group: str, consumer) -> None:
        async with self.lock:
            if self.channel is None:
                # A process-specific channel like every consumer's: channels-redis reads all of a process's
                # specific channels from one Redis list, so the hub must not use a prefix of its own.
                self.channel = await self.layer.new_channel()
            if not self.members[group]:
                await self.layer.group_add(group, self.channel)
            self.members[group].add(consumer)
            if self.reader is None or self.reader.done():
                self.reader = asyncio.ensure_future(self.read())
            if self.refresher is None or self.refresher.done():
                self.refresher = asyncio.ensure_future(self.refresh())

    async def leave(self, group: str, consumer) -> None:
        async with self.lock:
            local = self.members.get(group)
            if not local or consumer not in local:
                return
            local.discard(consumer)
            if not local:
                del self.members[group]
                await self.layer.group_discard(group, self.channel)

    async def refresh(self) -> None:
        """Join every busy group again, every HUB_REFRESH_SECONDS: a channel layer that lost its state (a Redis
        restart or failover, channels-redis's group expiry) would otherwise never send this process a thing."""
        while True:
            await asyncio.sleep(settings.HUB_REFRESH_SECONDS)
            async with self.lock:
                groups = [group for group, local in self.members.items() if local]
            for group in groups:
                try:
                    await self.layer.group_add(group, self.channel)
                except Exception:  # noqa: BLE001 - the layer is down: the next round tries again
                    log.warning("The fan-out hub could not join %s again", group, exc_info=True)
                    break

    async def read(self) -> None:
        """Receive this process's copy of every group message and hand it to the local sockets."""
        while True:
            try:
                event = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - a broken layer connection: try again shortly
                log.exception("The fan-out hub could not read its channel")
                await asyncio.sleep(0.5)
                continue
            await self.deliver(event)

    async def deliver(self, event: dict) -> None:
        group = event.pop("_group", None)
        consumers = list(self.members.get(group, ()))
        if not consumers:
            return
        text = frame = None
        for consumer in consumers:
            if not consumer.hub_accepted:
                # Joined but not yet accepted (the socket joins before it answers the handshake, so that
                # nothing sent meanwhile is missed): held, and written right after the accept.
                consumer.hub_held.append(dict(event))
                continue
            if text is None:
                text = json.dumps(event, ensure_ascii=False)  # encoded once for every local socket
                frame = {"type": "websocket.send", "text": text}  # the one ASGI message every socket is sent
            if type(consumer).forward is stock_forward:
                # A socket that forwards as it is (not a hall's coalescing): straight to the server's send,
                # without three coroutine layers per socket; a burst to 500 sockets is 500 of these per event.
                if consumer.wants(event):
                    try:
                        await consumer.base_send(frame)
                    except Exception:  # noqa: BLE001 - one closed socket must not stop the others
                        log.debug("Could not deliver %s to a socket", event.get("type"), exc_info=True)
                continue
            await deliver_to(consumer, event, text)


async def deliver_to(consumer, event: dict, text: str | None = None) -> None:
    """One group event to one local socket, through the socket's own `forward` (which may leave it out)."""
    try:
        await consumer.forward(event, text)
    except Exception:  # noqa: BLE001 - one closed socket must not stop the others
        log.debug("Could not deliver %s to a socket", event.get("type"), exc_info=True)


stock_forward = None  # FairConsumer.forward, set by realtime.consumers.base (which imports this module)

_hubs: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """This process's hub for the current channel layer and event loop."""
    layer = get_channel_layer()
    loop = asyncio.get_running_loop()
    found = _hubs.get(layer)
    if found is None or found[0] is not loop:
        found = (loop, Hub(layer))
        _hubs[layer] = found
    return found[1]


async def group_send(group: str, event: dict) -> None:
    """Send to a group, marking the group so hubs know which of their local members it is for."""
    await get_channel_layer().group_send(group, {**event, "_group": group} if enabled() else event)
