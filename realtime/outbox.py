"""The sockets' HTTP twin for what waited offline (docs/protocol.md, "The outbox over HTTP").

A message written or an order placed without a connection waits in the browser's outbox; when the page that wrote
it is closed by the time the network is back, the service worker delivers it here, as the very socket message the
page would have sent (`chat.send`, `order.place`), with the same client id or idempotency key, so a message or an
order that also went over a socket is stored once. The answer is the socket's answer (`chat.ack`, `order.placed`,
or `error` with its code: `sold_out` when the stock went meanwhile, `muted`, …), as JSON.

The same rules as the sockets: the session's visitor id, a producer's own conversations only, the same message
checks (`protocol.parse`), CSRF, and a rate limit per browser and address."""

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from booths import selectors as catalogue
from booths.conversations import selectors as conversations
from booths.conversations import services as chat
from booths.conversations.models import Message
from booths.orders import selectors as orders
from booths.orders import services as ordering
from fair.errors import ClientError
from fair.middleware import visitor_id as visitor_id_of
from fair.throttle import Throttle
from realtime import protocol

log = logging.getLogger(__name__)
DELIVERIES = Throttle("outbox", limit=120, window=60)  # what a phone coming back online sends at once, and more
STATUS = {"not_found": 404, "forbidden": 403, "rate_limited": 429, "server_error": 500}


def _answer(payload: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def _error(error: ClientError) -> JsonResponse:
    return _answer({**error.details, "type": "error", "code": error.code, "message": str(error.message)},
                   STATUS.get(error.code, 400))


def _deliver(request, socket: str, handle):
    """Parse the body as a message of `socket`, run `handle(message)` and answer what the socket would."""
    try:
        if DELIVERIES.blocked(request):
            raise ClientError("rate_limited", protocol.ERROR_CODES["rate_limited"])
        DELIVERIES.failed(request)  # every delivery counts towards the limit
        message = protocol.parse(request.body.decode("utf-8", "replace"), socket=socket)
        if message["type"] not in {"chat.send", "order.place"}:
            raise ClientError("unknown_type", _("Only messages and orders wait in the outbox."))
        return _answer(handle(message))
    except ClientError as error:
        return _error(error)
    except Exception:
        log.exception("An outbox delivery on the %s socket failed", socket)
        return _error(ClientError("server_error", str(protocol.ERROR_CODES["server_error"])))


@require_POST
def booth_outbox(request, booth_slug):
    """/outbox/booths/<slug>/: a visitor's `chat.send` or `order.place`, as the booth socket takes them."""
    booth = catalogue.booth_visible(slug=booth_slug, user=request.user)
    if booth is None:
        return _error(ClientError("not_found", protocol.ERROR_CODES["not_found"]))
    visitor_id = visitor_id_of(request.session)

    def handle(message):
        if message["type"] == "order.place":
            order, _created = ordering.order_place(booth=booth, visitor_id=visitor_id, lines=message["lines"],
                                            contact=message["contact"], idempotency_key=message["idempotency_key"])
            payload = ordering.order_payload(orders.order_for_visitor(number=order.number, visitor_id=visitor_id))
            return {"type": "order.placed", "idempotency_key": message["idempotency_key"], "order": payload}
        conversation = chat.conversation_for_visitor(booth=booth, visitor_id=visitor_id, visitor_name=message.get("name", ""))
        stored, _created = chat.message_send(conversation=conversation, sender=Message.Sender.VISITOR, client_id=message["client_id"],
                                      text=message["text"], author_name=conversation.visitor_name)
        return {"type": "chat.ack", "client_id": stored.client_id, "id": stored.id, "conversation": stored.conversation_id}

    return _deliver(request, protocol.BOOTH, handle)


@require_POST
def producer_outbox(request):
    """/outbox/producer/: a producer's reply (`chat.send` naming the conversation), as the console's socket takes it."""
    producer_ids = catalogue.producers_of(user=request.user) if request.user.is_authenticated else []
    if not producer_ids:
        return _error(ClientError("forbidden", protocol.ERROR_CODES["forbidden"]))

    def handle(message):
        if message["type"] != "chat.send" or message.get("conversation") is None:
            raise ClientError("bad_field", protocol.ERROR_CODES["bad_field"])
        conversation = conversations.conversation_for_producer(conversation_id=message["conversation"], producer_ids=producer_ids)
        if conversation is None:
            raise ClientError("not_found", protocol.ERROR_CODES["not_found"])  # another producer's looks missing
        stored, _created = chat.message_send(conversation=conversation, sender=Message.Sender.PRODUCER, client_id=message["client_id"],
                                      text=message["text"], author=request.user,
                                      author_name=catalogue.staff_display_name(user=request.user, producer_ids=producer_ids))
        return {"type": "chat.ack", "client_id": stored.client_id, "id": stored.id, "conversation": stored.conversation_id}

    return _deliver(request, protocol.PRODUCER, handle)
