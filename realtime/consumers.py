"""Websocket consumers: thin transport over the services in booths/ and fair/.

One base class parses and checks every message (protocol.parse), limits the rate, and turns
ClientError into an `error` reply without closing the socket. Channel-layer handlers are
named after the event type (`chat.message` → `chat_message`).
"""

import asyncio
import logging
import time
import weakref

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

import json

from booths import selectors as booth_selectors
from booths import services as booth_services
from booths.models import Booth, Conversation, Message, Producer, Product
from fair import cache as fair_cache
from fair import selectors as fair_selectors
from fair.errors import ClientError
from realtime import groups, hub, presence, protocol
from realtime.broadcast import notify

log = logging.getLogger(__name__)

RATE_PER_SECOND = 5  # sustained messages per second per socket: fast typing plus a resent outbox
RATE_BURST = 20  # an outbox of queued messages may go out at once after a reconnect
MAX_SOCKETS_PER_VISITOR = 8  # tabs of one browser; more is a runaway script
HALL_THROTTLE = 1.0  # seconds between presence updates of one booth on a hall socket
CLOSE_NO_SESSION, CLOSE_FORBIDDEN, CLOSE_TOO_MANY = 4401, 4403, 4429


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
    from http.cookies import SimpleCookie

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


async def presence_changed(booth_id: int, hall_id: int | None, producer_id: int, slug: str) -> None:
    """Tell the booth, its hall and its producer's consoles the booth's current presence."""
    counts = await presence.booth_presence(booth_id)
    event = {"type": "presence.update", "booth": slug, **counts}
    await notify(groups.booth_group(booth_id), event)
    await notify(groups.producer_group(producer_id), event)
    if hall_id:
        await notify(groups.hall_group(hall_id), event)


PRESENCE_COALESCE = 0.1  # seconds: visitors arriving together become one presence update per booth and process
_presence_pending: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # event loop → {booth id: task}


def presence_changed_soon(booth_id: int, hall_id: int | None, producer_id: int, slug: str) -> None:
    """A visitor came or went: tell everyone within PRESENCE_COALESCE, once for all who came meanwhile.

    Sending one update per arrival to every visitor is quadratic: 500 visitors arriving for a
    livestream would be 250,000 messages. Coalesced, it is one update per booth every 0.1 s."""
    pending = _presence_pending.setdefault(asyncio.get_running_loop(), {})
    task = pending.get(booth_id)
    if task is not None and not task.done():
        return

    async def later():
        await asyncio.sleep(PRESENCE_COALESCE)
        pending.pop(booth_id, None)
        await presence_changed(booth_id, hall_id, producer_id, slug)

    pending[booth_id] = asyncio.ensure_future(later())


class FairConsumer(AsyncWebsocketConsumer):
    """Parsing, limits, errors and clean-up shared by every socket of the fair."""

    socket_kind = ""
    # Group events written to the client as they are: a hub encodes them once for all local sockets.
    verbatim_events = frozenset({"presence.update", "product.stock", "booth.announcement"})

    async def dispatch(self, message):
        message.pop("_group", None)  # the hubs' routing mark (realtime/hub.py), not for clients
        await super().dispatch(message)

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

    async def leave(self, group: str) -> None:
        await self.channel_layer.group_discard(group, self.channel_name)
        self.joined.discard(group)

    async def mark_present(self, key: str, member: str) -> None:
        await presence.backend().add(key, member)
        if (key, member) not in self.present:
            self.present.append((key, member))

    async def unmark_present(self, key: str, member: str) -> None:
        await presence.backend().remove(key, member)
        if (key, member) in self.present:
            self.present.remove((key, member))

    async def refresh_presence(self) -> None:
        for key, member in self.present:
            await presence.backend().add(key, member)

    async def clean_up(self) -> None:
        """Leave every group and presence entry this socket holds (also after an error)."""
        for key, member in list(self.present):
            try:
                await presence.backend().remove(key, member)
            except Exception:  # noqa: BLE001 - entries expire on their own
                log.exception("Could not remove presence %s", key)
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
                handler = getattr(self, "on_" + message["type"].replace(".", "_"))
                await handler(message)
            except ClientError as error:
                await self.send_error(error.code, error.message)
            except Exception:
                log.exception("A %s socket's handler failed", self.socket_kind)
                await self.send_error("server_error", str(protocol.ERROR_CODES["server_error"]))

    async def send_json(self, payload: dict) -> None:
        await self.send(text_data=json.dumps(payload, ensure_ascii=False))

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message})

    async def refuse(self, code: str, close_code: int) -> None:
        """Accept only to say why, then close: browsers cannot read a refused handshake's reason."""
        await self.accept()
        await self.send_error(code, str(protocol.ERROR_CODES[code]))
        await self.close(code=close_code)

    # Channel-layer events forwarded as they are.
    async def presence_update(self, event):
        await self.send_json({k: v for k, v in event.items()})

    async def chat_message(self, event):
        await self.send_json({"type": "chat.message", "message": event["message"]})

    async def chat_typing(self, event):
        await self.send_json(event)

    async def chat_read(self, event):
        await self.send_json(event)

    async def order_status(self, event):
        await self.send_json({"type": "order.status", "order": event["order"]})

    async def product_stock(self, event):
        await self.send_json(event)

    async def booth_announcement(self, event):
        await self.send_json(event)


