"""The bank-notification webhook: the only CSRF-exempt view of the fair, size-limited, signature first."""

import logging

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from booths.orders.payments.providers import BadNotification, provider_get
from booths.orders.payments.services import payment_receive

log = logging.getLogger(__name__)


@csrf_exempt  # a bank-notification service has no CSRF token; the HMAC signature authenticates it instead
@require_POST
def webhook(request, provider):
    """POST /payments/webhook/<provider>/: check the signature in constant time, then record each transfer once."""
    adapter = provider_get(provider)
    if adapter is None:
        raise Http404("No such payment provider.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.PAYMENT_WEBHOOK_MAX_BYTES:
        return HttpResponse(status=413)
    body = request.read(settings.PAYMENT_WEBHOOK_MAX_BYTES + 1)
    if len(body) > settings.PAYMENT_WEBHOOK_MAX_BYTES:
        return HttpResponse(status=413)
    if not adapter.verify(body, request.headers):
        log.warning("payment webhook %s: wrong signature from %s", provider, request.META.get("REMOTE_ADDR"))
        return JsonResponse({"ok": False, "error": "bad_signature"}, status=401)
    try:
        notifications = adapter.parse(body)
    except BadNotification as problem:
        return JsonResponse({"ok": False, "error": "bad_notification", "detail": str(problem)}, status=400)
    results = []
    for notification in notifications:
        payment, new = payment_receive(provider=adapter.name, notification=notification)
        results.append({"transaction": payment.transaction_id, "outcome": payment.outcome, "new": new})
    # 200 for every well-signed notification, applied or recorded: the sender must not retry a recorded one.
    return JsonResponse({"ok": True, "results": results})
