"""Writes of the fair domain: roles."""

import math

from django.contrib.auth.models import Group, Permission

from fair.models import Hall
from fair.selectors import ORGANIZERS_GROUP, PRODUCER_STAFF_GROUP

# What producer staff may do in the admin: look after their own booth and products
# (which rows they reach is limited to their producer in booths.admin).
PRODUCER_STAFF_PERMISSIONS = [
    ("booths", "view_producer"),
    ("booths", "change_producer"),
    ("booths", "view_booth"),
    ("booths", "change_booth"),
    *[("booths", f"{action}_{model}") for model in (
        "product", "productimage", "spinframe", "diaryentry", "processtour", "tourstep", "hotspot",
    ) for action in ("view", "add", "change", "delete")],
    ("orders", "view_order"),
    ("orders", "view_payment"), ("orders", "change_payment"),  # payments to resolve: refunded or re-opened
    ("conversations", "view_conversation"),
]
# The apps whose rows organizers curate in the admin (every permission of each).
ORGANIZER_APPS = ("fair", "booths", "orders", "conversations", "media", "editor", "axes")  # axes: the sign-in log


def roles_ensure() -> None:
    """Create the Organizers and Producer staff groups with their permissions (idempotent)."""
    organizers, _ = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
    organizers.permissions.set(Permission.objects.filter(content_type__app_label__in=ORGANIZER_APPS))
    staff, _ = Group.objects.get_or_create(name=PRODUCER_STAFF_GROUP)
    wanted = [Permission.objects.filter(content_type__app_label=app, codename=code).first()
              for app, code in PRODUCER_STAFF_PERMISSIONS]
    staff.permissions.set([perm for perm in wanted if perm is not None])


BOOTH_WIDTH, BOOTH_DEPTH = 4.0, 3.0  # a booth's footprint in metres (what the 3D hall draws: frontend BoothStand.js)


def booth_corners(x: float, z: float, rotation: float) -> list[tuple[float, float]]:
    """The four corners of a booth's footprint on the floor, turned as three.js turns it (about y, in degrees)."""
    angle = math.radians(rotation)
    cos, sin = math.cos(angle), math.sin(angle)
    half_w, half_d = BOOTH_WIDTH / 2, BOOTH_DEPTH / 2
    return [(x + lx * cos + lz * sin, z - lx * sin + lz * cos)
            for lx, lz in ((-half_w, -half_d), (half_w, -half_d), (half_w, half_d), (-half_w, half_d))]


def hall_layout_positions(*, layout: str, count: int, groups: list[int] | None = None,
                          floor: tuple[float, float] | None = None) -> list[tuple[float, float, float]]:
    """Where `count` booths stand in a hall of this layout: (x, z, facing in degrees), in metres.

    Booths are 4 m wide with 2 m between them, so visitors can walk between neighbours. ``groups`` (sizes of
    consecutive runs of booths of one theme, summing to ``count``) keeps each group together: in rows each
    group starts a row of its own, in an aisle or a ring one empty spot separates groups. With ``floor``
    (width, depth) the arrangement is centred on the floor, and ``LayoutDoesNotFit`` says how large a floor it
    needs when it is too small.
    """
    groups = [size for size in (groups or [count]) if size > 0]
    if sum(groups) != count:
        groups = [count]
    spacing = 6.0
    if layout == Hall.Layout.RING:
        slots = count + (len(groups) if len(groups) > 1 else 0)
        radius = max(8.0, spacing * slots / (2 * math.pi))
        positions = []
        for slot in _slots_with_gaps(groups, gap=1 if len(groups) > 1 else 0):
            angle = 2 * math.pi * slot / max(slots, 1)
            # Each booth faces the centre of the ring.
            positions.append((round(radius * math.sin(angle), 2), round(radius * math.cos(angle), 2),
                              round((math.degrees(angle) + 180) % 360, 1)))
    elif layout == Hall.Layout.AISLE:
        # Two rows facing each other across one central aisle 8 m wide.
        positions = [(-4.0 if i % 2 == 0 else 4.0, -spacing * (i // 2), 90.0 if i % 2 == 0 else 270.0)
                     for i in _slots_with_gaps(groups, gap=2 if len(groups) > 1 else 0)]
    else:
        # Rows of booths one behind the other, all facing the entrance, with aisles between rows.
        columns = max(1, math.ceil(math.sqrt(count)))
        positions, row = [], 0
        for size in groups:
            for i in range(size):
                line, column = divmod(i, columns)
                x = (column - (columns - 1) / 2) * spacing
                positions.append((round(x, 2), round(-(row + line) * spacing * 1.5, 2), 0.0))
            row += math.ceil(size / columns)
    if floor is None or not positions:
        return positions
    corners = [corner for x, z, facing in positions for corner in booth_corners(x, z, facing)]
    min_x, max_x = min(c[0] for c in corners), max(c[0] for c in corners)
    min_z, max_z = min(c[1] for c in corners), max(c[1] for c in corners)
    need_w, need_d = max_x - min_x, max_z - min_z
    if need_w > floor[0] + 1e-6 or need_d > floor[1] + 1e-6:
        raise LayoutDoesNotFit(math.ceil(need_w), math.ceil(need_d))
    shift_x, shift_z = (min_x + max_x) / 2, (min_z + max_z) / 2
    return [(round(x - shift_x, 2), round(z - shift_z, 2), facing) for x, z, facing in positions]


def _slots_with_gaps(groups: list[int], gap: int) -> list[int]:
    slots, slot = [], 0
    for size in groups:
        slots.extend(range(slot, slot + size))
        slot += size + gap
    return slots


class LayoutDoesNotFit(Exception):
    """An arrangement needs a larger floor than the hall has: ``width`` × ``depth`` metres."""

    def __init__(self, width: float, depth: float):
        super().__init__(f"needs {width} x {depth} m")
        self.width, self.depth = width, depth