class HallConsumer(FairConsumer):
    """/ws/halls/<hall_id>/: live presence of every booth in a hall, at most once a second per booth."""

    socket_kind = protocol.HALL
    verbatim_events = frozenset()  # presence is coalesced per booth and second (presence_update)

    async def connect(self):
        hall_id = self.scope["url_route"]["kwargs"]["hall_id"]
        self.booths = await database_sync_to_async(self.load_booths)(hall_id, self.scope["user"])
        if self.booths is None:
            await self.refuse("forbidden", CLOSE_FORBIDDEN)
            return
        self.last_sent: dict[str, float] = {}
        self.pending: dict[str, dict] = {}
        await self.join(groups.hall_group(hall_id), fan_out=True)
        await self.accept()
        await self.send_snapshot()

    @staticmethod
    def load_booths(hall_id, user):
        from fair.models import Hall

        hall = Hall.objects.filter(pk=hall_id, fair__in=fair_selectors.fairs_visible(user=user)).first()
        if hall is None:
            return None
        return dict(Booth.objects.filter(hall=hall).values_list("slug", "id"))

    async def send_snapshot(self):
        found = await presence.booths_presence(list(self.booths.values()))  # one round trip for the hall
        for slug, counts in zip(self.booths, found):
            await self.send_json({"type": "presence.update", "booth": slug, **counts})
            self.last_sent[slug] = time.monotonic()

    async def on_presence_ping(self, message):
        await self.send_snapshot()

    async def presence_update(self, event):
        """Called for each presence change in the hall: forwarded, coalesced to one per booth per second."""
        slug = event["booth"]
        wait = HALL_THROTTLE - (time.monotonic() - self.last_sent.get(slug, 0))
        if wait <= 0:
            self.last_sent[slug] = time.monotonic()
            await self.send_json(event)
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
                await self.send_json(event)
            except Exception:  # noqa: BLE001 - the socket closed meanwhile
                pass


