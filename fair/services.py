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


def hall_layout_positions(*, layout: str, count: int) -> list[tuple[float, float, float]]:
    """Where `count` booths stand in a hall of this layout: (x, z, facing in degrees), in metres.

    Booths are 4 m wide with 2 m between them, so visitors can walk between neighbours.
    """
    spacing = 6.0
    if layout == Hall.Layout.RING:
        radius = max(8.0, spacing * count / (2 * math.pi))
        positions = []
        for i in range(count):
            angle = 2 * math.pi * i / max(count, 1)
            # Each booth faces the centre of the ring.
            positions.append((round(radius * math.sin(angle), 2), round(radius * math.cos(angle), 2),
                              round((math.degrees(angle) + 180) % 360, 1)))
        return positions
    if layout == Hall.Layout.AISLE:
        # Two rows facing each other across one central aisle 8 m wide.
        return [(-4.0 if i % 2 == 0 else 4.0, -spacing * (i // 2), 90.0 if i % 2 == 0 else 270.0) for i in range(count)]
    # Grid: rows of booths one behind the other, all facing the entrance, with aisles between rows.
    columns = max(1, math.ceil(math.sqrt(count)))
    positions = []
    for i in range(count):
        row, column = divmod(i, columns)
        x = (column - (columns - 1) / 2) * spacing
        z = -row * spacing * 1.5
        positions.append((round(x, 2), round(z, 2), 0.0))
    return positions
