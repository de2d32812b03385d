"""The one way the server emits websocket events: to a group, after the database transaction commits.

The database is the mailbox and the channel layer only the doorbell: an event that is lost
on the way is recovered by clients from the database (see docs/protocol.md, "Gaps").
"""

import logging

from asgiref.sync import async_to_sync
from django.db import transaction

from realtime import hub

log = logging.getLogger(__name__)


def send_now(group: str, event: dict) -> None:
    """Ring a group's doorbell; a channel-layer failure is logged, never raised (clients recover by resuming)."""
    try:
        async_to_sync(hub.group_send)(group, event)
    except Exception:  # noqa: BLE001 - the doorbell may fail; the mailbox (database) already has it
        log.exception("Could not send %s to %s", event.get("type"), group)


def broadcast(group: str, event: dict) -> None:
    """Send `event` (its `type` names the consumer handler) to `group` once the current transaction commits."""
    transaction.on_commit(lambda: send_now(group, event))


async def notify(group: str, event: dict) -> None:
    """Ring a group's doorbell now, from async code, for what is not stored (typing, presence)."""
    try:
        await hub.group_send(group, event)
    except Exception:  # noqa: BLE001 - presence and typing are refreshed anyway
        log.exception("Could not send %s to %s", event.get("type"), group)
