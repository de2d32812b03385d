"""Orders in the admin: read here; they change only through the status machine (booths.orders.services)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from booths.admin import ProducerScopedAdmin, ReadOnlyInline
from booths.orders.models import Order, OrderEvent, OrderLine, Payment


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = readonly_fields = ("product", "name", "unit", "unit_price_vnd", "quantity", "total_vnd")


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = readonly_fields = ("from_status", "to_status", "actor", "user", "reason", "created_at")


@admin.register(Order)
class OrderAdmin(ProducerScopedAdmin):
    """What happened at the fair: orders are read here; they change only through the status machine."""

    producer_path = "booth__producer"
    list_display = ("number", "booth", "status", "total_vnd", "payment", "created_at")
    list_filter = ("status", "payment", "booth__hall__fair")
    search_fields = ("number", "name", "phone")
    inlines = [OrderLineInline, OrderEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Order._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Payment)
class PaymentAdmin(ProducerScopedAdmin):
    """Every bank notification and "payment received": read here. Those waiting for the producer (wrong amount,
    paid twice, after expiry, no order in the note) are marked resolved once refunded or re-opened."""

    producer_path = "producer"
    list_display = ("received_at", "provider", "transaction_id", "order", "amount_vnd", "outcome", "resolved_at")
    list_filter = ("outcome", "provider", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("transaction_id", "note", "order__number")
    actions = ["mark_resolved"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Payment._meta.fields if field.name != "resolution"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a payment is never lost

    @admin.action(description=_("Mark resolved (refunded or re-opened)"))
    def mark_resolved(self, request, queryset):
        queryset.filter(resolved_at__isnull=True, outcome__in=Payment.NEEDS_PRODUCER).update(resolved_at=timezone.now())
