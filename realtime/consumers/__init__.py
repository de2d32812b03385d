"""One consumer per socket kind (routing.py): hall, booth, orders, producer; what they share is in base.py."""

from realtime.consumers.base import (  # noqa: F401 - the names tests and routing use
    CLOSE_FORBIDDEN,
    CLOSE_NO_SESSION,
    CLOSE_TOO_MANY,
    MAX_SOCKETS_PER_VISITOR,
    RATE_BURST,
    RATE_PER_SECOND,
    FairConsumer,
)
from realtime.consumers.booth import BoothConsumer  # noqa: F401
from realtime.consumers.hall import HallConsumer  # noqa: F401
from realtime.consumers.orders import OrdersConsumer  # noqa: F401
from realtime.consumers.producer import ProducerConsumer  # noqa: F401

CONSUMERS = {consumer.socket_kind: consumer for consumer in (HallConsumer, BoothConsumer, OrdersConsumer, ProducerConsumer)}
