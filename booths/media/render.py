"""A small software renderer: draws a product's parts into a studio photo with Pillow.

Posters of producers' uploaded models are drawn from the models' own triangles; the demo's
product photos, posters and 360° spin frames are renders of the same geometry as its GLB,
so what a visitor sees in 2D and in 3D agree.
"""

import math
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFilter

LIGHT = (-0.45, 0.75, 0.5)  # from the upper left, towards the camera: a soft studio key light
AMBIENT = 0.38
SUPERSAMPLE = 2  # draw at twice the size, then shrink: cheap anti-aliasing


@dataclass
class Part:
    """A piece of a product with one material: triangles as positions, normals and indices."""

    name: str
    colour: tuple[float, float, float]
    roughness: float = 0.6
    metalness: float = 0.0
    positions: list[tuple[float, float, float]] = field(default_factory=list)
    normals: list[tuple[float, float, float]] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)

    def moved(self, dx=0.0, dy=0.0, dz=0.0, scale=(1.0, 1.0, 1.0), turn=0.0) -> "Part":
        """A copy scaled, turned about y (radians) and moved."""
        c, s = math.cos(turn), math.sin(turn)
        sx, sy, sz = scale
        positions = []
        normals = []
        for (x, y, z), (nx, ny, nz) in zip(self.positions, self.normals):
            x, y, z = x * sx, y * sy, z * sz
            positions.append((x * c + z * s + dx, y + dy, -x * s + z * c + dz))
            nx, ny, nz = nx / sx, ny / sy, nz / sz
            length = math.sqrt(nx * nx + ny * ny + nz * nz) or 1.0
            nx, ny, nz = nx / length, ny / length, nz / length
            normals.append((nx * c + nz * s, ny, -nx * s + nz * c))
        return Part(self.name, self.colour, self.roughness, self.metalness, positions, normals, list(self.indices))


def _normalise(v):
    length = math.sqrt(sum(c * c for c in v)) or 1.0
    return tuple(c / length for c in v)


def render(parts, *, size: int = 640, yaw: float = 0.6, pitch: float = 0.35,
           background=((248, 244, 236), (226, 214, 192))) -> Image.Image:
    """Render parts seen from yaw/pitch (radians), framed to fill the picture, on a warm backdrop."""
    big = size * SUPERSAMPLE
    top, bottom = background
    image = Image.new("RGB", (big, big), top)
    draw = ImageDraw.Draw(image)
    for y in range(big):
        t = y / big
        draw.line([(0, y), (big, y)], fill=tuple(int(top[k] + (bottom[k] - top[k]) * t) for k in range(3)))

    points = [p for part in parts for p in part.positions]
    xs, ys, zs = zip(*points)
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, (min(zs) + max(zs)) / 2)
    radius = max(max(xs) - min(xs), max(ys) - min(ys), max(zs) - min(zs)) * 0.62 or 1.0
    cy_, sy_ = math.cos(yaw), math.sin(yaw)
    cp, sp = math.cos(pitch), math.sin(pitch)
    light = _normalise(LIGHT)

    def view(p):
        x, y, z = p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]
        x, z = x * cy_ - z * sy_, x * sy_ + z * cy_
        y, z = y * cp - z * sp, y * sp + z * cp
        return x, y, z

    def screen(v):
        distance = radius * 4.2
        f = distance / (distance - v[2])
        return (big / 2 + v[0] * f / radius * big * 0.42, big / 2 - v[1] * f / radius * big * 0.42)

    # Contact shadow under the product.
    floor = screen(view((centre[0], min(ys), centre[2])))
    shadow = Image.new("L", (big, big), 0)
    ImageDraw.Draw(shadow).ellipse([floor[0] - big * 0.3, floor[1] - big * 0.05, floor[0] + big * 0.3, floor[1] + big * 0.05], fill=90)
    shadow = shadow.filter(ImageFilter.GaussianBlur(big * 0.02))
    image.paste((120, 100, 80), mask=shadow)

    triangles = []
    for layer, part in enumerate(parts):
        # Later parts (labels, ribbons, lids) sit on earlier ones: nudge them forward so
        # the painter's sort draws them on top where their depths are nearly equal.
        bias = layer * radius * 0.05
        viewed = [view(p) for p in part.positions]
        base = [int(c * 255) for c in part.colour]
        shine = 0.45 * (1 - part.roughness) + 0.25 * part.metalness
        for i in range(0, len(part.indices), 3):
            a, b, c = (viewed[part.indices[i + k]] for k in range(3))
            u = (b[0] - a[0], b[1] - a[1], b[2] - a[2])
            v = (c[0] - a[0], c[1] - a[1], c[2] - a[2])
            normal = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
            if normal[2] <= 0:  # facing away from the camera
                continue
            n = _normalise(normal)
            diffuse = max(0.0, sum(n[k] * light[k] for k in range(3)))
            half = _normalise((light[0], light[1], light[2] + 1))
            specular = max(0.0, sum(n[k] * half[k] for k in range(3))) ** 24 * shine
            shade = AMBIENT + (1 - AMBIENT) * diffuse
            colour = tuple(min(255, int(base[k] * shade + 255 * specular)) for k in range(3))
            triangles.append(((a[2] + b[2] + c[2]) / 3 + bias, [screen(a), screen(b), screen(c)], colour))
    triangles.sort(key=lambda item: item[0])  # painter's algorithm: far ones first
    for _, polygon, colour in triangles:
        draw.polygon(polygon, fill=colour, outline=colour)
    return image.resize((size, size), Image.LANCZOS)
