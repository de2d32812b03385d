"""Equirectangular (2:1) panoramas of places, drawn column by column with Pillow.

Each column is one direction (yaw); each row one elevation (pitch). Walls, posts,
racks, trees and bee hives are placed in the world (distance, height) and projected,
so the pictures read as places when a viewer looks around in them.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

from booths.demo.meshes import hex_colour

EYE = 1.6  # metres: a standing visitor's eyes


def _rgb(colour):
    return tuple(int(c * 255) for c in hex_colour(colour)) if isinstance(colour, str) else colour


def _mix(a, b, t):
    return tuple(int(a[k] + (b[k] - a[k]) * t) for k in range(3))


class Panorama:
    """A blank equirectangular canvas with helpers that project world heights to rows."""

    def __init__(self, width=2048, seed=0):
        self.width, self.height = width, width // 2
        self.image = Image.new("RGB", (self.width, self.height))
        self.draw = ImageDraw.Draw(self.image)
        self.random = random.Random(seed)

    def yaw(self, x: int) -> float:
        """The direction (radians, -π..π) that column x looks towards."""
        return (x + 0.5) / self.width * 2 * math.pi - math.pi

    def column(self, yaw: float) -> int:
        return int(((yaw + math.pi) % (2 * math.pi)) / (2 * math.pi) * self.width)

    def row(self, height: float, distance: float) -> int:
        """The row where a point `height` metres above the floor, `distance` metres away, appears."""
        pitch = math.atan2(height - EYE, max(distance, 0.05))
        return int((0.5 - pitch / math.pi) * self.height)

    def gradient(self, top_row, bottom_row, top, bottom):
        top, bottom = _rgb(top), _rgb(bottom)
        span = max(bottom_row - top_row, 1)
        for y in range(max(top_row, 0), min(bottom_row, self.height)):
            self.draw.line([(0, y), (self.width, y)], fill=_mix(top, bottom, (y - top_row) / span))

    def upright(self, yaw, distance, width, bottom, top, colour, shade=True):
        """A vertical object (post, trunk, hive, rack end) standing at yaw, distance."""
        half = math.atan2(width / 2, distance)
        x0, x1 = self.column(yaw - half), self.column(yaw + half)
        y0, y1 = self.row(top, distance), self.row(bottom, distance)
        colour = _rgb(colour)
        if shade:
            colour = _mix(colour, (0, 0, 0), min(0.45, distance / 60))
        if x1 < x0:  # wraps around the seam
            self.draw.rectangle([x0, y0, self.width, y1], fill=colour)
            self.draw.rectangle([0, y0, x1, y1], fill=colour)
        else:
            self.draw.rectangle([x0, y0, x1, y1], fill=colour)
        return x0, y0, x1, y1

    def blob(self, yaw, distance, radius, height, colour):
        """A round thing (bush, tree crown, heap) seen at yaw, distance."""
        cx, cy = self.column(yaw), self.row(height, distance)
        r = max(2, int(math.atan2(radius, distance) / math.pi * self.height))
        colour = _mix(_rgb(colour), (0, 0, 0), min(0.35, distance / 80))
        self.draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)

    def save(self, stream, quality=82):
        self.image.filter(ImageFilter.SMOOTH).save(stream, "JPEG", quality=quality, optimize=True, progressive=True)


def outdoor(pano: Panorama, *, sky=("#5d8fd6", "#cfe3f2"), ground=("#8a7a4a", "#5b6b2e"), hills=("#6f8f7a", "#4b6b4a")):
    """Sky, sun, layered hills on the horizon and the ground: the start of every outdoor place."""
    horizon = pano.height // 2
    pano.gradient(0, horizon, *sky)
    pano.gradient(horizon, pano.height, *ground)
    sun_x, sun_y = pano.column(0.9), int(pano.height * 0.22)
    glow = Image.new("L", pano.image.size, 0)
    ImageDraw.Draw(glow).ellipse([sun_x - 40, sun_y - 40, sun_x + 40, sun_y + 40], fill=255)
    pano.image.paste((255, 244, 214), mask=glow.filter(ImageFilter.GaussianBlur(18)))
    for layer, colour in enumerate(hills):
        phase = pano.random.uniform(0, 6.28)
        colour = _rgb(colour)
        for x in range(pano.width):
            a = pano.yaw(x)
            h = (0.05 + 0.035 * math.sin(3 * a + phase) + 0.02 * math.sin(7 * a + 2 * phase) + 0.01 * math.sin(17 * a)) / (layer + 1)
            top = horizon - int(h * pano.height)
            pano.draw.line([(x, top), (x, horizon)], fill=colour)
    # Clouds.
    for _ in range(7):
        cx, cy = pano.random.randrange(pano.width), pano.random.randrange(int(pano.height * 0.08), int(pano.height * 0.3))
        for k in range(5):
            r = pano.random.randrange(18, 40)
            pano.draw.ellipse([cx + k * 26 - r, cy - r // 2, cx + k * 26 + r, cy + r // 2], fill=(246, 248, 250))


def crop_rows(pano: Panorama, colour="#2f6b2a", berry=None, spacing=1.6, height=1.2, radius=0.6):
    """Rows of bushes (coffee, tea) stretching away to the horizon."""
    for distance in [2.5 + d * spacing for d in range(24, -1, -1)]:
        step = 2 * math.atan2(radius * 1.1, distance)
        yaw = -math.pi + pano.random.uniform(0, step)
        while yaw < math.pi:
            pano.blob(yaw, distance, radius, height * 0.6, colour)
            if berry and pano.random.random() < 0.5:
                pano.blob(yaw + pano.random.uniform(-step / 4, step / 4), distance * 0.98, radius * 0.18, height * 0.5, berry)
            yaw += step


def orchard(pano: Panorama, crown="#3d7a2a", fruit=None, count=40):
    """Fruit trees at many distances, nearer ones larger."""
    trees = sorted(((pano.random.uniform(-math.pi, math.pi), pano.random.uniform(3, 30)) for _ in range(count)), key=lambda t: -t[1])
    for yaw, distance in trees:
        pano.upright(yaw, distance, 0.25, 0, 1.4, "#5a4025")
        pano.blob(yaw, distance, 1.5, 2.4, crown)
        if fruit:
            for _ in range(6):
                pano.blob(yaw + pano.random.uniform(-0.6, 0.6) * math.atan2(1.2, distance), distance * 0.97, 0.12,
                          2.4 + pano.random.uniform(-0.8, 0.6), fruit)


def hives(pano: Panorama, count=9):
    """Wooden bee hives in a clearing, in pairs of colours beekeepers paint them."""
    colours = ["#d9b36a", "#6c8fb8", "#e0d7c0", "#b86c4a"]
    for i in range(count):
        yaw = -math.pi + (i + 0.5) * 2 * math.pi / count
        distance = 3.5 + (i % 3)
        pano.upright(yaw, distance, 0.5, 0.3, 0.9, colours[i % len(colours)])
        pano.upright(yaw, distance, 0.6, 0.9, 1.0, "#6b5134")
        pano.upright(yaw, distance, 0.1, 0.0, 0.3, "#3f2f1f")


def room(pano: Panorama, *, size=(5.0, 4.0), height=3.2, wall="#d8c7a4", floor=("#7a6246", "#a08662"),
         ceiling="#6b5134", features=()):
    """An indoor place: four walls, floor and ceiling around the viewer; features hang on the walls.

    A feature is (wall, u0, u1, z0, z1, colour): wall 0..3, u along the wall in metres from
    its centre, z the height in metres. Returns nothing; draws in place.
    """
    half_w, half_d = size
    pano.gradient(0, pano.height // 2, ceiling, _mix(_rgb(ceiling), (0, 0, 0), 0.3))
    pano.gradient(pano.height // 2, pano.height, floor[1], floor[0])
    wall_rgb = _rgb(wall)
    for x in range(pano.width):
        a = pano.yaw(x)
        dx, dz = math.sin(a), math.cos(a)
        tx = half_w / abs(dx) if abs(dx) > 1e-6 else math.inf
        tz = half_d / abs(dz) if abs(dz) > 1e-6 else math.inf
        if tz <= tx:
            distance, index, u = tz, (0 if dz > 0 else 2), dx * tz
        else:
            distance, index, u = tx, (1 if dx > 0 else 3), dz * tx
        light = 0.85 + 0.15 * math.cos(a - 0.6)
        shade = _mix(wall_rgb, (0, 0, 0), 1 - light)
        pano.draw.line([(x, pano.row(height, distance)), (x, pano.row(0, distance))], fill=shade)
        # A skirting board and a ceiling beam make the room's corners read.
        pano.draw.line([(x, pano.row(0.15, distance)), (x, pano.row(0, distance))], fill=_mix(shade, (0, 0, 0), 0.35))
        pano.draw.line([(x, pano.row(height, distance)), (x, pano.row(height - 0.18, distance))], fill=_rgb(ceiling))
        for wall_index, u0, u1, z0, z1, colour in features:
            if wall_index == index and u0 <= u <= u1:
                pano.draw.line([(x, pano.row(z1, distance)), (x, pano.row(z0, distance))],
                               fill=_mix(_rgb(colour), (0, 0, 0), (1 - light) * 0.8))


def shelves(wall, u0, u1, levels=(0.6, 1.1, 1.6), item="#c98a2a", board="#6b4a2a"):
    """Features for room(): shelf boards with rows of goods (jars, bags) on them."""
    features = [(wall, u0 - 0.05, u1 + 0.05, 0.0, levels[-1] + 0.4, "#8a6a48")]
    for level in levels:
        features.append((wall, u0, u1, level - 0.04, level, board))
        u = u0 + 0.05
        while u + 0.12 < u1:
            features.append((wall, u, u + 0.12, level, level + 0.22, item))
            u += 0.18
    return features


def window(wall, u0, u1, z0=1.0, z1=2.2):
    """Features for room(): a bright window with a frame and a cross bar."""
    return [
        (wall, u0, u1, z0, z1, "#6b5134"),
        (wall, u0 + 0.06, u1 - 0.06, z0 + 0.06, z1 - 0.06, "#f4f0dc"),
        (wall, (u0 + u1) / 2 - 0.03, (u0 + u1) / 2 + 0.03, z0, z1, "#6b5134"),
    ]


def racks(wall, u0, u1, levels=(0.5, 0.9, 1.3, 1.7), produce="#e8a42a"):
    """Features for room(): drying racks with trays of produce (mango slices, persimmons)."""
    features = []
    for level in levels:
        features.append((wall, u0, u1, level - 0.03, level, "#8c8c8c"))
        features.append((wall, u0 + 0.04, u1 - 0.04, level, level + 0.06, produce))
    features.append((wall, u0, u0 + 0.05, 0, levels[-1] + 0.1, "#7a7a7a"))
    features.append((wall, u1 - 0.05, u1, 0, levels[-1] + 0.1, "#7a7a7a"))
    return features


# Places for process-tour steps: kind → drawing function(pano, palette).

def place_field(pano, palette):
    outdoor(pano, ground=("#7a6a3a", "#4f6a2a"))
    crop_rows(pano, colour=palette.get("crop", "#2f6b2a"), berry=palette.get("berry"))


def place_orchard(pano, palette):
    outdoor(pano, ground=("#7d7a40", "#56702e"))
    orchard(pano, crown=palette.get("crop", "#3d7a2a"), fruit=palette.get("berry"))


def place_apiary(pano, palette):
    outdoor(pano, ground=("#8a8a4a", "#5d7a30"))
    orchard(pano, crown="#4f8a3a", fruit="#f4f1e8", count=18)
    hives(pano)


def place_workshop(pano, palette):
    product = palette.get("product", "#c98a2a")
    room(pano, features=[*window(0, -1.5, 1.5), *shelves(1, -2.5, 2.5, item=product), *window(2, -2.5, -0.8),
                         (2, 0.5, 2.5, 0.0, 0.9, "#9a9a9a"), (3, -3.0, 3.0, 0.0, 2.2, "#b39a74")])


def place_drying(pano, palette):
    produce = palette.get("product", "#e8a42a")
    room(pano, size=(6.0, 4.0), wall="#e8e4d8", ceiling="#b8c4c8", floor=("#8a8a80", "#b0b0a4"),
         features=[*racks(0, -3.5, 3.5, produce=produce), *racks(2, -3.5, 3.5, produce=produce),
                   *racks(1, -3.0, 3.0, produce=produce), *window(3, -1.0, 1.0)])


def place_packing(pano, palette):
    product = palette.get("product", "#c98a2a")
    room(pano, wall="#efe8d8", features=[*shelves(0, -2.5, 2.5, levels=(0.5, 1.0, 1.5, 2.0), item=product),
                                         (1, -1.5, 1.5, 0.0, 0.85, "#8a6a48"), (1, -1.4, 1.4, 0.85, 0.95, "#e8e0cc"),
                                         *window(2, -1.2, 1.2), *shelves(3, -2.0, 2.0, item="#e8d6a8")])


def place_kitchen(pano, palette):
    room(pano, wall="#6b4a32", ceiling="#2f2218", floor=("#3f2f22", "#5a4532"),
         features=[(0, -1.0, 1.0, 0.0, 0.6, "#3a3a3a"), (0, -0.6, 0.6, 0.3, 0.5, "#e06a1a"),
                   *[(0, -1.6 + k * 0.35, -1.5 + k * 0.35, 1.5, 2.4, "#5a2418") for k in range(10)],
                   *shelves(2, -2.0, 2.0, item="#c9b18a"), *window(1, -0.8, 0.8)])


PLACES = {
    "field": place_field,
    "orchard": place_orchard,
    "apiary": place_apiary,
    "workshop": place_workshop,
    "drying": place_drying,
    "packing": place_packing,
    "kitchen": place_kitchen,
}


def hall_environment(pano: Panorama, palette):
    """The surroundings of a hall: a tented pavilion in the hall's colours, open to the country."""
    outdoor(pano, sky=(palette["sky"], "#eef2f4"), ground=(palette["floor"], palette["floor"]))
    for i in range(12):
        yaw = -math.pi + (i + 0.5) * 2 * math.pi / 12
        pano.upright(yaw, 9, 0.3, 0, 5.5, palette["primary"])
    for x in range(pano.width):
        stripe = palette["primary"] if (x // 64) % 2 else palette["accent"]
        pano.draw.line([(x, 0), (x, pano.row(5.5, 9))], fill=_rgb(stripe))


def panorama_jpeg(kind: str, palette: dict, *, width=2048, seed=0) -> bytes:
    """A JPEG of the place `kind` (see PLACES, or "hall"), drawn with the given colours."""
    pano = Panorama(width=width, seed=seed)
    if kind == "hall":
        hall_environment(pano, palette)
    else:
        PLACES[kind](pano, palette)
    out = io.BytesIO()
    pano.save(out)
    return out.getvalue()
