"""/ws/orders/: a visitor follows their orders live (order page, orders list) and may cancel one."""

from channels.db import database_sync_to_async
from django.utils.translation import gettext as _

from booths.orders import selectors as orders
from booths.orders import services as ordering
from fair import groups
from fair.errors import ClientError
from fair.middleware import visitor_id_known
from realtime import protocol
from realtime.consumers.base import FairConsumer


class OrdersConsumer(FairConsumer):
    """A visitor's orders socket: order.status for each order they follow."""

    socket_kind = protocol.ORDERS

    async def connect(self):
        self.visitor_id = await database_sync_to_async(visitor_id_known)(self.scope["session"])
        if not self.visitor_id:
            await self.refuse("no_session")
            return
        await self.accept()

    async def find(self, number):
        def lookup():
            claimed = orders.orders_claimed(session=self.scope["session"])
            return orders.order_for_visitor(number=number, visitor_id=self.visitor_id, claimed=claimed)

        order = await database_sync_to_async(lookup)()
        if order is None:
            raise ClientError("not_found", _("No such order."))
        return order

    async def on_order_follow(self, message):
        """The visitor opens one of their orders: its state now, then every change."""
        order = await self.find(message["number"])
        await self.join(groups.order_group(order.id))
        await self.send_json({"type": "order.status", "order": await database_sync_to_async(ordering.order_payload)(order)})

    async def on_order_cancel(self, message):
        """The visitor cancels an order that is only placed; the change comes back as order.status."""
        order = await self.find(message["number"])
        await database_sync_to_async(ordering.order_transition)(
            order=order, to="cancelled", actor="visitor", reason=message.get("reason", ""))

    async def on_presence_ping(self, message):
        """The orders socket counts nobody in a booth; pings keep proxies from closing it and its groups known."""
        await self.keep_alive()
