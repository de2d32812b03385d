"""What every socket of the fair shares: parsing, limits, errors, group events and clean-up.

Consumers are transport: they parse a message (protocol.parse), check the socket may send it,
call one service or selector of the area it belongs to, and send the answer. They never query
the ORM themselves. Group events (what areas announce through fair.events) are the very message
the client gets, so one `forward` writes them all; a socket narrows it with `wants`.
"""

import json
import logging
import time
from http.cookies import SimpleCookie

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation

from fair.errors import ClientError
from realtime import hub, presence, protocol

log = logging.getLogger(__name__)

RATE_PER_SECOND = 5  # sustained messages per second per socket: fast typing plus a resent outbox
RATE_BURST = 20  # an outbox of queued messages may go out at once after a reconnect
MAX_SOCKETS_PER_VISITOR = settings.SOCKETS_PER_SESSION  # tabs of one browser, every socket kind; more is a runaway script
CLOSE_NO_SESSION = protocol.CLOSE_CODES["no_session"]
CLOSE_FORBIDDEN = protocol.CLOSE_CODES["forbidden"]
CLOSE_TOO_MANY = protocol.CLOSE_CODES["too_many_sockets"]


class TokenBucket:
    """Allows RATE_BURST messages at once and RATE_PER_SECOND after that."""

    def __init__(self, rate=RATE_PER_SECOND, burst=RATE_BURST):
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = float(burst), time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def client_language(scope) -> str:
    """The visitor's language: the language switch's cookie, else the browser's Accept-Language, else Vietnamese."""
    headers = dict(scope.get("headers", []))
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get(b"cookie", b"").decode("latin1"))
    except Exception:  # noqa: BLE001 - a malformed cookie header is just ignored
        pass
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    candidates = [chosen.value] if chosen else []
    candidates += [code for code, _ in translation.trans_real.parse_accept_lang_header(
        headers.get(b"accept-language", b"").decode("latin1"))]
    for code in candidates:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class FairConsumer(AsyncWebsocketConsumer):
    """Parsing, limits, errors, group events and clean-up shared by every socket of the fair."""

    socket_kind = ""

    async def dispatch(self, message):
        message.pop("_group", None)  # the hubs' routing mark (realtime/hub.py), not for clients
        if message.get("type") in protocol.SERVER_TYPES:
            await self.forward(message)  # a group event from a group joined without the hub
            return
        await super().dispatch(message)

    def wants(self, event: dict) -> bool:
        """Whether this socket's client gets a group event (a socket leaves out, say, its own side's typing)."""
        return True

    async def forward(self, event: dict, text: str | None = None) -> None:
        """Called for every group event this socket gets: written to the client as it is. `text` is the event
        already encoded, once per process for all local sockets of a group (realtime/hub.py)."""
        if self.wants(event):
            await self.send(text_data=text or json.dumps(event, ensure_ascii=False))

    async def websocket_connect(self, message):
        self.joined: set[str] = set()
        self.hub_joined: set[str] = set()
        self.hub_accepted = False  # the hub holds this socket's group events until the handshake is answered
        self.hub_held: list[dict] = []
        self.present: list[tuple[str, str]] = []  # (presence key, member) to remove on disconnect
        self.bucket = TokenBucket()
        self.language = client_language(self.scope)
        try:
            with translation.override(self.language):
                if not self.admits_in_connect and not await self.admit():
                    await self.refuse("too_many_sockets")
                    return
                await super().websocket_connect(message)
        except Exception:
            log.exception("Connecting a %s socket failed", self.socket_kind)
            await self.clean_up()
            await self.close(code=1011)

    async def accept(self, subprotocol=None, headers=None):
        await super().accept(subprotocol, headers)
        self.hub_accepted = True
        held, self.hub_held = self.hub_held, []
        for event in held:  # what reached the hub between joining and accepting, in order
            await hub.deliver_to(self, event)

    async def join(self, group: str, fan_out: bool = False) -> None:
        """Listen to a group. Busy groups (a booth's visitors, a hall's watchers) go through this process's
        hub when FAIR_FANOUT=hub: one channel-layer message per process instead of one per socket."""
        if fan_out and hub.enabled():
            await hub.hub().join(group, self)
            self.hub_joined.add(group)
            return
        await self.channel_layer.group_add(group, self.channel_name)
        self.joined.add(group)

    admits_in_connect = False  # True: the socket's connect() calls `enter` itself (with its presence, one round trip)

    def limits(self) -> list[tuple[str, int]]:
        """(key, most) of the socket counts this socket is under: its browser session's and its client address's."""
        limited = []
        session_key = getattr(self.scope.get("session"), "session_key", None)
        if session_key:
            limited.append((presence.session_sockets_key(session_key), settings.SOCKETS_PER_SESSION))
        address = (self.scope.get("client") or [None])[0]
        if address:
            limited.append((presence.address_sockets_key(address), settings.SOCKETS_PER_ADDRESS))
        return limited

    async def enter(self, present: list[str] = (), counted: list[str] = ()) -> list[int] | None:
        """Count this socket under its session and address, mark it present under `present` and count `counted`, in
        one round trip; None (and nothing kept) when the session or the address already has its most sockets."""
        limited = self.limits()
        keys = [key for key, _most in limited] + list(present)
        if not keys and not counted:
            return []
        found = await presence.backend().enter(keys, self.channel_name, [key for key, _most in limited] + list(counted))
        if any(count > most for count, (_key, most) in zip(found, limited)):  # the counts include this socket
            await presence.backend().remove_many(keys, self.channel_name)
            return None
        self.present += [(key, self.channel_name) for key in keys]
        return found[len(limited):]

    async def admit(self) -> bool:
        """Count this socket under its browser session and its client address; False when either has its most."""
        return await self.enter() is not None

    async def keep_alive(self) -> None:
        """Called on every ping (every 20 s): this socket's presence entries and groups are written again, so a
        Redis that restarted meanwhile knows them again."""
        for member in {member for _key, member in self.present}:
            await presence.backend().add_many([key for key, m in self.present if m == member], member)
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)

    async def mark_present(self, key: str, member: str) -> None:
        await presence.backend().add(key, member)
        if (key, member) not in self.present:
            self.present.append((key, member))

    async def unmark_present(self, key: str, member: str) -> None:
        await presence.backend().remove(key, member)
        if (key, member) in self.present:
            self.present.remove((key, member))

    async def clean_up(self) -> None:
        """Leave every group and presence entry this socket holds (also after an error)."""
        members: dict[str, list[str]] = {}
        for key, member in self.present:
            members.setdefault(member, []).append(key)
        for member, keys in members.items():  # one round trip for each member's entries
            try:
                await presence.backend().remove_many(keys, member)
            except Exception:  # noqa: BLE001 - entries expire on their own
                log.exception("Could not remove presence %s", keys)
        self.present = []
        for group in list(self.joined):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.joined = set()
        for group in list(getattr(self, "hub_joined", ())):
            await hub.hub().leave(group, self)
        self.hub_joined = set()

    async def disconnect(self, code):
        await self.clean_up()

    async def receive(self, text_data=None, bytes_data=None):
        """Called for every client message: check it, then run its handler; errors go back as `error`."""
        with translation.override(self.language):  # error texts in the client's language
            try:
                if not self.bucket.take():
                    raise ClientError("rate_limited", protocol.ERROR_CODES["rate_limited"])
                message = protocol.parse(text_data, socket=self.socket_kind)
                await getattr(self, protocol.handler_name(message["type"]))(message)
            except ClientError as error:
                await self.send_error(error.code, error.message, **error.details)
            except Exception:
                log.exception("A %s socket's handler failed", self.socket_kind)
                await self.send_error("server_error", str(protocol.ERROR_CODES["server_error"]))

    async def send_json(self, payload: dict) -> None:
        await self.send(text_data=json.dumps(payload, ensure_ascii=False))

    async def send_error(self, code: str, message: str, **details) -> None:
        await self.send_json({**details, "type": "error", "code": code, "message": message})

    async def refuse(self, code: str) -> None:
        """Accept only to say why, then close with the code's close code: browsers cannot read a refused
        handshake's reason, and clients stop reconnecting on these codes."""
        await self.accept()
        await self.send_error(code, str(protocol.ERROR_CODES[code]))
        await self.close(code=protocol.CLOSE_CODES[code if code in protocol.CLOSE_CODES else "forbidden"])

    async def send_presence(self, booth_id: int, slug: str) -> None:
        """This socket's client learns a booth's presence now (a newcomer, a ping)."""
        await self.send_json({"type": "presence.update", "booth": slug, **await presence.booth_presence(booth_id)})


hub.stock_forward = FairConsumer.forward  # the hub writes straight to sockets that forward as it is
