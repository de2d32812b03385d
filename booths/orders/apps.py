"""Orders: checkout, stock taken and restored, the status machine and its events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "booths.orders"
    label = "orders"
    verbose_name = _("Orders")
