"""Reads of fairs and halls, and the one rule of who may see what."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from fair.models import Fair, Hall

ORGANIZERS_GROUP = "Organizers"
PRODUCER_STAFF_GROUP = "Producer staff"
PUBLIC_STATUSES = (Fair.Status.PUBLISHED, Fair.Status.OPEN, Fair.Status.CLOSED)


def user_is_organizer(user) -> bool:
    """True for people who curate fairs: superusers and members of the Organizers group."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=ORGANIZERS_GROUP).exists()


def fairs_visible(*, user) -> QuerySet[Fair]:
    """Fairs this person may see: published ones for everybody, drafts for organizers."""
    fairs = Fair.objects.all()
    if user_is_organizer(user):
        return fairs
    return fairs.filter(status__in=PUBLIC_STATUSES)


def fair_current(*, user) -> Fair | None:
    """The fair to show on the home page: the one open today, else the nearest coming or latest one."""
    today = timezone.localdate()
    fairs = fairs_visible(user=user)
    return (
        fairs.filter(status=Fair.Status.OPEN, starts_on__lte=today, ends_on__gte=today).order_by("starts_on").first()
        or fairs.filter(status__in=(Fair.Status.OPEN, Fair.Status.PUBLISHED), ends_on__gte=today)
        .order_by("starts_on")
        .first()
        or fairs.order_by("-ends_on").first()
    )


def fair_get(*, slug: str, user) -> Fair:
    """The visible fair with this slug, or 404."""
    fair = fairs_visible(user=user).filter(slug=slug).first()
    if fair is None:
        raise Http404("No such fair.")
    return fair


def fair_halls(*, fair: Fair) -> QuerySet[Hall]:
    """The halls of a fair in the organizer's order, each with its number of booths."""
    from django.db.models import Count

    return fair.halls.annotate(booth_count=Count("booths")).order_by("order", "id")


def hall_get(*, fair_slug: str, hall_slug: str, user) -> Hall:
    """The hall of a visible fair, or 404."""
    hall = (
        Hall.objects.select_related("fair")
        .filter(fair__in=fairs_visible(user=user), fair__slug=fair_slug, slug=hall_slug)
        .first()
    )
    if hall is None:
        raise Http404("No such hall.")
    return hall


def hall_booths(*, hall: Hall):
    """The booths standing in a hall, with producer and shown products, in a fixed number of queries."""
    from booths.models import Booth, Product

    products = Product.objects.filter(is_published=True).prefetch_related("images").order_by("order", "id")
    return list(
        Booth.objects.filter(hall=hall)
        .select_related("producer")
        .prefetch_related(Prefetch("products", queryset=products, to_attr="shown_products"))
        .order_by("order", "id")
    )


def booth_visible_q(*, user) -> Q:
    """The condition on booths that this person may see: placed in a hall of a visible fair."""
    return Q(hall__fair__in=fairs_visible(user=user))


def hall_scene(*, hall: Hall, booths) -> dict:
    """What the 3D hall draws: the hall's theme and each booth's place, look and links (no extra queries)."""
    from django.urls import reverse

    from fair.text import localized

    scene_booths = []
    for booth in booths:
        products = booth.shown_products
        featured = next((p for p in products if p.model_glb), None)
        scene_booths.append({
            "slug": booth.slug,
            "title": localized(booth, "title"),
            "producer": booth.producer.name,
            "province": booth.producer.province,
            "x": booth.position_x, "z": booth.position_z, "rotation": booth.rotation,
            "url": reverse("booths:booth", args=[booth.slug]),
            "cover": booth.cover.url if booth.cover else None,
            "stars": max((p.stars for p in products), default=0),
            "model": featured.model_glb.url if featured else None,
            "product": localized(featured or products[0], "name") if products else "",
        })
    return {
        "hall": {
            "name": localized(hall, "name"),
            "layout": hall.layout,
            "primary": hall.colour_primary, "accent": hall.colour_accent, "floor": hall.colour_floor,
            "environment": hall.environment.url if hall.environment else None,
        },
        "booths": scene_booths,
    }
