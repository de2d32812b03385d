"""The one way the server emits websocket events: to a group, after the database transaction commits.

Every area (orders, conversations, presence) announces through `broadcast` and never imports the
websocket consumers: this module sits below them all, and `realtime` plugs its transport in
(`use_transport`, called from realtime's AppConfig) so busy groups go through its per-process hub.

The database is the mailbox and the channel layer only the doorbell: an event that is lost
on the way is recovered by clients from the database (see docs/protocol.md, "Gaps").
"""

import functools
import logging
from collections.abc import Awaitable, Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


async def _channel_layer_send(group: str, event: dict) -> None:
    await get_channel_layer().group_send(group, event)


_transport: Callable[[str, dict], Awaitable[None]] = _channel_layer_send


def use_transport(send: Callable[[str, dict], Awaitable[None]]) -> None:
    """Called once by realtime at start-up: how a group event reaches the sockets (its fan-out hub)."""
    global _transport
    _transport = send


Event = dict | Callable[[], dict]


def send_now(group: str, event: dict) -> None:
    """Ring a group's doorbell; a channel-layer failure is logged, never raised (clients recover by resuming)."""
    try:
        async_to_sync(_transport)(group, event)
    except Exception:  # noqa: BLE001 - the doorbell may fail; the mailbox (database) already has it
        log.exception("Could not send %s to %s", event.get("type"), group)


def _ring(group: str, event: Event) -> None:
    try:
        event = event() if callable(event) else event
    except Exception:  # noqa: BLE001 - what was committed stays; clients see it when they resume
        log.exception("Could not make an event for %s", group)
        return
    send_now(group, event)


def broadcast(group: str, event: Event) -> None:
    """Send `event` to `group` once the current transaction commits.

    `event` is a dict (its `type` names the message clients get), or a function that makes it after the
    commit, for events that show what was committed (an order's new state, a product's stock). Wrap such a
    function in `after_commit_payload` when several groups get the same one, so it is made once."""
    transaction.on_commit(lambda: _ring(group, event))


def after_commit_payload(make: Callable[[], dict]) -> Callable[[], dict]:
    """`make`, run at most once (on first use, after the commit), however many groups are told."""
    return functools.cache(make)


async def notify(group: str, event: dict) -> None:
    """Ring a group's doorbell now, from async code, for what is not stored (typing, presence)."""
    try:
        await _transport(group, event)
    except Exception:  # noqa: BLE001 - presence and typing are refreshed anyway
        log.exception("Could not send %s to %s", event.get("type"), group)
