"""1:1 video calls between a visitor in a booth and one of the booth's producer staff (docs/livestream.md, "Video
calls"). The media goes peer to peer (TURN relay when no direct path exists); this socket is only the signalling channel.

While a call rings, the visitor's socket owns it (id, status, the ring timer) and decides who answered first; the
accepting console knows only the call it accepted. Messages between the two go to the other socket's own channel
(`channel_layer.send`, with the sender's channel in `from`, checked by the receiver), which works across daphne
processes with Redis. A socket can therefore only ever signal into its own call: a guessed or copied call id is
refused (`no_call`).

Once accepted, the call survives a socket reconnect of either side (a phone changing network): the call's record
(booth, visitor session id, producer user, both sides' channels) is kept in the shared cache (Redis when REDIS_URL, so
any daphne process finds it), the closing side's peer is told (`call.peer` reconnecting) and waits
`CALL_RESUME_SECONDS` on its own socket (that timer lives in the surviving socket's process); the page's new socket
sends `call.resume`, checked against the record (same visitor session or same producer user only), and the peer
re-binds the call to the new channel (`call.peer` back). Without a resume in time the peer's call ends (`gone`).
The internal events below (`call.ring`, `call.claim`, `call.away`, `call.rebind` …) are not client message types:
they never reach a browser."""

import asyncio
import re
import secrets

from channels.db import database_sync_to_async
from django.conf import settings
from django.core.cache import cache

from booths.conversations import selectors as conversations
from booths.live import services as streams
from fair import groups
from fair.errors import ClientError
from fair.events import notify
from realtime import presence, protocol

SDP_KINDS = ("offer", "answer", "restart")  # restart: the callee asks the caller for an ICE-restart offer
CALL_ID = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
RECORD_SECONDS = 6 * 3600  # a call's shared record outlives any call; ended calls delete theirs
REBIND_SECONDS = 5  # a resuming socket waits this long for the other side to take it back, else the call is gone


def _error(code: str) -> ClientError:
    return ClientError(code, str(protocol.ERROR_CODES[code]))


def _check_signal(message: dict) -> None:
    if message["kind"] not in SDP_KINDS:
        raise ClientError("bad_field", "`kind` must be offer, answer or restart.")
    if message["kind"] != "restart" and not str(message.get("sdp", "")).startswith("v=0"):
        raise ClientError("bad_field", "An offer or an answer needs its `sdp` (starting with v=0).")


def record_key(call_id: str) -> str:
    return f"fair:call:{call_id}"


