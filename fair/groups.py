"""Every channel-layer group name, built here (and only here): areas broadcast to them (fair.events),
realtime's consumers join them."""


def hall_group(hall_id: int) -> str:
    """Sockets watching a hall's booths (presence)."""
    return f"hall.{hall_id}"


def booth_group(booth_id: int) -> str:
    """Visitors' sockets in a booth (presence of the producer)."""
    return f"booth.{booth_id}"


def conversation_group(conversation_id: int) -> str:
    """The visitor's sockets of one conversation (all their tabs)."""
    return f"conversation.{conversation_id}"


def producer_group(producer_id: int) -> str:
    """Consoles of a producer's staff."""
    return f"producer.{producer_id}"



def order_group(order_id: int) -> str:
    """Sockets following one order (its visitor on any device that claimed it)."""
    return f"order.{order_id}"
