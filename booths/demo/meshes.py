"""Product shapes for the demo fair, built from real geometry: lathes, boxes and ellipsoids.

A shape is a list of Parts; each part has one material (base colour, roughness,
metalness) and becomes one glTF primitive. Units are metres, y up, resting on y = 0.
"""

import math

from booths.media.render import Part


def hex_colour(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _densify(profile, pieces=6):
    """Split long profile edges so no triangle is much taller than it is wide."""
    dense = [profile[0]]
    for (r0, y0), (r1, y1) in zip(profile, profile[1:]):
        n = pieces if abs(y1 - y0) > 0.02 else 1
        dense += [(r0 + (r1 - r0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n + 1)]
    return dense


def lathe(name, colour, profile, segments=32, densify=True, **material) -> Part:
    """Turn a profile of (radius, height) points around the y axis, with smooth normals."""
    if densify:
        profile = _densify(profile)
    part = Part(name, hex_colour(colour) if isinstance(colour, str) else colour, **material)
    rings = len(profile)
    for i, (r, y) in enumerate(profile):
        # Normal of the profile at this point: perpendicular to its neighbours' chord.
        r0, y0 = profile[max(i - 1, 0)]
        r1, y1 = profile[min(i + 1, rings - 1)]
        dr, dy = r1 - r0, y1 - y0
        nr, ny = dy, -dr
        length = math.hypot(nr, ny) or 1.0
        nr, ny = nr / length, ny / length
        for j in range(segments + 1):
            a = 2 * math.pi * j / segments
            part.positions.append((r * math.cos(a), y, r * math.sin(a)))
            part.normals.append((nr * math.cos(a), ny, nr * math.sin(a)))
    for i in range(rings - 1):
        for j in range(segments):
            a = i * (segments + 1) + j
            b = a + segments + 1
            part.indices += [a, b, a + 1, a + 1, b, b + 1]
    return part


def disc(name, colour, radius, y, up=True, segments=32, **material) -> Part:
    """A flat round cap at height y, facing up or down."""
    part = Part(name, hex_colour(colour), **material)
    normal = (0.0, 1.0 if up else -1.0, 0.0)
    part.positions.append((0.0, y, 0.0))
    part.normals.append(normal)
    for j in range(segments + 1):
        a = 2 * math.pi * j / segments
        part.positions.append((radius * math.cos(a), y, radius * math.sin(a)))
        part.normals.append(normal)
    for j in range(1, segments + 1):
        part.indices += [0, j + 1, j] if up else [0, j, j + 1]
    return part


def box(name, colour, size, centre=(0.0, 0.0, 0.0), bulge=0.0, steps=6, **material) -> Part:
    """A box (width, height, depth) whose faces may bulge outwards like a filled pouch."""
    part = Part(name, hex_colour(colour), **material)
    w, h, d = (s / 2 for s in size)
    cx, cy, cz = centre
    faces = [  # normal, u axis, v axis, half sizes along normal/u/v
        ((1, 0, 0), (0, 0, -1), (0, 1, 0), w, d, h),
        ((-1, 0, 0), (0, 0, 1), (0, 1, 0), w, d, h),
        ((0, 1, 0), (1, 0, 0), (0, 0, -1), h, w, d),
        ((0, -1, 0), (1, 0, 0), (0, 0, 1), h, w, d),
        ((0, 0, 1), (1, 0, 0), (0, 1, 0), d, w, h),
        ((0, 0, -1), (-1, 0, 0), (0, 1, 0), d, w, h),
    ]
    for n, u, v, hn, hu, hv in faces:
        start = len(part.positions)
        for i in range(steps + 1):
            for j in range(steps + 1):
                su, sv = -1 + 2 * i / steps, -1 + 2 * j / steps
                swell = bulge * (1 - su * su) * (1 - sv * sv)
                depth = hn + swell
                p = [n[k] * depth + u[k] * su * hu + v[k] * sv * hv for k in range(3)]
                part.positions.append((p[0] + cx, p[1] + cy, p[2] + cz))
                # Tilt the normal where the face bulges, so the pouch shades round.
                tilt_u, tilt_v = -2 * bulge * su * (1 - sv * sv) / max(hu, 1e-6), -2 * bulge * sv * (1 - su * su) / max(hv, 1e-6)
                nn = [n[k] - u[k] * tilt_u - v[k] * tilt_v for k in range(3)]
                length = math.sqrt(sum(c * c for c in nn))
                part.normals.append(tuple(c / length for c in nn))
        for i in range(steps):
            for j in range(steps):
                a = start + i * (steps + 1) + j
                b = a + steps + 1
                part.indices += [a, b, a + 1, a + 1, b, b + 1]
    return part


def ellipsoid(name, colour, radii, centre=(0.0, 0.0, 0.0), rings=20, segments=28, squash=None, **material) -> Part:
    """An ellipsoid; squash(t) (t from -1 bottom to 1 top) can reshape it into a mango or an avocado."""
    rx, ry, rz = radii
    profile = []
    for i in range(rings + 1):
        t = -1 + 2 * i / rings
        phi = math.asin(max(-1.0, min(1.0, t)))
        r = math.cos(phi) * (squash(t) if squash else 1.0)
        profile.append((r, t))
    part = lathe(name, colour, profile, segments=segments, densify=False, **material)
    return part.moved(*centre, scale=(rx, ry, rz))


# Shapes ------------------------------------------------------------------------------


def jar(fill="#d08a1e", lid="#b8912f", label="#f3ead3", height=0.14, radius=0.045):
    """A glass jar with a screw lid and a paper label: honey, pickles, dried fruit."""
    r, h = radius, height
    body = lathe("jar", fill, [(0.0, 0.0), (r * 0.9, 0.0), (r, h * 0.06), (r, h * 0.8), (r * 0.82, h * 0.9), (r * 0.8, h * 0.92)],
                 roughness=0.15, metalness=0.0)
    bottom = disc("jar bottom", fill, r * 0.9, 0.0, up=False)
    band = lathe("label", label, [(r * 1.01, h * 0.22), (r * 1.01, h * 0.66)], roughness=0.8)
    cap = lathe("lid", lid, [(r * 0.84, h * 0.9), (r * 0.86, h * 1.02), (r * 0.8, h * 1.05)], roughness=0.35, metalness=0.8)
    cap_top = disc("lid top", lid, r * 0.8, h * 1.05, roughness=0.35, metalness=0.8)
    return [body, bottom, band, cap, cap_top]


def pouch(colour="#5a3a22", label="#e8d6a8", seal="#2f2f2f", size=(0.13, 0.2, 0.06)):
    """A filled stand-up pouch: ground coffee, tea, dried fruit."""
    w, h, d = size
    body = box("pouch", colour, (w, h, d), centre=(0, h / 2, 0), bulge=d * 0.35, roughness=0.55)
    front = box("label", label, (w * 0.7, h * 0.35, 0.004), centre=(0, h * 0.45, d / 2 + d * 0.37), roughness=0.85, steps=1)
    top = box("seal", seal, (w * 1.02, h * 0.06, d * 0.4), centre=(0, h * 0.98, 0), roughness=0.4, steps=1)
    return [body, front, top]


def gift_box(colour="#7a1f1f", band="#e0b040", size=(0.2, 0.09, 0.14)):
    """A gift box with a ribbon band: tea, chocolate, premium coffee."""
    w, h, d = size
    return [
        box("box", colour, (w, h, d), centre=(0, h / 2, 0), roughness=0.5, steps=6),
        box("ribbon", band, (w * 0.12, h * 1.03, d * 1.03), centre=(0, h / 2, 0), roughness=0.3, metalness=0.4, steps=4),
        box("ribbon across", band, (w * 1.03, h * 1.03, d * 0.12), centre=(0, h / 2, 0), roughness=0.3, metalness=0.4, steps=4),
    ]


def bottle(colour="#e9e2c6", cap="#3b2a1a", label="#c6462f", height=0.24, radius=0.035):
    """A bottle: oil, liqueur, sauce."""
    r, h = radius, height
    return [
        lathe("bottle", colour, [(0, 0), (r, 0.004), (r, h * 0.6), (r * 0.45, h * 0.78), (r * 0.38, h * 0.92)], roughness=0.1),
        lathe("label", label, [(r * 1.01, h * 0.2), (r * 1.01, h * 0.48)], roughness=0.8),
        lathe("cap", cap, [(r * 0.42, h * 0.9), (r * 0.42, h), (0, h)], roughness=0.5),
    ]


def mango(colour="#f2b233", blush="#4f7a23"):
    """A ripe mango: a kidney-shaped ellipsoid with a stem and a leaf."""
    body = ellipsoid("mango", colour, (0.055, 0.075, 0.045), centre=(0, 0.075, 0),
                     squash=lambda t: 1 - 0.18 * max(t, 0) ** 2 + 0.06 * (1 - t * t), roughness=0.45)
    stem = lathe("stem", "#4b3a1c", [(0.004, 0.145), (0.003, 0.16)], segments=8)
    leaf = box("leaf", blush, (0.05, 0.002, 0.018), centre=(0.025, 0.152, 0), steps=2, roughness=0.6)
    return [body, stem, leaf]


def fruit(colour, radii=(0.05, 0.05, 0.05), stem="#3f5a1f", squash=None, roughness=0.5):
    """A round fruit (avocado, persimmon, plum, durian) with a stem or calyx."""
    rx, ry, rz = radii
    body = ellipsoid("fruit", colour, radii, centre=(0, ry, 0), squash=squash, roughness=roughness)
    calyx = ellipsoid("calyx", stem, (rx * 0.35, ry * 0.08, rz * 0.35), centre=(0, ry * 1.97, 0), roughness=0.8)
    return [body, calyx]


def cluster(colour="#b98a4b", count=9, radius=0.018):
    """A bunch of small round fruits, longans on a twig."""
    parts = [lathe("twig", "#5b4428", [(0.003, 0.0), (0.003, 0.09)], segments=6).moved(0, 0.0, 0)]
    for i in range(count):
        ring, k = divmod(i, 5)
        a = 2 * math.pi * (k / 5 + ring * 0.1)
        spread = radius * (1.8 - ring * 0.6)
        parts.append(ellipsoid(f"longan {i}", colour, (radius,) * 3,
                               centre=(spread * math.cos(a), radius + ring * radius * 1.5, spread * math.sin(a)),
                               rings=10, segments=12, roughness=0.7))
    return _merge_by_material(parts)


def strips(colour="#5a2418", tray="#c9b18a", count=5):
    """Smoked meat strips on a bamboo tray."""
    parts = [box("tray", tray, (0.24, 0.012, 0.16), centre=(0, 0.006, 0), roughness=0.9, steps=1)]
    for i in range(count):
        parts.append(box(f"strip {i}", colour, (0.2, 0.018, 0.022), centre=(0, 0.021 + (i % 2) * 0.012, -0.06 + i * 0.03),
                         bulge=0.004, steps=3, roughness=0.7).moved(turn=0.08 * (i - 2)))
    return _merge_by_material(parts)


def basket(colour="#b48a4a", rim="#7a5a2a"):
    """A woven bamboo basket: handicrafts."""
    body = lathe("basket", colour, [(0.0, 0.0), (0.07, 0.0), (0.1, 0.05), (0.12, 0.09), (0.115, 0.09), (0.095, 0.05), (0.0, 0.008)],
                 segments=40, roughness=0.9)
    ring = lathe("rim", rim, [(0.12, 0.088), (0.126, 0.095), (0.12, 0.1)], segments=40, roughness=0.8)
    return [body, ring]


def _merge_by_material(parts):
    merged: dict[tuple, Part] = {}
    for part in parts:
        key = (part.colour, part.roughness, part.metalness)
        target = merged.get(key)
        if target is None:
            merged[key] = Part(part.name.split(" ")[0], part.colour, part.roughness, part.metalness,
                               list(part.positions), list(part.normals), list(part.indices))
        else:
            offset = len(target.positions)
            target.positions += part.positions
            target.normals += part.normals
            target.indices += [i + offset for i in part.indices]
    return list(merged.values())


def triangle_count(parts) -> int:
    return sum(len(part.indices) // 3 for part in parts)
