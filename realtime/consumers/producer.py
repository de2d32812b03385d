"""/ws/producer/: the producer's console: every conversation, order and product of the booths they staff."""

from channels.db import database_sync_to_async
from django.utils.translation import gettext as _

from booths import selectors as catalogue
from booths.conversations import moderation
from booths.conversations import selectors as conversations
from booths.conversations import services as chat
from booths.conversations.models import Message
from booths.orders import selectors as orders
from booths.orders import services as ordering
from booths.orders.payments import services as payments
from fair import groups
from fair.errors import ClientError
from fair.events import notify
from realtime import presence, protocol
from realtime.consumers.base import FairConsumer
from realtime.consumers.call import CallCallee
from realtime.consumers.live import LivePublisher


class ProducerConsumer(CallCallee, LivePublisher, FairConsumer):
    """A producer's console socket: marks their booths staffed while online."""

    socket_kind = protocol.PRODUCER

    async def connect(self):
        user = self.scope["user"]
        self.producer_ids = await database_sync_to_async(catalogue.producers_of)(user=user)
        if not self.producer_ids:
            await self.refuse("forbidden")
            return
        self.user = user
        self.author_name = await database_sync_to_async(catalogue.staff_display_name)(
            user=user, producer_ids=self.producer_ids)
        self.booths = await database_sync_to_async(catalogue.producer_booths)(producer_ids=self.producer_ids)
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
        await self.booths_changed()

    async def booths_changed(self) -> None:
        for booth in getattr(self, "booths", []):
            await presence.booth_changed(booth["id"], booth["hall_id"], booth["producer_id"], booth["slug"])

    async def send_snapshot(self):
        def load():
            return {
                "conversations": conversations.producer_conversations(producer_ids=self.producer_ids),
                "orders": [ordering.order_payload(o) for o in orders.producer_orders(producer_ids=self.producer_ids)],
                "products": orders.producer_products(producer_ids=self.producer_ids),
            }

        found = await presence.booths_presence([b["id"] for b in self.booths])
        booths = [{"slug": b["slug"], "title": b["title_vi"], **counts} for b, counts in zip(self.booths, found)]
        await self.send_json({"type": "console.snapshot", "status": self.status, "booths": booths,
                              **await database_sync_to_async(load)()})

    async def disconnect(self, code):
        await super().disconnect(code)
        await self.booths_changed()
        await self.live_clean_up()
        if hasattr(self, "user"):
            await self.call_leave()

    def wants(self, event):
        return not (event["type"] == "chat.typing" and event.get("sender") == "producer")  # not their own typing

    async def conversation_of(self, message):
        conversation_id = message.get("conversation")
        if conversation_id is None:
            raise ClientError("bad_field", protocol.ERROR_CODES["bad_field"])
        conversation = await database_sync_to_async(conversations.conversation_for_producer)(
            conversation_id=conversation_id, producer_ids=self.producer_ids)
        if conversation is None:
            # Another producer's conversation looks exactly like a missing one.
            raise ClientError("not_found", protocol.ERROR_CODES["not_found"])
        return conversation

    async def on_presence_ping(self, message):
        """Called every 20 s: the producer is still online."""
        await self.keep_alive()

    async def on_presence_status(self, message):
        """The producer switches between online and away: their booths show it."""
        status = message["status"]
        if status not in ("online", "away"):
            raise ClientError("bad_field", protocol.ERROR_CODES["bad_field"])
        if status != self.status:
            self.status = status
            await self.set_online(status == "online")

    async def on_chat_send(self, message):
        """The producer replies in one of their conversations."""
        conversation = await self.conversation_of(message)
        stored, _ = await database_sync_to_async(chat.message_send)(
            conversation=conversation, sender=Message.Sender.PRODUCER, client_id=message["client_id"],
            text=message["text"], author=self.user, author_name=self.author_name)
        await self.send_json({"type": "chat.ack", "client_id": stored.client_id, "id": stored.id,
                              "conversation": stored.conversation_id})

    async def on_chat_resume(self, message):
        """The console missed messages: of one conversation, or of all (then a fresh snapshot follows)."""
        if message.get("conversation") is not None:
            conversation = await self.conversation_of(message)
            found = await database_sync_to_async(conversations.conversation_messages)(
                conversation=conversation, after=message["after"])
        else:
            found = await database_sync_to_async(conversations.producer_messages_after)(
                producer_ids=self.producer_ids, after=message["after"])
        await self.send_json({"type": "chat.history", "after": message["after"], "conversation": message.get("conversation"),
                              "messages": [chat.message_payload(m) for m in found]})
        if message.get("conversation") is None:
            await self.send_snapshot()

    async def on_chat_typing(self, message):
        """The producer is typing: the visitor's tabs show it (nothing is stored)."""
        conversation = await self.conversation_of(message)
        await notify(groups.conversation_group(conversation.id),
                     {"type": "chat.typing", "conversation": conversation.id, "sender": "producer"})

    async def on_chat_read(self, message):
        """The producer has read a conversation up to `up_to`: the visitor sees it."""
        conversation = await self.conversation_of(message)
        await database_sync_to_async(chat.conversation_mark_read)(
            conversation=conversation, reader=Message.Sender.PRODUCER, up_to=message["up_to"])

    async def on_order_transition(self, message):
        """The producer moves an order along its status machine."""
        order = await database_sync_to_async(orders.order_for_producer)(
            number=message["number"], producer_ids=self.producer_ids)
        if order is None:
            raise ClientError("not_found", _("No such order."))
        await database_sync_to_async(ordering.order_transition)(
            order=order, to=message["to"], actor="producer", user=self.user, reason=message.get("reason", ""),
            tracking_note=message.get("tracking_note", ""))

    async def on_order_paid(self, message):
        """The producer saw the transfer in their bank app: the order becomes paid (visitor and consoles told)."""
        order = await database_sync_to_async(orders.order_for_producer)(
            number=message["number"], producer_ids=self.producer_ids)
        if order is None:
            raise ClientError("not_found", _("No such order."))
        await database_sync_to_async(payments.payment_mark_received)(
            order=order, user=self.user, amount_vnd=message["amount_vnd"])

    async def on_payment_resolve(self, message):
        """The producer says what they did about a flagged payment (refunded, re-opened with the buyer)."""
        payment = await database_sync_to_async(orders.producer_payment)(
            payment_id=message["id"], producer_ids=self.producer_ids)
        if payment is None:
            raise ClientError("not_found", _("No such payment."))
        await database_sync_to_async(payments.payment_resolve)(
            payment=payment, user=self.user, resolution=message["resolution"])

    async def on_booth_announce(self, message):
        """The producer tells everyone in one of their booths."""
        booth = await database_sync_to_async(catalogue.producer_booth)(slug=message["booth"], producer_ids=self.producer_ids)
        if booth is None:
            raise ClientError("forbidden", protocol.ERROR_CODES["forbidden"])
        stored, _ = await database_sync_to_async(chat.announcement_send)(
            booth=booth, user=self.user, client_id=message["client_id"], text=message["text"])
        await self.send_json({"type": "booth.announced", "client_id": stored.client_id, "id": stored.id, "booth": booth.slug})

    async def on_stock_set(self, message):
        """The producer counted the shelf: every open booth page shows the new stock."""
        product = await database_sync_to_async(orders.producer_product)(
            slug=message["product"], producer_ids=self.producer_ids)
        if product is None:
            raise ClientError("not_found", _("No such product."))
        await database_sync_to_async(ordering.product_set_stock)(product=product, user=self.user, stock=message["stock"])

    async def on_chat_hide(self, message):
        """The producer's staff hide a message in one of their booths' conversations (logged, with the reason)."""
        found = await database_sync_to_async(conversations.message_for_moderation)(
            message_id=message["id"], producer_ids=self.producer_ids)
        if found is None:
            raise ClientError("not_found", _("No such message."))
        await database_sync_to_async(moderation.message_hide)(message=found, user=self.user, reason=message["reason"])

    async def on_visitor_mute(self, message):
        """The producer's staff stop a conversation's visitor writing in that booth for a while."""
        conversation = await self.conversation_of(message)
        mute = await database_sync_to_async(moderation.visitor_mute)(
            booth=conversation.booth, visitor_id=conversation.visitor_id, visitor_name=conversation.visitor_name,
            user=self.user, scope="booth", minutes=message["minutes"], reason=message["reason"])
        await self.send_json({"type": "visitor.muted", "conversation": conversation.id, "until": mute.until.isoformat()})
