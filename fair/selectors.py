"""Reads of fairs and halls, and the one rule of who may see what."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from fair.models import Fair, Hall

ORGANIZERS_GROUP = "Organizers"
PRODUCER_STAFF_GROUP = "Producer staff"
PUBLIC_STATUSES = (Fair.Status.PUBLISHED, Fair.Status.OPEN, Fair.Status.CLOSED)


def user_signed_in(user) -> bool:
    """True for a signed-in person whose account is active (the one check every role starts from)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_is_organizer(user) -> bool:
    """True for people who curate fairs: superusers and members of the Organizers group."""
    if not user_signed_in(user):
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


def halls_visible(*, user) -> QuerySet[Hall]:
    """Halls this person may see: published halls of published fairs for everybody, every hall for organizers.
    Booths, sessions, sockets and search all follow this (``booth_visible_q``, ``session_visible_q``)."""
    halls = Hall.objects.all()
    if user_is_organizer(user):
        return halls
    return halls.filter(status=Hall.Status.PUBLISHED, fair__status__in=PUBLIC_STATUSES)


def fair_halls(*, fair: Fair, user) -> QuerySet[Hall]:
    """The halls of a fair this person may see, in the organizer's order, each with its number of booths and its
    booths (in their order, with their producers: the pictures of a hall's card and the fair's map of booths)."""
    return (halls_visible(user=user).filter(fair=fair).annotate(booth_count=Count("booths"))
            .prefetch_related("booths__producer").order_by("order", "id"))


def hall_get(*, fair_slug: str, hall_slug: str, user) -> Hall:
    """A visible hall of a visible fair, or 404."""
    hall = (
        halls_visible(user=user).select_related("fair")
        .filter(fair__slug=fair_slug, slug=hall_slug)
        .first()
    )
    if hall is None:
        raise Http404("No such hall.")
    return hall


def booth_visible_q(*, user) -> Q:
    """The condition on booths that this person may see: placed in a visible hall (of a visible fair)."""
    if user_is_organizer(user):
        return Q(hall__isnull=False)
    return Q(hall__status=Hall.Status.PUBLISHED, hall__fair__status__in=PUBLIC_STATUSES)


def session_visible_q(*, user) -> Q:
    """The condition on schedule sessions (booths.Session) this person may see: in a visible hall."""
    if user_is_organizer(user):
        return Q()
    return Q(hall__status=Hall.Status.PUBLISHED, hall__fair__status__in=PUBLIC_STATUSES)