class CallSide:
    """What both sides share: this socket's own call, relaying to the other side, the other side's end, going away
    and coming back (resume)."""

    # {"id", "status": ringing|accepted|away (the peer reconnects)|resuming (this socket takes it back),
    #  "peer": the other socket's channel, "timer", "visitor"}
    call: dict | None = None
    role = ""  # caller | callee
    side, other = "", ""  # the call record's names for this side and the other: visitor | producer

    def mine(self, call_id) -> dict:
        if self.call is None or self.call["id"] != call_id:
            raise _error("no_call")
        return self.call

    def drop_call(self) -> dict | None:
        call, self.call = self.call, None
        if call is not None and call["timer"] is not None and call["timer"] is not asyncio.current_task():
            call["timer"].cancel()
        return call

    def peer_of(self, call_id) -> str | None:
        """The other side's channel; None while it reconnects (what is sent meanwhile is lost: ICE restarts after)."""
        call = self.mine(call_id)
        if call["status"] not in ("accepted", "away"):
            raise _error("no_call")
        return call["peer"] if call["status"] == "accepted" else None

    def from_peer(self, event, *statuses) -> bool:
        """The event is about this socket's call and comes from its other side's current socket."""
        call = self.call
        return (call is not None and call["id"] == event["call"] and event.get("from") == call["peer"]
                and (not statuses or call["status"] in statuses))

    async def to_peer(self, channel: str, event: dict) -> None:
        await self.channel_layer.send(channel, {**event, "from": self.channel_name})

    async def relay(self, message):
        peer = self.peer_of(message["call"])
        if peer is not None:
            await self.to_peer(peer, {**message, "type": "call.relay", "as": message["type"]})

    async def on_call_signal(self, message):
        """An SDP offer/answer (or a restart request) for the other side of this socket's own call."""
        _check_signal(message)
        await self.relay(message)

    async def on_call_media(self, message):
        """The visitor turned their microphone or camera on or off: the other side shows it."""
        await self.relay(message)

    async def call_relay(self, event):
        if self.from_peer(event, "accepted"):
            relayed = {key: value for key, value in event.items() if key not in ("as", "from")}
            await self.send_json({**relayed, "type": event["as"]})

    async def call_over(self, event):
        """The other side hung up, its socket is gone for good, or it refused to take this socket back."""
        getattr(self, "claimed", {}).pop(event["call"], None)
        if self.from_peer(event):
            self.drop_call()
            await self.send_json({"type": "call.ended", "call": event["call"], "reason": event["reason"]})

    async def hang_up(self, message):
        call = self.mine(message["call"])
        if call["status"] not in ("accepted", "away"):
            raise _error("no_call")
        self.drop_call()
        await cache.adelete(record_key(call["id"]))
        if call["status"] == "accepted":
            await self.to_peer(call["peer"], {"type": "call.over", "call": call["id"], "reason": "hung_up"})
        await self.send_json({"type": "call.ended", "call": call["id"], "reason": "hung_up"})

    async def leave_accepted(self, call: dict) -> None:
        """This socket closed during the call: the other side waits for this side's reconnected socket."""
        if call["status"] == "accepted":
            await self.to_peer(call["peer"], {"type": "call.away", "call": call["id"]})
        elif call["status"] == "away":  # both sides are gone now
            await cache.adelete(record_key(call["id"]))

    async def call_away(self, event):
        """The other side's socket closed: keep the call for CALL_RESUME_SECONDS, waiting for its `call.resume`."""
        if self.from_peer(event, "accepted"):
            self.call.update(status="away", timer=asyncio.create_task(self.call_grace(event["call"])))
            await self.send_json({"type": "call.peer", "call": event["call"], "state": "reconnecting"})

    async def call_grace(self, call_id: str) -> None:
        await asyncio.sleep(settings.CALL_RESUME_SECONDS)
        if self.call is not None and self.call["id"] == call_id and self.call["status"] == "away":
            self.call = None
            await cache.adelete(record_key(call_id))
            await self.send_json({"type": "call.ended", "call": call_id, "reason": "gone"})

    def holds(self, record: dict) -> bool:
        """Whether this socket's person held the call in `record` (each side answers: the same visitor session in the
        same booth, or the same producer user); only they may resume it."""
        return False  # a socket of neither side resumes nothing

    async def on_call_resume(self, message):
        """This page's new socket (after a reconnect) takes its call back: only the visitor session or the producer
        user that held it, and only while the other side still has it."""
        if self.call is not None:
            raise _error("call_busy")
        call_id = message["call"]
        record = await cache.aget(record_key(call_id)) if CALL_ID.match(call_id) else None
        if record is None or not self.holds(record):
            raise _error("no_call")
        self.call = {"id": call_id, "status": "resuming", "peer": record[f"{self.other}_channel"], "record": record,
                     "visitor": record["visitor"], "timer": asyncio.create_task(self.call_rebind_timeout(call_id))}
        await self.to_peer(self.call["peer"], {"type": "call.rebind", "call": call_id, "was": record[f"{self.side}_channel"]})

    async def call_rebind_timeout(self, call_id: str) -> None:
        await asyncio.sleep(REBIND_SECONDS)
        if self.call is not None and self.call["id"] == call_id and self.call["status"] == "resuming":
            self.call = None
            await self.send_json({"type": "call.ended", "call": call_id, "reason": "gone"})

    async def call_rebind(self, event):
        """The other side's new socket takes the call back: from now on it is the peer (its old socket is ignored)."""
        call = self.call
        if call is None or call["id"] != event["call"] or call["peer"] != event["was"] or call["status"] not in ("accepted", "away"):
            await self.to_peer(event["from"], {"type": "call.over", "call": event["call"], "reason": "gone"})
            return
        if call["timer"] is not None:
            call["timer"].cancel()
        call.update(status="accepted", peer=event["from"], timer=None)
        await self.to_peer(event["from"], {"type": "call.rebound", "call": call["id"]})
        await self.send_json({"type": "call.peer", "call": call["id"], "state": "back"})

    async def call_rebound(self, event):
        if self.from_peer(event, "resuming"):
            call = self.call
            call["timer"].cancel()
            record = {**call.pop("record"), f"{self.side}_channel": self.channel_name}
            call.update(status="accepted", timer=None)
            await cache.aset(record_key(call["id"]), record, RECORD_SECONDS)
            await self.send_json({"type": "call.resumed", "call": call["id"], "role": self.role})


