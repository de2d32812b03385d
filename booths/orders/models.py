"""Orders from a booth: lines priced by the server, every status change an event."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from booths.models import Booth, Product


class OrderQuerySet(models.QuerySet):
    def with_details(self):
        """Orders with their booth, producer, lines and events: what order pages and payloads show."""
        return self.select_related("booth__producer").prefetch_related("lines__product", "events")


class Order(models.Model):
    """A visitor's order from one booth: lines priced by the server, a status that only services change."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
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
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLACED)
    total_vnd = models.PositiveBigIntegerField(_("total (VND)"))
    tracking_note = models.CharField(_("tracking note"), max_length=200, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
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
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
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
