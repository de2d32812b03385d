"""The floor plan of a hall: where its booths stand, checked (no overlap, nothing off the floor), saved as a
numbered version under a version check (never a silent overwrite), restorable, announced live to the hall.

The same rules run in the editor (frontend/src/studio/plan.js) so a refusal shows where it happens; the server
checks again here, and only here decides."""

import math
import zoneinfo
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booths.models import Booth
from fair import events, groups
from fair.errors import ClientError
from fair.models import Hall, HallLayout
from fair.services import LayoutDoesNotFit, booth_corners, hall_layout_positions

GRID = 0.5  # metres: positions snap to this grid
ROTATION_STEP = 15  # degrees
MAX_VERSIONS_SHOWN = 30


@dataclass(frozen=True)
class Spot:
    slug: str
    x: float
    z: float
    rotation: float


class LayoutRefused(ClientError):
    """A floor plan that breaks a rule: ``problems`` name each booth and why (shown on the plan where it is)."""

    def __init__(self, problems: list[dict]):
        super().__init__("layout_refused", problems[0]["message"])
        self.problems = problems


class LayoutConflict(ClientError):
    """Someone saved the plan after this editor loaded it."""

    def __init__(self, hall: Hall):
        who = _display_name(hall.layout_changed_by) if hall.layout_changed_by else _("another organizer")
        zone = zoneinfo.ZoneInfo(hall.fair.time_zone)  # the fair's clock, as its organizers read it
        when = timezone.localtime(hall.layout_changed_at, zone).strftime("%H:%M") if hall.layout_changed_at else "?"
        super().__init__("layout_conflict", _("Changed by %(who)s at %(when)s, reload.") % {"who": who, "when": when})
        self.version = hall.layout_version


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def snap(value: float) -> float:
    return round(round(value / GRID) * GRID, 2)


def rotation_snap(value: float) -> float:
    return float(round(value / ROTATION_STEP) * ROTATION_STEP % 360)


def _axes(corners):
    for (x1, z1), (x2, z2) in zip(corners, corners[1:] + corners[:1]):
        yield (-(z2 - z1), x2 - x1)


def footprints_overlap(a: Spot, b: Spot) -> bool:
    """Whether two booths' footprints overlap (separating axis test); touching edges are allowed."""
    if math.hypot(a.x - b.x, a.z - b.z) >= 5.0 + 1e-6:  # farther than both half-diagonals: cannot touch
        return False
    ca, cb = booth_corners(a.x, a.z, a.rotation), booth_corners(b.x, b.z, b.rotation)
    for axis in [*list(_axes(ca))[:2], *list(_axes(cb))[:2]]:
        project_a = [axis[0] * x + axis[1] * z for x, z in ca]
        project_b = [axis[0] * x + axis[1] * z for x, z in cb]
        length = math.hypot(*axis)
        if min(project_a) >= max(project_b) - 1e-6 * length or min(project_b) >= max(project_a) - 1e-6 * length:
            return False
    return True


def layout_problems(*, hall: Hall, spots: list[Spot], titles: dict[str, str]) -> list[dict]:
    """Every rule a plan breaks: a booth off the floor, two booths overlapping (each named)."""
    problems = []
    half_w, half_d = hall.floor_width / 2, hall.floor_depth / 2
    for spot in spots:
        if any(abs(x) > half_w + 1e-6 or abs(z) > half_d + 1e-6 for x, z in booth_corners(spot.x, spot.z, spot.rotation)):
            problems.append({"booth": spot.slug, "code": "off_floor",
                             "message": _("“%(booth)s” would leave the floor (%(width)s × %(depth)s m).")
                             % {"booth": titles[spot.slug], "width": _metres(hall.floor_width),
                                "depth": _metres(hall.floor_depth)}})
    for i, a in enumerate(spots):
        for b in spots[i + 1:]:
            if footprints_overlap(a, b):
                problems.append({"booth": a.slug, "other": b.slug, "code": "overlap",
                                 "message": _("“%(booth)s” would overlap “%(other)s”.")
                                 % {"booth": titles[a.slug], "other": titles[b.slug]}})
    return problems


def _metres(value: float) -> str:
    return f"{value:g}"


def hall_plan(*, hall: Hall) -> dict:
    """What the editor starts from: the floor, the rules, the version and each booth's footprint and name."""
    booths = list(Booth.objects.filter(hall=hall).select_related("producer").order_by("order", "id"))
    return {
        "hall": {"id": hall.pk, "name": hall.name_vi, "name_en": hall.name_en, "width": hall.floor_width,
                 "depth": hall.floor_depth, "layout": hall.layout, "primary": hall.colour_primary,
                 "accent": hall.colour_accent, "floor": hall.colour_floor},
        "rules": {"grid": GRID, "rotation_step": ROTATION_STEP, "booth_width": 4.0, "booth_depth": 3.0},
        "version": hall.layout_version,
        "booths": [{"slug": b.slug, "title": b.title_vi, "title_en": b.title_en, "producer": b.producer.name,
                    "x": b.position_x, "z": b.position_z, "rotation": b.rotation} for b in booths],
    }