class CallCaller(CallSide):
    """The visitor's side (mixed into BoothConsumer): asks for a call, owns its state and its ring timer."""

    role, side, other = "caller", "visitor", "producer"

    def holds(self, record: dict) -> bool:
        return record["visitor_id"] == self.visitor_id and record["booth"] == self.booth.slug

    async def on_call_request(self, message):
        """The visitor asks the booth's producer for a video call: every console of the producer rings."""
        if self.call is not None:
            raise _error("call_busy")
        if not (await presence.booth_presence(self.booth.id))["producer_online"]:
            raise _error("producer_offline")
        name = (message.get("name") or "").strip()[:protocol.MAX_NAME]
        if not name:
            conversation = await database_sync_to_async(conversations.conversation_of_visitor)(
                booth=self.booth, visitor_id=self.visitor_id)
            name = conversation.visitor_name if conversation is not None else ""
        call_id = secrets.token_urlsafe(12)
        self.call = {"id": call_id, "status": "ringing", "peer": None, "visitor": name,
                     "timer": asyncio.create_task(self.call_ring_timeout(call_id))}
        await self.send_json({"type": "call.ringing", "call": call_id, "booth": self.booth.slug,
                              "seconds": settings.CALL_RING_SECONDS})
        await notify(groups.producer_group(self.booth.producer_id),
                     {"type": "call.ring", "call": call_id, "booth": self.booth.slug, "booth_title": self.booth.title_vi,
                      "visitor": name, "channel": self.channel_name})

    async def call_ring_timeout(self, call_id: str) -> None:
        await asyncio.sleep(settings.CALL_RING_SECONDS)
        if self.call is not None and self.call["id"] == call_id and self.call["status"] == "ringing":
            self.call = None
            await self.send_json({"type": "call.ended", "call": call_id, "reason": "unanswered"})
            await self.unring(call_id, "unanswered")

    async def unring(self, call_id: str, reason: str) -> None:
        """The producer's consoles stop ringing (those that did not answer show why)."""
        await notify(groups.producer_group(self.booth.producer_id), {"type": "call.unring", "call": call_id, "reason": reason})

    async def call_claim(self, event):
        """A console accepts: the first one gets the call, a later one (or one after the end) is told it is over."""
        call = self.call
        if call is None or call["id"] != event["call"] or call["status"] != "ringing":
            await self.to_peer(event["channel"], {"type": "call.over", "call": event["call"],
                                                  "reason": "answered_elsewhere" if call else "cancelled"})
            return
        call["timer"].cancel()
        call.update(status="accepted", peer=event["channel"], timer=None)
        await cache.aset(record_key(call["id"]), {"booth": self.booth.slug, "visitor_id": self.visitor_id, "user": event["user"],
                                                  "visitor": call["visitor"], "visitor_channel": self.channel_name,
                                                  "producer_channel": event["channel"]}, RECORD_SECONDS)
        await self.channel_layer.send(event["channel"], {"type": "call.confirm", "call": call["id"], "channel": self.channel_name,
                                                         "visitor": call["visitor"], "booth": self.booth.slug})
        await self.send_json({"type": "call.accepted", "call": call["id"], "role": "caller", "peer": event["by"],
                              "ice_servers": streams.ice_servers(who=f"v{self.visitor_id[:16]}")})
        await self.unring(call["id"], "answered")

    async def call_refuse(self, event):
        """A console declined."""
        if self.call is not None and self.call["id"] == event["call"] and self.call["status"] == "ringing":
            self.drop_call()
            await self.send_json({"type": "call.declined", "call": event["call"]})
            await self.unring(event["call"], "declined")

    async def on_call_end(self, message):
        """The visitor hangs up (or cancels while it rings)."""
        call = self.mine(message["call"])
        if call["status"] != "ringing":
            await self.hang_up(message)
            return
        self.drop_call()
        await self.unring(call["id"], "cancelled")
        await self.send_json({"type": "call.ended", "call": call["id"], "reason": "hung_up"})

    async def call_leave(self) -> None:
        """The visitor's socket closed: a ringing call is over; an accepted one waits for the page's new socket."""
        call = self.drop_call()
        if call is None:
            return
        if call["status"] == "ringing":
            await self.unring(call["id"], "gone")
        else:
            await self.leave_accepted(call)