class BoothConsumer(FairConsumer):
    """/ws/booths/<slug>/: a visitor in a booth: presence and chat with the producer."""

    socket_kind = protocol.BOOTH

    async def connect(self):
        slug = self.scope["url_route"]["kwargs"]["slug"]
        # One trip to the database thread for the session, the booth and the visitor's conversation.
        self.visitor_id, self.booth, self.conversation = await database_sync_to_async(self.load)(slug)
        if not self.visitor_id:
            await self.refuse("no_session", CLOSE_NO_SESSION)
            return
        if self.booth is None:
            await self.refuse("not_found", CLOSE_FORBIDDEN)
            return
        sockets_key = presence.visitor_sockets_key(self.visitor_id)
        if await presence.backend().count(sockets_key) >= MAX_SOCKETS_PER_VISITOR:
            await self.refuse("too_many_sockets", CLOSE_TOO_MANY)
            return
        await self.mark_present(sockets_key, self.channel_name)
        await self.join(groups.booth_group(self.booth.id), fan_out=True)
        if self.conversation:
            await self.join(groups.conversation_group(self.conversation.id))
        await self.mark_present(presence.booth_key(self.booth.id, presence.VISITOR), self.channel_name)
        await self.accept()
        # The newcomer learns the booth's presence at once; everyone else with the next coalesced update.
        await self.send_json({"type": "presence.update", "booth": self.booth.slug,
                              **await presence.booth_presence(self.booth.id)})
        await self.announce()

    def load(self, slug):
        visitor_id = self.scope["session"].get("visitor_id")
        if not visitor_id:
            return None, None, None
        user = self.scope["user"]

        def find():
            return Booth.objects.filter(fair_selectors.booth_visible_q(user=user), slug=slug).first()

        # What anonymous visitors may see is the same for all of them: with a shared cache, the booth comes from it
        # (with the content version, one round trip) while nothing changed; signed-in people are looked up.
        booth = fair_cache.versioned(f"fair:socket-booth:{slug}", find) if not user.is_authenticated else find()
        conversation = Conversation.objects.filter(booth=booth, visitor_id=visitor_id).first() if booth else None
        return visitor_id, booth, conversation

    async def announce(self):
        presence_changed_soon(self.booth.id, self.booth.hall_id, self.booth.producer_id, self.booth.slug)

    async def disconnect(self, code):
        await super().disconnect(code)
        if getattr(self, "booth", None) is not None:
            await self.announce()

    async def on_presence_ping(self, message):
        await self.refresh_presence()
        await self.send_json({"type": "presence.update", "booth": self.booth.slug,
                              **await presence.booth_presence(self.booth.id)})

    async def on_chat_send(self, message):
        if self.conversation is None or message.get("name"):
            self.conversation = await database_sync_to_async(booth_services.conversation_for_visitor)(
                booth=self.booth, visitor_id=self.visitor_id, visitor_name=message.get("name", ""))
            await self.join(groups.conversation_group(self.conversation.id))
        stored, _ = await database_sync_to_async(booth_services.message_send)(
            conversation=self.conversation, sender=Message.Sender.VISITOR, client_id=message["client_id"],
            text=message["text"], author_name=self.conversation.visitor_name)
        await self.send_json({"type": "chat.ack", "client_id": stored.client_id, "id": stored.id,
                              "conversation": stored.conversation_id})

    async def on_booth_resume(self, message):
        found = await database_sync_to_async(booth_services.announcements_after)(booth=self.booth, after=message["after"])
        await self.send_json({"type": "booth.announcements", "after": message["after"], "announcements": found})

    async def on_chat_resume(self, message):
        found = []
        if self.conversation is not None:
            found = await database_sync_to_async(booth_selectors.conversation_messages)(
                conversation=self.conversation, after=message["after"])
        await self.send_json({"type": "chat.history", "after": message["after"],
                              "conversation": self.conversation.id if self.conversation else None,
                              "messages": [booth_services.message_payload(m) for m in found]})

    async def on_chat_typing(self, message):
        if self.conversation is not None:
            await notify(groups.producer_group(self.booth.producer_id),
                         {"type": "chat.typing", "conversation": self.conversation.id, "sender": "visitor"})

    async def on_chat_read(self, message):
        if self.conversation is not None:
            await database_sync_to_async(booth_services.conversation_mark_read)(
                conversation=self.conversation, reader=Message.Sender.VISITOR, up_to=message["up_to"])

    async def chat_typing(self, event):
        if event.get("sender") != "visitor":
            await self.send_json(event)

    async def on_order_place(self, message):
        order, _ = await database_sync_to_async(booth_services.order_place)(
            booth=self.booth, visitor_id=self.visitor_id, lines=message["lines"], contact=message["contact"],
            idempotency_key=message["idempotency_key"])
        payload = await database_sync_to_async(lambda: booth_services.order_payload(
            booth_selectors.order_for_visitor(number=order.number, visitor_id=self.visitor_id)))()
        await self.send_json({"type": "order.placed", "idempotency_key": message["idempotency_key"], "order": payload})


