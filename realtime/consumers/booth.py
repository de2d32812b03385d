"""/ws/booths/<slug>/: a visitor in a booth: presence, chat with the producer, announcements, ordering."""

from channels.db import database_sync_to_async

from booths import selectors as catalogue
from booths.conversations import selectors as conversations
from booths.conversations import services as chat
from booths.conversations.models import Message
from booths.orders import selectors as orders
from booths.orders import services as ordering
from fair import cache, groups
from fair.analytics.sockets import BoothVisit
from fair.events import notify
from fair.middleware import visitor_id_known
from realtime import presence, protocol
from realtime.consumers.base import FairConsumer
from realtime.consumers.call import CallCaller
from realtime.consumers.live import LiveViewer


class BoothConsumer(CallCaller, LiveViewer, FairConsumer):
    """A visitor's socket in one booth."""

    socket_kind = protocol.BOOTH
    admits_in_connect = True  # the socket limits are checked with the booth's presence, in one round trip

    async def connect(self):
        """What a socket needs before it is usable, in as few round trips as it can: one trip to the database
        thread (the session, the booth: cached), one to Redis (socket limits, presence written and counted), the
        hub's group (joined once per process). The visitor's conversation is loaded when the chat first asks
        (`chat.resume`, which the chat sends on every connect; `chat.send`): most visitors never write."""
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.conversation, self.conversation_loaded = None, False
        self.visitor_id, self.booth = await database_sync_to_async(self.load)(slug)
        if not self.visitor_id:
            await self.refuse("no_session")
            return
        if self.booth is None:
            await self.refuse("not_found")
            return
        found = await self.enter(present=[presence.booth_key(self.booth.id, presence.VISITOR)],
                                 counted=presence.booths_keys([self.booth.id]))
        if found is None:
            await self.refuse("too_many_sockets")
            return
        await self.join(groups.booth_group(self.booth.id), fan_out=True)
        await self.accept()
        self.visit = BoothVisit(booth_id=self.booth.id, visitor_id=self.visitor_id)  # counted, without who
        # The newcomer learns the booth's presence at once; everyone else with the next coalesced update.
        counts = presence.booths_counts(found)[0]
        await self.send_json({"type": "presence.update", "booth": self.booth.slug, **counts})
        self.announce(audience=counts["visitors"])

    def load(self, slug):
        # The session and the cached booth in one round trip to the shared cache (none of them without one).
        found = cache.with_session(self.scope["session"], [cache.VERSION_KEY, catalogue.booth_visible_cache_key(slug)])
        visitor_id = visitor_id_known(self.scope["session"])
        if not visitor_id:
            return None, None
        return visitor_id, catalogue.booth_visible(slug=slug, user=self.scope["user"], found=found)

    async def load_conversation(self) -> None:
        """The visitor's conversation in this booth, if they ever wrote, with its group joined before anything is
        read from it (what is stored meanwhile comes live or in the answer being made, never in neither)."""
        if self.conversation_loaded:
            return
        conversation = await database_sync_to_async(conversations.conversation_of_visitor)(
            booth=self.booth, visitor_id=self.visitor_id)
        if conversation is not None and self.conversation is None:
            self.conversation = conversation
            await self.join(groups.conversation_group(conversation.id))
        self.conversation_loaded = True

    def announce(self, audience=None):
        presence.booth_changed_soon(self.booth.id, self.booth.hall_id, self.booth.producer_id, self.booth.slug, audience)

    async def disconnect(self, code):
        if getattr(self, "booth", None) is not None:
            await self.stop_watching()
            await self.call_leave()
        await super().disconnect(code)
        if getattr(self, "visit", None) is not None:
            self.visit.end()
        if getattr(self, "booth", None) is not None:
            self.announce()

    async def receive(self, text_data=None, bytes_data=None):
        if getattr(self, "visit", None) is not None:
            self.visit.alive()  # any message is a sign of life, as a ping is
        await super().receive(text_data, bytes_data)

    def wants(self, event):
        return not (event["type"] == "chat.typing" and event.get("sender") == "visitor")  # not their own typing

    async def on_presence_ping(self, message):
        """Called every 20 s: the visitor is still here; they get the booth's presence back."""
        await self.keep_alive()
        await self.send_presence(self.booth.id, self.booth.slug)

    async def on_chat_send(self, message):
        """The visitor writes to the producer: stored once per client id, acknowledged with its server id."""
        if self.conversation is None or message.get("name"):
            had = self.conversation
            self.conversation = await database_sync_to_async(chat.conversation_for_visitor)(
                booth=self.booth, visitor_id=self.visitor_id, visitor_name=message.get("name", ""))
            if had is None:
                await self.join(groups.conversation_group(self.conversation.id))
            self.conversation_loaded = True
        stored, _ = await database_sync_to_async(chat.message_send)(
            conversation=self.conversation, sender=Message.Sender.VISITOR, client_id=message["client_id"],
            text=message["text"], author_name=self.conversation.visitor_name)
        await self.send_json({"type": "chat.ack", "client_id": stored.client_id, "id": stored.id,
                              "conversation": stored.conversation_id})

    async def on_booth_resume(self, message):
        """The visitor missed announcements (a reconnect, a gap): those after `after`."""
        found = await database_sync_to_async(conversations.announcements_after)(booth=self.booth, after=message["after"])
        await self.send_json({"type": "booth.announcements", "after": message["after"], "announcements": found})

    async def on_chat_resume(self, message):
        """The visitor missed messages (a reconnect, a gap): those after `after`."""
        await self.load_conversation()
        found = []
        if self.conversation is not None:
            found = await database_sync_to_async(conversations.conversation_messages)(
                conversation=self.conversation, after=message["after"])
        await self.send_json({"type": "chat.history", "after": message["after"],
                              "conversation": self.conversation.id if self.conversation else None,
                              "messages": [chat.message_payload(m) for m in found]})

    async def on_chat_typing(self, message):
        """The visitor is typing: their producer's consoles show it (nothing is stored)."""
        await self.load_conversation()
        if self.conversation is not None:
            await notify(groups.producer_group(self.booth.producer_id),
                         {"type": "chat.typing", "conversation": self.conversation.id, "sender": "visitor"})

    async def on_chat_read(self, message):
        """The visitor has read up to `up_to`: the producer sees it."""
        await self.load_conversation()
        if self.conversation is not None:
            await database_sync_to_async(chat.conversation_mark_read)(
                conversation=self.conversation, reader=Message.Sender.VISITOR, up_to=message["up_to"])

    async def on_order_place(self, message):
        """The visitor orders from this booth; a retried key gets the same order back."""
        order, _ = await database_sync_to_async(ordering.order_place)(
            booth=self.booth, visitor_id=self.visitor_id, lines=message["lines"], contact=message["contact"],
            idempotency_key=message["idempotency_key"])
        payload = await database_sync_to_async(lambda: ordering.order_payload(
            orders.order_for_visitor(number=order.number, visitor_id=self.visitor_id)))()
        await self.send_json({"type": "order.placed", "idempotency_key": message["idempotency_key"], "order": payload})

    async def on_analytics_model(self, message):
        """The visitor turned a product's 3D model (counted once per product; nothing is answered)."""
        self.visit.model_turned(message["product"])

    async def on_analytics_tour(self, message):
        """The visitor reached a step of the process tour: the first counts a start, the last a completion."""
        self.visit.tour_step(message["step"], message["steps"])