class CallCallee(CallSide):
    """The producer console's side (mixed into ProducerConsumer): rings, accepts or declines, then signals."""

    ringing: dict  # call id -> {"channel", "booth"}: calls this console was rung for and has not answered
    role, side, other = "callee", "producer", "visitor"

    def holds(self, record: dict) -> bool:
        return record["user"] == self.user.pk

    async def call_ring(self, event):
        if not any(booth["slug"] == event["booth"] for booth in getattr(self, "booths", [])):
            return
        self.ringing = getattr(self, "ringing", {})
        self.ringing[event["call"]] = {"channel": event["channel"], "booth": event["booth"]}
        await self.send_json({"type": "call.incoming", "call": event["call"], "booth": event["booth"],
                              "booth_title": event["booth_title"], "visitor": event["visitor"],
                              "seconds": settings.CALL_RING_SECONDS})

    async def call_unring(self, event):
        """The call this console was rung for was answered (here or elsewhere), declined, cancelled or not answered."""
        found = getattr(self, "ringing", {}).pop(event["call"], None)
        if found is not None:
            await self.send_json({"type": "call.ended", "call": event["call"], "reason": event["reason"]})

    def rung(self, call_id) -> dict:
        found = getattr(self, "ringing", {}).pop(call_id, None)
        if found is None:
            raise _error("no_call")
        return found

    async def on_call_accept(self, message):
        """One of the booth's staff accepts: the visitor's socket confirms (the first console to accept gets it)."""
        if self.call is not None:
            raise _error("call_busy")
        found = self.rung(message["call"])
        self.claimed = {message["call"]: found["channel"]}  # until confirmed: a socket closing meanwhile still ends it
        await self.channel_layer.send(found["channel"], {"type": "call.claim", "call": message["call"],
                                                         "channel": self.channel_name, "by": self.author_name,
                                                         "user": self.user.pk})

    async def call_confirm(self, event):
        getattr(self, "claimed", {}).pop(event["call"], None)
        self.call = {"id": event["call"], "status": "accepted", "peer": event["channel"], "timer": None,
                     "visitor": event["visitor"]}
        await self.send_json({"type": "call.accepted", "call": event["call"], "role": "callee", "peer": event["visitor"],
                              "booth": event["booth"], "ice_servers": streams.ice_servers(who=f"u{self.user.pk}")})

    async def on_call_decline(self, message):
        found = self.rung(message["call"])
        await self.channel_layer.send(found["channel"], {"type": "call.refuse", "call": message["call"]})

    async def on_call_end(self, message):
        """The producer hangs up."""
        await self.hang_up(message)

    async def call_leave(self) -> None:
        for call_id, channel in getattr(self, "claimed", {}).items():
            await self.to_peer(channel, {"type": "call.over", "call": call_id, "reason": "gone"})
        call = self.drop_call()
        if call is not None:
            await self.leave_accepted(call)
