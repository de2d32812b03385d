"""Live selling's rules: who may go live, a stream's states, pins, and the short-lived tokens that let a browser's
offer or answer through to the media server (docs/livestream.md)."""

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booths.models import Booth, Product, Session
from booths.services import producer_can_edit
from fair import groups
from fair.errors import ClientError
from fair.events import after_commit_payload, broadcast

from .models import LivePin, LiveStream
from .selectors import hall_live, hall_live_key

PUBLISH, WATCH = "publish", "watch"
TOKEN_SALT = "booths.live.token"
MAX_TITLE = 160


def token_make(*, stream: LiveStream, role: str, who: str) -> str:
    """A signed, short-lived token for one stream, one role (publish or watch) and one person (user id or visitor id)."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object({"s": stream.pk, "r": role, "w": str(who)})


def token_check(token: str, *, role: str, who: str, max_age: int | None = None) -> int:
    """The stream id a token is for; ClientError `token_expired` or `token_invalid` otherwise (another person's,
    another role's, forged)."""
    try:
        found = signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(
            token, max_age=settings.LIVE_TOKEN_SECONDS if max_age is None else max_age)
    except signing.SignatureExpired:
        raise ClientError("token_expired", _("This live token has expired: start again.")) from None
    except signing.BadSignature:
        raise ClientError("token_invalid", _("This live token is not valid here.")) from None
    if found.get("r") != role or found.get("w") != str(who):
        raise ClientError("token_invalid", _("This live token is not valid here."))
    return found["s"]


def product_card(product: Product) -> dict:
    """The pinned product as the card over the stream shows it (price and stock live)."""
    picture = product.images.first() if hasattr(product, "images") else None
    return {"slug": product.slug, "name_vi": product.name_vi, "name_en": product.name_en or product.name_vi,
            "price_vnd": product.price_vnd, "unit_vi": product.unit_vi, "unit_en": product.unit_en or product.unit_vi,
            "stock": product.stock, "sold_out": product.stock == 0,
            "picture": picture.image.url if picture is not None and getattr(picture, "image", None) else ""}


def stream_pin_now(stream: LiveStream) -> Product | None:
    last = stream.pins.select_related("product").order_by("-offset", "-id").first()
    return last.product if last else None


def state_payload(*, booth: Booth, stream: LiveStream | None, available: bool = True) -> dict:
    """`live.state`: what a booth's live player shows (also the answer to `live.status`)."""
    if stream is None:
        return {"type": "live.state", "booth": booth.slug, "status": "off", "stream": None, "available": available}
    pinned = stream_pin_now(stream) if stream.status == LiveStream.Status.LIVE else None
    return {"type": "live.state", "booth": booth.slug, "status": stream.status, "stream": stream.pk, "title": stream.title,
            "started": stream.started_at.isoformat() if stream.started_at else None,
            "ended": stream.ended_at.isoformat() if stream.ended_at else None,
            "pin": product_card(pinned) if pinned else None, "available": available,
            "replay": stream_replay(stream), "replay_pending": replay_pending(stream)}


REPLAY_WITHIN = 600  # seconds after its end a stream's replay is still awaited (the worker makes it)


def replay_pending(stream: LiveStream) -> bool:
    """Whether the worker is still making this stream's replay: pages ask again (`live.status`) until it is there. The
    worker's event may not reach the web processes (no shared channel layer without Redis), so pages do not wait for it."""
    return bool(settings.LIVE_RECORD and stream.status == LiveStream.Status.ENDED and not stream.recording and stream.ended_at
                and (timezone.now() - stream.ended_at).total_seconds() < REPLAY_WITHIN)


def stream_replay(stream: LiveStream) -> dict | None:
    if stream.status == LiveStream.Status.LIVE or not stream.recording:
        return None
    return {"url": settings.MEDIA_URL + stream.recording,
            "pins": [{"offset": round(p.offset, 1), "product": product_card(p.product)}
                     for p in stream.pins.select_related("product") if p.product is not None]}


def _announce(stream: LiveStream, *, went_live_or_off: bool = False) -> None:
    booth = stream.booth
    payload = after_commit_payload(lambda: state_payload(booth=booth, stream=LiveStream.objects.get(pk=stream.pk)))
    broadcast(groups.booth_group(booth.id), payload)
    broadcast(groups.producer_group(booth.producer_id), payload)
    if went_live_or_off:  # the hall's open pages show which booths are live (a screen on the stand, "Live now")
        transaction.on_commit(lambda: cache.delete(hall_live_key(booth.hall_id)))  # before the list is made again
        broadcast(groups.hall_group(booth.hall_id), lambda: {"type": "hall.live", "live": hall_live(hall_id=booth.hall_id)})


def stream_start(*, booth: Booth, user, title: str = "", session_id: int | None = None) -> LiveStream:
    """A producer's staff member goes live in their booth: a new stream, starting. A stream still on in the booth
    (a phone that dropped) is closed as interrupted first."""
    if not producer_can_edit(user=user, producer=booth.producer):
        raise ClientError("forbidden", _("Only the booth's own producer may go live here."))
    title = (title or "").strip()[:MAX_TITLE]
    session = None
    if session_id is not None:
        session = Session.objects.filter(pk=session_id, booth=booth).first()
        if session is None:
            raise ClientError("not_found", _("No such session on this booth's schedule."))
        title = title or session.title_vi
    with transaction.atomic():
        for old in LiveStream.objects.select_for_update().filter(booth=booth, status__in=["starting", "live"]):
            _stream_close(old, LiveStream.Status.INTERRUPTED)
        try:
            stream = LiveStream.objects.create(booth=booth, title=title, session=session, started_by=user)
        except IntegrityError:
            raise ClientError("conflict", _("The booth went live meanwhile.")) from None
    return stream


def stream_published(*, stream: LiveStream) -> LiveStream:
    """The media server took the phone's upload: the stream is live for everyone in the booth."""
    with transaction.atomic():
        updated = LiveStream.objects.filter(pk=stream.pk, status=LiveStream.Status.STARTING).update(
            status=LiveStream.Status.LIVE, started_at=timezone.now())
        stream.refresh_from_db()
        if updated:
            _announce(stream, went_live_or_off=True)
    return stream


def _stream_close(stream: LiveStream, status: str) -> bool:
    updated = LiveStream.objects.filter(pk=stream.pk, status__in=["starting", "live"]).update(status=status, ended_at=timezone.now())
    if updated:
        stream.refresh_from_db()
        _announce(stream, went_live_or_off=True)
    return bool(updated)


def stream_end(*, stream: LiveStream, interrupted: bool = False) -> bool:
    """The producer ended the stream (or it was interrupted: the media server or the phone went away). False when it
    was already over."""
    with transaction.atomic():
        return _stream_close(stream, LiveStream.Status.INTERRUPTED if interrupted else LiveStream.Status.ENDED)


def stream_pin(*, stream: LiveStream, product: Product | None) -> LivePin:
    """The producer pins a product of the booth over the live stream (None: unpins); kept with its moment for the
    replay's timeline."""
    if stream.status != LiveStream.Status.LIVE:
        raise ClientError("not_live", _("The stream is not live."))
    if product is not None and product.booth_id != stream.booth_id:
        raise ClientError("unknown_product", _("A product is not sold in this booth."))
    offset = (timezone.now() - stream.started_at).total_seconds() if stream.started_at else 0
    with transaction.atomic():
        pin = LivePin.objects.create(stream=stream, product=product, offset=max(0.0, offset))
        _announce(stream)
    return pin


def stream_recorded(*, stream: LiveStream, path: str) -> None:
    """The replay's file is ready (relative to MEDIA_ROOT): the booth page shows it."""
    with transaction.atomic():
        LiveStream.objects.filter(pk=stream.pk).update(recording=path)
        stream.refresh_from_db()
        _announce(stream)


def ice_servers(*, who: str) -> list[dict]:
    """The STUN/TURN servers a browser uses for this leg. TURN credentials follow coturn's `use-auth-secret`: the user
    name is the expiry time and who, the password its HMAC-SHA1 under the shared secret (docs/livestream.md)."""
    import base64
    import hashlib
    import hmac
    import time

    servers = []
    for url in settings.LIVE_ICE_URLS:
        if url.startswith(("turn:", "turns:")) and settings.LIVE_TURN_SECRET:
            username = f"{int(time.time()) + 3600}:{who}"
            digest = hmac.new(settings.LIVE_TURN_SECRET.encode(), username.encode(), hashlib.sha1).digest()
            servers.append({"urls": url, "username": username, "credential": base64.b64encode(digest).decode()})
        else:
            servers.append({"urls": url})
    return servers


def recording_folder(stream: LiveStream):
    """The stream's own folder of recordings (named by id and creation time: a reused id never meets old files)."""
    return settings.LIVE_RECORDINGS_ROOT / f"{stream.pk}-{int(stream.created_at.timestamp())}"


def recording_dir(stream: LiveStream) -> str | None:
    """Where the media server writes the stream's recording (None: not recorded)."""
    if not settings.LIVE_RECORD:
        return None
    folder = recording_folder(stream)
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


def stream_finish_recording(*, stream: LiveStream) -> None:
    """The stream is over: its recording is turned into the replay (the worker's task, janus-pp-rec)."""
    if not settings.LIVE_RECORD:
        return
    from .replay import replay_make

    transaction.on_commit(lambda: replay_make.enqueue(stream.pk))
