"""Bank-notification webhooks behind one small interface: check the signature, read the transfers.

A provider is enabled when its secret is set (settings.PAYMENT_WEBHOOK_SECRETS, from the environment). Signatures
are compared with hmac.compare_digest (constant time). Adding a service is one class here and one secret.
"""

import abc
import hashlib
import hmac
import json
from dataclasses import dataclass, field

from django.conf import settings


class BadNotification(Exception):
    """The body is not what this provider sends (after the signature was found right)."""


@dataclass(frozen=True)
class Notification:
    """One incoming transfer as a provider reports it."""

    transaction_id: str
    amount_vnd: int
    note: str
    account: str = ""
    raw: dict = field(default_factory=dict)


class Provider(abc.ABC):
    """A bank-notification service: `verify` the raw body and headers, then `parse` it into notifications."""

    name = ""

    def __init__(self, secret: str):
        self.secret = secret.encode()

    @abc.abstractmethod
    def verify(self, body: bytes, headers) -> bool:
        """Whether the body carries this service's valid signature (compared in constant time)."""

    @abc.abstractmethod
    def parse(self, body: bytes) -> list[Notification]:
        """The transfers the body reports (BadNotification when it is not this service's format)."""

    def _hmac(self, message: bytes, digest=hashlib.sha256) -> str:
        return hmac.new(self.secret, message, digest).hexdigest()


def _json(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadNotification("not JSON") from None
    if not isinstance(data, dict):
        raise BadNotification("not a JSON object")
    return data


def _amount(value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise BadNotification("amount is not a whole number")
    try:
        amount = int(value)
    except ValueError:
        raise BadNotification("amount is not a whole number") from None
    if amount <= 0:
        raise BadNotification("amount is not positive")
    return amount


class PayOS(Provider):
    """payOS (payos.vn) payment webhooks: `{"code", "desc", "success", "data": {...}, "signature"}`.

    The signature is HMAC-SHA256 with the checksum key over the `data` object's fields sorted by name as
    `key=value&key=value` (null as empty, lists as JSON of their key-sorted objects), in hex.
    """

    name = "payos"

    @staticmethod
    def signed_text(data: dict) -> str:
        parts = []
        for key in sorted(data):
            value = data[key]
            if isinstance(value, list):
                value = json.dumps([dict(sorted(v.items())) if isinstance(v, dict) else v for v in value],
                                   ensure_ascii=False, separators=(",", ":"))
            elif value is None or value in ("null", "undefined"):
                value = ""
            elif isinstance(value, bool):
                value = "true" if value else "false"
            parts.append(f"{key}={value}")
        return "&".join(parts)

    def sign(self, data: dict) -> str:
        return self._hmac(self.signed_text(data).encode())

    def verify(self, body, headers) -> bool:
        try:
            envelope = _json(body)
        except BadNotification:
            return False
        data, signature = envelope.get("data"), envelope.get("signature")
        if not isinstance(data, dict) or not isinstance(signature, str):
            return False
        return hmac.compare_digest(self.sign(data), signature.lower())

    def parse(self, body) -> list[Notification]:
        envelope = _json(body)
        data = envelope["data"]
        if str(data.get("code", envelope.get("code"))) != "00":
            return []  # a failed payment: nothing arrived
        reference = str(data.get("reference") or "").strip()
        if not reference:
            raise BadNotification("no reference")
        return [Notification(transaction_id=reference[:100], amount_vnd=_amount(data.get("amount")),
                             note=str(data.get("description") or "")[:255],
                             account=str(data.get("accountNumber") or "")[:40], raw=envelope)]


class GenericHmac(Provider):
    """Any forwarder that can sign: header `X-Fair-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, body
    `{"transactions": [{"id", "amount", "note", "account"}]}` (or one such object)."""

    name = "generic"
    HEADER = "X-Fair-Signature"

    def sign(self, body: bytes) -> str:
        return "sha256=" + self._hmac(body)

    def verify(self, body, headers) -> bool:
        return hmac.compare_digest(self.sign(body), (headers.get(self.HEADER) or "").strip().lower())

    def parse(self, body) -> list[Notification]:
        data = _json(body)
        items = data.get("transactions", [data])
        if not isinstance(items, list) or not 1 <= len(items) <= 50:
            raise BadNotification("transactions must be a list of 1 to 50")
        notes = []
        for item in items:
            if not isinstance(item, dict) or not str(item.get("id") or "").strip():
                raise BadNotification("each transaction needs an id")
            notes.append(Notification(transaction_id=str(item["id"]).strip()[:100], amount_vnd=_amount(item.get("amount")),
                                      note=str(item.get("note") or "")[:255], account=str(item.get("account") or "")[:40],
                                      raw=item))
        return notes


PROVIDERS = {cls.name: cls for cls in (PayOS, GenericHmac)}


def provider_get(name: str) -> Provider | None:
    """The provider of this name when it is known and its secret is set, else None (the webhook answers 404)."""
    cls = PROVIDERS.get(name)
    secret = (getattr(settings, "PAYMENT_WEBHOOK_SECRETS", {}) or {}).get(name, "")
    if cls is None or not secret:
        return None
    return cls(secret)
