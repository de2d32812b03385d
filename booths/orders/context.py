"""Order limits for every template (quantity fields, reasons), from the rules that enforce them."""

from booths.orders import services


def order_limits(request) -> dict:
    return {"ORDER_LIMITS": {"max_quantity": services.MAX_QUANTITY, "max_reason": services.MAX_REASON}}