def _spots_from(data, booths: dict[str, Booth]) -> list[Spot]:
    """The plan a client sent, for booths of this hall only; booths it leaves out keep their place."""
    if not isinstance(data, list) or len(data) > 2000:
        raise ClientError("bad_layout", _("The floor plan could not be read."))
    given = {}
    for item in data:
        try:
            slug = str(item["slug"])
            x, z, rotation = float(item["x"]), float(item["z"]), float(item["rotation"])
        except (KeyError, TypeError, ValueError):
            raise ClientError("bad_layout", _("The floor plan could not be read.")) from None
        if slug not in booths:
            raise ClientError("unknown_booth", _("A booth of the plan does not stand in this hall."))
        if not all(math.isfinite(v) and abs(v) < 10_000 for v in (x, z, rotation)):
            raise ClientError("bad_layout", _("The floor plan could not be read."))
        given[slug] = Spot(slug, snap(x), snap(z), rotation_snap(rotation))
    return [given.get(slug) or Spot(slug, b.position_x, b.position_z, b.rotation) for slug, b in booths.items()]


def layout_save(*, hall: Hall, positions, base_version: int, user, note: str = "") -> HallLayout:
    """Save the plan as the hall's next version, if nobody saved since ``base_version``; visitors' open halls
    move their booths when it commits (``hall.layout``)."""
    with transaction.atomic():
        locked = Hall.objects.select_for_update(of=("self",)).select_related("layout_changed_by", "fair").get(pk=hall.pk)
        if locked.layout_version != base_version:
            raise LayoutConflict(locked)
        booths = {b.slug: b for b in Booth.objects.filter(hall=locked).order_by("order", "id")}
        spots = _spots_from(positions, booths)
        problems = layout_problems(hall=locked, spots=spots, titles={s: b.title_vi for s, b in booths.items()})
        if problems:
            raise LayoutRefused(problems)
        for spot in spots:
            booth = booths[spot.slug]
            booth.position_x, booth.position_z, booth.rotation = spot.x, spot.z, spot.rotation
        Booth.objects.bulk_update(booths.values(), ["position_x", "position_z", "rotation"])
        locked.layout_version += 1
        locked.layout_changed_by, locked.layout_changed_at = user, timezone.now()
        locked.save(update_fields=["layout_version", "layout_changed_by", "layout_changed_at"])  # drops cached pages
        version = HallLayout.objects.create(
            hall=locked, number=locked.layout_version, saved_by=user, note=note[:160],
            positions=[{"booth": booths[s.slug].pk, "slug": s.slug, "x": s.x, "z": s.z, "rotation": s.rotation}
                       for s in spots])
        events.broadcast(groups.hall_group(locked.pk), {
            "type": "hall.layout", "version": locked.layout_version,
            "booths": [{"slug": s.slug, "x": s.x, "z": s.z, "rotation": s.rotation} for s in spots]})
    hall.layout_version, hall.layout_changed_by, hall.layout_changed_at = (
        locked.layout_version, locked.layout_changed_by, locked.layout_changed_at)
    return version


def layout_restore(*, hall: Hall, number: int, base_version: int, user) -> HallLayout:
    """Make an earlier version the plan again (as a new version); booths that left the hall since are skipped."""
    old = HallLayout.objects.filter(hall=hall, number=number).first()
    if old is None:
        raise ClientError("unknown_version", _("No such version of this floor plan."))
    slugs = set(Booth.objects.filter(hall=hall).values_list("slug", flat=True))
    positions = [p for p in old.positions if p.get("slug") in slugs]
    return layout_save(hall=hall, positions=positions, base_version=base_version, user=user,
                       note=_("Version %(number)s restored") % {"number": number})


def layout_versions(*, hall: Hall) -> list[HallLayout]:
    return list(HallLayout.objects.filter(hall=hall).select_related("saved_by")[:MAX_VERSIONS_SHOWN])


def booth_theme(booth: Booth, *, by: str) -> str:
    """The group a booth belongs to when a hall is arranged by its theme: its province, or its products' main
    category (the most common among them)."""
    if by == "province":
        return booth.producer.province
    categories = Counter(p.category for p in booth.products.all())
    return categories.most_common(1)[0][0] if categories else "~"


def layout_arrange(*, hall: Hall, layout: str) -> list[dict]:
    """A proposed plan (not saved): the hall's booths in rows, an aisle or a ring, booths of one theme together —
    by province when the hall's rule is a category, else by main category — centred on the floor."""
    if layout not in Hall.Layout.values:
        raise ClientError("bad_layout", _("Choose rows, an aisle or a ring."))
    by = "province" if hall.rule_category else "category"
    booths = sorted(Booth.objects.filter(hall=hall).select_related("producer").prefetch_related("products"),
                    key=lambda b: (booth_theme(b, by=by), b.title_vi.casefold(), b.pk))
    themes = [booth_theme(b, by=by) for b in booths]
    ordered_sizes = [sum(1 for t in themes if t == theme) for theme in dict.fromkeys(themes)]  # in sorted order
    try:
        spots = hall_layout_positions(layout=layout, count=len(booths), groups=ordered_sizes,
                                      floor=(hall.floor_width, hall.floor_depth))
    except LayoutDoesNotFit as problem:
        raise ClientError("too_small", _("This arrangement needs a floor of at least %(width)s × %(depth)s m: make "
                                         "the hall larger or choose another arrangement.")
                          % {"width": problem.width, "depth": problem.depth}) from None
    return [{"slug": b.slug, "x": snap(x), "z": snap(z), "rotation": rotation_snap(r), "theme": theme}
            for b, theme, (x, z, r) in zip(booths, themes, spots)]
