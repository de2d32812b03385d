"""Reads of the catalogue: halls' booths, booths, products, tours; always through the one visibility rule
in fair.selectors."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from booths import schedule
from booths.models import Booth, Hotspot, Producer, Product, TourStep
from fair import cache
from fair.models import Hall
from fair.pictures import PANORAMA_WIDTHS, rendition_url
from fair.selectors import booth_visible_q, halls_visible, user_signed_in
from fair.text import localized


def booth_get(*, slug: str, user) -> Booth:
    """A booth this person may see, with its producer and hall, or 404."""
    booth = (
        Booth.objects.select_related("producer", "hall", "hall__fair")
        .filter(booth_visible_q(user=user), slug=slug)
        .first()
    )
    if booth is None:
        raise Http404("No such booth.")
    return booth


def booth_products(*, booth: Booth) -> QuerySet[Product]:
    """The products a booth shows, with their images."""
    return booth.products.filter(is_published=True).prefetch_related("images").order_by("order", "id")


def booth_tour_steps(*, booth: Booth) -> list[TourStep]:
    """The steps of a booth's production-process tour, in order, with hotspots."""
    return list(
        TourStep.objects.filter(tour__booth=booth)
        .exclude(panorama="")  # a step the producer has not given its panorama yet is not shown
        .prefetch_related(Prefetch("hotspots", queryset=Hotspot.objects.order_by("yaw")))
        .order_by("order")
    )


def product_get(*, slug: str, user) -> Product:
    """A shown product of a visible booth, with images, diary and spin frames, or 404."""
    product = (
        Product.objects.select_related("booth", "booth__producer", "booth__hall", "booth__hall__fair")
        .prefetch_related("images", "diary", "spin_frames")
        .filter(is_published=True)
        .filter(**{"booth__in": Booth.objects.filter(booth_visible_q(user=user))})
        .filter(slug=slug)
        .first()
    )
    if product is None:
        raise Http404("No such product.")
    return product


def booth_tour_data(*, steps: list[TourStep]) -> list[dict]:
    """What the 360° tour viewer shows: each step's texts, panoramas (phone and full size) and hotspots."""
    return [{
        "title": localized(step, "title"),
        "narration": localized(step, "narration"),
        "panorama": step.panorama.url,
        "panorama_small": rendition_url(step.panorama, PANORAMA_WIDTHS[0]),
        "hotspots": [{"yaw": h.yaw, "pitch": h.pitch, "label": localized(h, "label"), "text": localized(h, "text")}
                     for h in step.hotspots.all()],
    } for step in steps]


def product_spin_frames(*, product: Product) -> list[str]:
    """URLs of a product's 360° spin photos, in order."""
    return [frame.image.url for frame in product.spin_frames.all()]


def hall_booths(*, hall: Hall) -> list[Booth]:
    """The booths standing in a hall, with producer and shown products, in a fixed number of queries."""
    products = Product.objects.filter(is_published=True).prefetch_related("images").order_by("order", "id")
    return list(
        Booth.objects.filter(hall=hall)
        .select_related("producer")
        .prefetch_related(Prefetch("products", queryset=products, to_attr="shown_products"))
        .order_by("order", "id")
    )


def hall_scene(*, hall: Hall, booths) -> dict:
    """What the 3D hall draws: the hall's theme, each booth's place, look and links, and a marker over booths
    with a session on now or within the hour (one query for the schedule)."""
    markers = schedule.hall_markers(hall=hall)
    scene_booths = []
    for booth in booths:
        products = booth.shown_products
        featured = next((p for p in products if p.model_glb), None)
        scene_booths.append({
            "slug": booth.slug,
            "title": localized(booth, "title"),
            "tagline": localized(booth, "tagline"),
            "producer": booth.producer.name,
            "province": booth.producer.province,
            "x": booth.position_x, "z": booth.position_z, "rotation": booth.rotation,
            "url": reverse("booths:booth", args=[booth.slug]),
            "cover": booth.cover.url if booth.cover else None,
            "stars": max((p.stars for p in products), default=0),
            "model": featured.model_glb.url if featured else None,
            "product": localized(featured or products[0], "name") if products else "",
            "on": markers.get(booth.slug),
        })
    return {
        "hall": {
            "name": localized(hall, "name"),
            "layout": hall.layout, "width": hall.floor_width, "depth": hall.floor_depth,
            "primary": hall.colour_primary, "accent": hall.colour_accent, "floor": hall.colour_floor,
            "environment": hall.environment.url if hall.environment else None,
        },
        "booths": scene_booths,
    }


def hall_booth_ids(*, hall_id: int, user) -> dict[str, int] | None:
    """{booth slug: id} of a hall this person may see (what a hall socket watches), or None."""
    hall = halls_visible(user=user).filter(pk=hall_id).first()
    if hall is None:
        return None
    return dict(Booth.objects.filter(hall=hall).values_list("slug", "id"))


def booth_visible_cache_key(slug: str) -> str:
    return f"fair:socket-booth:{slug}"


def booth_visible(*, slug: str, user, found: dict | None = None) -> Booth | None:
    """A booth this person may see, or None (what a booth socket opens on).

    What anonymous visitors may see is the same for all of them: with a shared cache, the booth comes from it
    (with the content version, one round trip, none when `found` holds what the cache had for
    [fair.cache.VERSION_KEY, booth_visible_cache_key(slug)]) while nothing changed; signed-in people are looked up."""
    def find():
        return Booth.objects.filter(booth_visible_q(user=user), slug=slug).first()

    return find() if user_signed_in(user) else cache.versioned(booth_visible_cache_key(slug), find, found=found)


def producers_of(*, user) -> list[int]:
    """Ids of the producers this person staffs (organizers staff none by default)."""
    if not user_signed_in(user):
        return []
    return list(Producer.objects.filter(staff=user).values_list("id", flat=True))


def producers_get(*, producer_ids) -> list[Producer]:
    """These producers, by name."""
    return list(Producer.objects.filter(id__in=producer_ids))


def producer_booths(*, producer_ids) -> list[dict]:
    """The booths of these producers: what a console shows and marks its producer online in."""
    return list(Booth.objects.filter(producer_id__in=producer_ids)
                .values("id", "slug", "title_vi", "hall_id", "producer_id"))


def producer_booth(*, slug: str, producer_ids) -> Booth | None:
    """One of these producers' booths, or None."""
    return Booth.objects.select_related("producer").filter(slug=slug, producer_id__in=producer_ids).first()


def staff_display_name(*, user, producer_ids) -> str:
    """What visitors see beside a producer's replies: the person's name, else their producers' (never a login)."""
    return user.get_full_name() or ", ".join(
        Producer.objects.filter(id__in=producer_ids).values_list("name", flat=True))
