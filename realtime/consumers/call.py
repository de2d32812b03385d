"""1:1 video calls between a visitor in a booth and one of the booth's producer staff (docs/livestream.md, "Video
calls"). The media goes peer to peer (TURN relay when no direct path exists); this socket is only the signalling channel.

Each call lives in the two sockets that hold it, never in a shared store: the visitor's socket owns it (id, status,
the ring timer) and decides who answered first; the accepting console knows only the call it accepted. Messages
between the two go to the other socket's own channel (`channel_layer.send`), which works across daphne processes with
Redis. A socket can therefore only ever signal into its own call: a guessed or copied call id is refused (`no_call`).
The internal events below (`call.ring`, `call.claim` …) are not client message types: they never reach a browser."""

import asyncio
import secrets

from channels.db import database_sync_to_async
from django.conf import settings

from booths.conversations import selectors as conversations
from booths.live import services as streams
from fair import groups
from fair.errors import ClientError
from fair.events import notify
from realtime import presence, protocol

SDP_KINDS = ("offer", "answer", "restart")  # restart: the callee asks the caller for an ICE-restart offer


def _error(code: str) -> ClientError:
    return ClientError(code, str(protocol.ERROR_CODES[code]))


def _check_signal(message: dict) -> None:
    if message["kind"] not in SDP_KINDS:
        raise ClientError("bad_field", "`kind` must be offer, answer or restart.")
    if message["kind"] != "restart" and not str(message.get("sdp", "")).startswith("v=0"):
        raise ClientError("bad_field", "An offer or an answer needs its `sdp` (starting with v=0).")


class CallSide:
    """What both sides share: this socket's own call, relaying to the other side, the other side's end."""

    call: dict | None = None  # {"id", "status": ringing|accepted, "peer": the other socket's channel, "timer", "visitor"}

    def mine(self, call_id) -> dict:
        if self.call is None or self.call["id"] != call_id:
            raise _error("no_call")
        return self.call

    def drop_call(self) -> dict | None:
        call, self.call = self.call, None
        if call is not None and call["timer"] is not None and call["timer"] is not asyncio.current_task():
            call["timer"].cancel()
        return call

    def peer_of(self, call_id) -> str:
        call = self.mine(call_id)
        if call["status"] != "accepted":
            raise _error("no_call")
        return call["peer"]

    async def on_call_signal(self, message):
        """An SDP offer/answer (or a restart request) for the other side of this socket's own call."""
        _check_signal(message)
        await self.channel_layer.send(self.peer_of(message["call"]), {**message, "type": "call.relay", "as": message["type"]})

    async def on_call_media(self, message):
        """The visitor turned their microphone or camera on or off: the other side shows it."""
        await self.channel_layer.send(self.peer_of(message["call"]), {**message, "type": "call.relay", "as": message["type"]})

    async def call_relay(self, event):
        if self.call is not None and self.call["id"] == event["call"] and self.call["status"] == "accepted":
            relayed = {key: value for key, value in event.items() if key != "as"}
            await self.send_json({**relayed, "type": event["as"]})

    async def call_over(self, event):
        """The other side hung up, or its socket is gone."""
        getattr(self, "claimed", {}).pop(event["call"], None)
        if self.call is not None and self.call["id"] == event["call"]:
            self.drop_call()
            await self.send_json({"type": "call.ended", "call": event["call"], "reason": event["reason"]})


class CallCaller(CallSide):
    """The visitor's side (mixed into BoothConsumer): asks for a call, owns its state and its ring timer."""

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
            await self.channel_layer.send(event["channel"], {"type": "call.over", "call": event["call"],
                                                             "reason": "answered_elsewhere" if call else "cancelled"})
            return
        call["timer"].cancel()
        call.update(status="accepted", peer=event["channel"], timer=None)
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
        self.drop_call()
        if call["status"] == "ringing":
            await self.unring(call["id"], "cancelled")
        else:
            await self.channel_layer.send(call["peer"], {"type": "call.over", "call": call["id"], "reason": "hung_up"})
        await self.send_json({"type": "call.ended", "call": call["id"], "reason": "hung_up"})

    async def call_leave(self) -> None:
        """The visitor's socket closed: the call is over for the other side too."""
        call = self.drop_call()
        if call is None:
            return
        if call["status"] == "ringing":
            await self.unring(call["id"], "gone")
        else:
            await self.channel_layer.send(call["peer"], {"type": "call.over", "call": call["id"], "reason": "gone"})

class CallCallee(CallSide):
    """The producer console's side (mixed into ProducerConsumer): rings, accepts or declines, then signals."""

    ringing: dict  # call id -> {"channel", "booth"}: calls this console was rung for and has not answered

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
                                                         "channel": self.channel_name, "by": self.author_name})

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
        call = self.mine(message["call"])
        self.drop_call()
        await self.channel_layer.send(call["peer"], {"type": "call.over", "call": call["id"], "reason": "hung_up"})
        await self.send_json({"type": "call.ended", "call": call["id"], "reason": "hung_up"})

    async def call_leave(self) -> None:
        for call_id, channel in getattr(self, "claimed", {}).items():
            await self.channel_layer.send(channel, {"type": "call.over", "call": call_id, "reason": "gone"})
        call = self.drop_call()
        if call is not None:
            await self.channel_layer.send(call["peer"], {"type": "call.over", "call": call["id"], "reason": "gone"})
