"""Live selling's reads."""

from django.core.cache import cache

from booths.models import Booth, Product

from .models import LiveStream


def stream_latest(*, booth: Booth) -> LiveStream | None:
    """The booth's stream that its page shows: the one on now, else the last one (its end, its replay)."""
    return LiveStream.objects.filter(booth=booth).order_by("-created_at", "-id").first()


def stream_on(*, booth_id: int) -> LiveStream | None:
    """The booth's stream that is live now, or None."""
    return LiveStream.objects.select_related("booth").filter(booth_id=booth_id, status=LiveStream.Status.LIVE).first()


def stream_get(*, stream_id: int, booth_ids=None) -> LiveStream | None:
    found = LiveStream.objects.select_related("booth", "booth__producer").filter(pk=stream_id)
    if booth_ids is not None:
        found = found.filter(booth_id__in=booth_ids)
    return found.first()


def stream_of_booth_on(*, booth: Booth) -> LiveStream | None:
    return LiveStream.objects.filter(booth=booth, status__in=["starting", "live"]).first()


def booth_product(*, booth: Booth, slug: str) -> Product | None:
    return Product.objects.filter(booth=booth, slug=slug, is_published=True).first()


def hall_live_key(hall_id: int) -> str:
    return f"fair:hall-live:{hall_id}"


def hall_live(*, hall_id: int) -> list[dict]:
    """The booths of a hall that are live now, with their stream (what the 3D hall shows on their stands). Every hall
    socket asks again with each presence snapshot (20 s), so it is cached per hall; `booths.live.services` drops it
    whenever a stream of the hall goes live or off (and it lives at most a minute, should a drop be missed)."""
    found = cache.get(hall_live_key(hall_id))
    if found is None:
        found = [{"booth": slug, "stream": stream_id} for slug, stream_id in
                 LiveStream.objects.filter(booth__hall_id=hall_id, status=LiveStream.Status.LIVE)
                 .order_by("booth__slug").values_list("booth__slug", "pk")]
        cache.set(hall_live_key(hall_id), found, 60)
    return found
