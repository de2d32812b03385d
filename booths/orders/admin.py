"""Orders in the admin: read here; they change only through the status machine (booths.orders.services)."""

from django.contrib import admin

from booths.admin import ProducerScopedAdmin, ReadOnlyInline
from booths.orders.models import Order, OrderEvent, OrderLine


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