class OrdersConsumer(FairConsumer):
    """/ws/orders/: a visitor follows their orders live (order page, orders list)."""

    socket_kind = protocol.ORDERS

    async def connect(self):
        session = self.scope["session"]
        self.visitor_id = await database_sync_to_async(session.get)("visitor_id")
        if not self.visitor_id:
            await self.refuse("no_session", CLOSE_NO_SESSION)
            return
        await self.accept()

    async def claimed(self):
        return await database_sync_to_async(lambda: list(self.scope["session"].get("claimed_orders", [])))()

    async def find(self, number):
        order = await database_sync_to_async(booth_selectors.order_for_visitor)(
            number=number, visitor_id=self.visitor_id, claimed=await self.claimed())
        if order is None:
            raise ClientError("not_found", _("No such order."))
        return order

    async def on_order_follow(self, message):
        order = await self.find(message["number"])
        await self.join(groups.order_group(order.id))
        await self.send_json({"type": "order.status", "order": await database_sync_to_async(booth_services.order_payload)(order)})

    async def on_order_cancel(self, message):
        order = await self.find(message["number"])
        await database_sync_to_async(booth_services.order_transition)(
            order=order, to="cancelled", actor="visitor", reason=message.get("reason", ""))

    async def on_presence_ping(self, message):
        return None  # the orders socket counts nobody; pings only keep proxies from closing it

    async def order_status(self, event):
        await self.send_json({"type": "order.status", "order": event["order"]})


