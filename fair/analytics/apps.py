from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _message_saved(sender, instance, created=False, raw=False, **kwargs):
    """A chat message was stored: a visitor's (the first one starts a conversation) or a producer's reply."""
    if not created or raw:
        return
    from booths.conversations.models import Message
    from fair.analytics import recorder

    conversation = instance.conversation  # the locked row the chain appended to: no query
    common = {"booth_id": conversation.booth_id, "visitor_id": conversation.visitor_id, "at": recorder.now()}
    if instance.sender == Message.Sender.VISITOR:
        if not instance.prev_id:
            recorder.after_commit("chat", **common)
        recorder.after_commit("message", **common)
    else:
        # A reply is the producer's act: it carries no visitor mark (the visitor may not even be at the fair today).
        recorder.after_commit("reply", **{**common, "visitor_id": ""}, value=-1,
                              ref={"message": instance.id, "conversation": conversation.id})


def _order_saved(sender, instance, created=False, raw=False, **kwargs):
    """An order was placed: its total is known when the placing transaction commits (read then, not now)."""
    if not created or raw:
        return
    from django.db import transaction

    from fair.analytics import recorder

    if not recorder.settings.ANALYTICS_ENABLED:
        return

    def placed():
        recorder.record("order", booth_id=instance.booth_id, visitor_id=instance.visitor_id, value=instance.total_vnd)

    transaction.on_commit(placed)


def _order_line_saved(sender, instance, created=False, raw=False, **kwargs):
    if not created or raw:
        return
    from fair.analytics import recorder

    order = instance.order
    recorder.after_commit("order_line", booth_id=order.booth_id, visitor_id=order.visitor_id,
                          product_id=instance.product_id, value=instance.total_vnd, at=recorder.now())


def _search_found_nothing(sender, query="", **kwargs):
    from fair.analytics import recorder, services

    term = services.search_term(query)
    if term:
        recorder.record("search_empty", term=term)


class AnalyticsConfig(AppConfig):
    """What happened at the fair, without personal data. The areas it counts do not know about it (the dependency
    direction): it follows the catalogue's areas here, after their transactions commit: chat messages and orders
    (post_save), searches that found nothing (fair.facts); the booth and hall sockets (realtime, above it) and
    the pages (its middleware) tell it the rest. See docs/analytics.md."""

    name = "fair.analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self):
        from booths.conversations.models import Message
        from booths.orders.models import Order, OrderLine
        from fair import facts

        post_save.connect(_message_saved, sender=Message, dispatch_uid="analytics-message-saved")
        post_save.connect(_order_saved, sender=Order, dispatch_uid="analytics-order-saved")
        post_save.connect(_order_line_saved, sender=OrderLine, dispatch_uid="analytics-order-line-saved")
        facts.search_found_nothing.connect(_search_found_nothing, dispatch_uid="analytics-search-nothing")
