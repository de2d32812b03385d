"""Orders from a booth: lines priced by the server, every status change an event."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from booths.models import Booth, Product


class OrderQuerySet(models.QuerySet):
    def with_details(self):
        """Orders with their booth, producer, lines and events: what order pages and payloads show."""
        return self.select_related("booth__producer").prefetch_related("lines__product", "events", "payments")


class Order(models.Model):
    """A visitor's order from one booth: lines priced by the server, a status that only services change."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        CONFIRMED = "confirmed", _("Confirmed")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    class Payment(models.TextChoices):
        CASH = "cod", _("Cash on delivery")
        TRANSFER = "transfer", _("Bank transfer")

    number = models.CharField(_("order number"), max_length=20, unique=True)
    booth = models.ForeignKey(Booth, on_delete=models.PROTECT, related_name="orders", verbose_name=_("booth"))
    visitor_id = models.CharField(_("visitor"), max_length=32)
    idempotency_key = models.CharField(max_length=64)
    payload_hash = models.CharField(max_length=64)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20)
    address = models.TextField(_("delivery address"))
    note = models.TextField(_("note"), blank=True)
    payment = models.CharField(_("payment"), max_length=10, choices=Payment.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLACED)
    total_vnd = models.PositiveBigIntegerField(_("total (VND)"))
    tracking_note = models.CharField(_("tracking note"), max_length=200, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    pay_by = models.DateTimeField(_("pay by"), null=True, blank=True,
                                  help_text=_("A bank-transfer order not paid by then is cancelled by the worker."))
    created_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        db_table = "booths_order"  # made in booths/ before this app had its own home; kept so no data moves
        ordering = ["-id"]
        verbose_name = pgettext_lazy("purchase", "order")
        verbose_name_plural = pgettext_lazy("purchase", "orders")
        constraints = [
            models.UniqueConstraint(fields=["visitor_id", "idempotency_key"], name="order_idempotency_key_unique"),
        ]

    def __str__(self):
        return self.number

    def steps(self) -> list[tuple[str, str]]:
        """The steps this order goes through, in order: a transfer is paid before it is confirmed."""
        skip = {self.Status.CANCELLED}
        skip |= {self.Status.AWAITING_PAYMENT, self.Status.PAID} if self.payment != self.Payment.TRANSFER else {self.Status.PLACED}
        return [(value, label) for value, label in self.Status.choices if value not in skip]


class OrderLine(models.Model):
    """One product in an order, at the price the server charged when it was placed."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_lines")
    name = models.CharField(max_length=160)
    name_en = models.CharField(max_length=160, blank=True)
    unit = models.CharField(max_length=40)
    unit_en = models.CharField(max_length=40, blank=True)
    unit_price_vnd = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField()
    total_vnd = models.PositiveBigIntegerField()

    class Meta:
        db_table = "booths_orderline"  # made in booths/ before this app had its own home; kept so no data moves
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_line_quantity_positive")]

    # The name and unit as charged are the Vietnamese ones; `tr` shows the English ones to English visitors.
    @property
    def name_vi(self) -> str:
        return self.name

    @property
    def unit_vi(self) -> str:
        return self.unit


class OrderEvent(models.Model):
    """A step in an order's life: who moved it from which status to which, when and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.CharField(max_length=10)  # visitor, producer or system
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def to_status_label(self) -> str:
        """The status this step reached, in the visitor's language."""
        return Order.Status(self.to_status).label if self.to_status in Order.Status.values else self.to_status

    class Meta:
        db_table = "booths_orderevent"  # made in booths/ before this app had its own home; kept so no data moves
        ordering = ["id"]


class Payment(models.Model):
    """Money that arrived (or a producer says arrived) for an order: every bank notification is kept, matched or not.

    Only a `matched` (or `manual`) payment moves its order to paid; every other outcome waits for the producer
    (`resolved_at` empty) and is never applied silently.
    """

    class Outcome(models.TextChoices):
        MATCHED = "matched", _("Matched: the order is paid")
        MANUAL = "manual", _("Marked received by the producer")
        MISMATCH = "mismatch", _("Wrong amount")
        DUPLICATE = "duplicate", _("Order already paid: refund")
        UNKNOWN = "unknown", _("No order with this note")
        LATE = "late", _("Arrived after the order was cancelled: refund or re-open")

    NEEDS_PRODUCER = (Outcome.MISMATCH, Outcome.DUPLICATE, Outcome.UNKNOWN, Outcome.LATE)

    provider = models.CharField(_("from"), max_length=20)  # a webhook provider's name, or "manual"
    transaction_id = models.CharField(_("bank transaction"), max_length=100)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, null=True, blank=True, related_name="payments",
                              verbose_name=pgettext_lazy("purchase", "order"))
    producer = models.ForeignKey("booths.Producer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="payments", verbose_name=_("producer"))
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    note = models.CharField(_("transfer note"), max_length=255, blank=True)
    account = models.CharField(_("to account"), max_length=40, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("marked by"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.CharField(_("what was done"), max_length=200, blank=True)
    raw = models.JSONField(_("notification as received"), default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            # A provider's transaction is stored once: a replayed or doubled notification changes nothing.
            models.UniqueConstraint(fields=["provider", "transaction_id"], name="payment_transaction_unique"),
        ]

    def __str__(self):
        return f"{self.provider}:{self.transaction_id}"

    @property
    def needs_producer(self) -> bool:
        return self.outcome in self.NEEDS_PRODUCER and self.resolved_at is None