class ProducerConsumer(FairConsumer):
    """/ws/producer/: the producer's console: every conversation of the booths they staff."""

    socket_kind = protocol.PRODUCER

    async def connect(self):
        user = self.scope["user"]
        self.producer_ids = await database_sync_to_async(booth_selectors.producers_of)(user=user)
        if not self.producer_ids:
            await self.refuse("forbidden", CLOSE_FORBIDDEN)
            return
        self.user = user
        # Visitors see the person's name, or else the producer's (never a login name).
        self.author_name = await database_sync_to_async(
            lambda: user.get_full_name() or ", ".join(Producer.objects.filter(id__in=self.producer_ids).values_list("name", flat=True)))()
        self.booths = await database_sync_to_async(
            lambda: list(Booth.objects.filter(producer_id__in=self.producer_ids).values("id", "slug", "title_vi", "hall_id", "producer_id")))()
        for producer_id in self.producer_ids:
            await self.join(groups.producer_group(producer_id))
        self.status = "online"
        await self.set_online(True)
        await self.accept()
        await self.send_snapshot()

    async def set_online(self, online: bool) -> None:
        for booth in self.booths:
            key = presence.booth_key(booth["id"], presence.PRODUCER)
            if online:
                await self.mark_present(key, self.channel_name)
            else:
                await self.unmark_present(key, self.channel_name)
        for booth in self.booths:
            await presence_changed(booth["id"], booth["hall_id"], booth["producer_id"], booth["slug"])

    async def send_snapshot(self):
        conversations = await database_sync_to_async(booth_selectors.producer_conversations)(producer_ids=self.producer_ids)
        found = await presence.booths_presence([b["id"] for b in self.booths])
        booths = [{"slug": b["slug"], "title": b["title_vi"], **counts} for b, counts in zip(self.booths, found)]
        orders = await database_sync_to_async(
            lambda: [booth_services.order_payload(o) for o in booth_selectors.producer_orders(producer_ids=self.producer_ids)])()
        products = await database_sync_to_async(booth_selectors.producer_products)(producer_ids=self.producer_ids)
        await self.send_json({"type": "console.snapshot", "status": self.status, "booths": booths,
                              "conversations": conversations, "orders": orders, "products": products})

    async def disconnect(self, code):
        await super().disconnect(code)
        for booth in getattr(self, "booths", []):
            await presence_changed(booth["id"], booth["hall_id"], booth["producer_id"], booth["slug"])

    async def conversation_of(self, message) -> Conversation:
        conversation_id = message.get("conversation")
        if conversation_id is None:
            raise ClientError("bad_field", protocol.ERROR_CODES["bad_field"])
        conversation = await database_sync_to_async(
            Conversation.objects.select_related("booth").filter(pk=conversation_id).first)()
        if conversation is None or conversation.booth.producer_id not in self.producer_ids:
            # Another producer's conversation looks exactly like a missing one.
            raise ClientError("not_found", protocol.ERROR_CODES["not_found"])
        return conversation

    async def on_presence_ping(self, message):
        await self.refresh_presence()

    async def on_presence_status(self, message):
        status = message["status"]
        if status not in ("online", "away"):
            raise ClientError("bad_field", protocol.ERROR_CODES["bad_field"])
        if status != self.status:
            self.status = status
            await self.set_online(status == "online")

    async def on_chat_send(self, message):
        conversation = await self.conversation_of(message)
        stored, _ = await database_sync_to_async(booth_services.message_send)(
            conversation=conversation, sender=Message.Sender.PRODUCER, client_id=message["client_id"],
            text=message["text"], author=self.user, author_name=self.author_name)
        await self.send_json({"type": "chat.ack", "client_id": stored.client_id, "id": stored.id,
                              "conversation": stored.conversation_id})

    async def on_chat_resume(self, message):
        if message.get("conversation") is not None:
            conversation = await self.conversation_of(message)
            found = await database_sync_to_async(booth_selectors.conversation_messages)(
                conversation=conversation, after=message["after"])
        else:
            found = await database_sync_to_async(booth_selectors.producer_messages_after)(
                producer_ids=self.producer_ids, after=message["after"])
        await self.send_json({"type": "chat.history", "after": message["after"], "conversation": message.get("conversation"),
                              "messages": [booth_services.message_payload(m) for m in found]})
        if message.get("conversation") is None:
            await self.send_snapshot()

    async def on_chat_typing(self, message):
        conversation = await self.conversation_of(message)
        await notify(groups.conversation_group(conversation.id),
                     {"type": "chat.typing", "conversation": conversation.id, "sender": "producer"})

    async def on_chat_read(self, message):
        conversation = await self.conversation_of(message)
        await database_sync_to_async(booth_services.conversation_mark_read)(
            conversation=conversation, reader=Message.Sender.PRODUCER, up_to=message["up_to"])

    async def on_order_transition(self, message):
        order = await database_sync_to_async(booth_selectors.order_for_producer)(
            number=message["number"], producer_ids=self.producer_ids)
        if order is None:
            raise ClientError("not_found", _("No such order."))
        await database_sync_to_async(booth_services.order_transition)(
            order=order, to=message["to"], actor="producer", user=self.user, reason=message.get("reason", ""),
            tracking_note=message.get("tracking_note", ""))

    async def on_booth_announce(self, message):
        booth = await database_sync_to_async(
            Booth.objects.filter(slug=message["booth"], producer_id__in=self.producer_ids).first)()
        if booth is None:
            raise ClientError("forbidden", protocol.ERROR_CODES["forbidden"])
        stored, _ = await database_sync_to_async(booth_services.announcement_send)(
            booth=booth, user=self.scope["user"], client_id=message["client_id"], text=message["text"])
        await self.send_json({"type": "booth.announced", "client_id": stored.client_id, "id": stored.id, "booth": booth.slug})

    async def on_stock_set(self, message):
        product = await database_sync_to_async(
            Product.objects.select_related("booth__producer").filter(slug=message["product"], booth__producer_id__in=self.producer_ids).first)()
        if product is None:
            raise ClientError("not_found", _("No such product."))
        await database_sync_to_async(booth_services.product_set_stock)(product=product, user=self.user, stock=message["stock"])

    async def order_status(self, event):
        await self.send_json({"type": "order.status", "order": event["order"], "new": event.get("new", False)})

    async def chat_message(self, event):
        await self.send_json({"type": "chat.message", "message": event["message"], "booth": event.get("booth"),
                              "booth_title": event.get("booth_title", ""), "visitor": event.get("visitor", "")})

    async def chat_typing(self, event):
        if event.get("sender") != "producer":
            await self.send_json(event)
