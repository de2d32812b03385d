"""Files made here, for the tests: good photos, panoramas and models, and a corpus of bad ones.

Nothing comes from the demo: these are the kind of files a phone or a scanning app sends,
and the kinds of files an attacker would.
"""

import io
import json
import struct
import zlib

from PIL import ExifTags, Image

from booths.demo.meshes import jar
from booths.media.gltf import CHUNK_BIN, CHUNK_JSON, glb_read, glb_write

GPS_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="21,1.5N" '
    'exif:GPSLongitude="105,48.2E"/></rdf:RDF></x:xmpmeta>'
)


def jpeg(size=(300, 200), colour=(200, 120, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=90, **save)
    return out.getvalue()


def png(size=(300, 200), colour=(30, 160, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def phone_photo_with_gps_sideways() -> bytes:
    """A 300 × 200 photo stored sideways (EXIF orientation 6: turn 90° clockwise to view), a red
    top-left corner, GPS position in its EXIF and in its XMP, as phones write them."""
    image = Image.new("RGB", (300, 200), (40, 90, 200))
    image.paste((230, 20, 20), (0, 0, 60, 60))
    exif = image.getexif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 48.0, 12.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=GPS_XMP.encode(), quality=92)
    return out.getvalue()


def partial_photo_sphere() -> bytes:
    """A phone's partial photo sphere: 1000 × 500 pixels of a 4000 × 2000 sphere, at left 1500, top 700,
    red with a blue sky band and a green ground band, with GPano metadata (and a GPS position in the
    same XMP, which must not survive)."""
    image = Image.new("RGB", (1000, 500), (220, 30, 30))
    image.paste((40, 90, 220), (0, 0, 1000, 120))
    image.paste((40, 160, 60), (0, 380, 1000, 500))
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:GPano="http://ns.google.com/photos/1.0/panorama/" '
        'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="11,56.2N" '
        'GPano:ProjectionType="equirectangular" GPano:UsePanoramaViewer="True" GPano:PoseHeadingDegrees="87.5" '
        'GPano:FullPanoWidthPixels="4000" GPano:FullPanoHeightPixels="2000" '
        'GPano:CroppedAreaImageWidthPixels="1000" GPano:CroppedAreaImageHeightPixels="500" '
        'GPano:CroppedAreaLeftPixels="1500" GPano:CroppedAreaTopPixels="700"/></rdf:RDF></x:xmpmeta>'
    )
    out = io.BytesIO()
    image.save(out, "JPEG", xmp=xmp.encode(), quality=90)
    return out.getvalue()


def full_panorama(size=(2048, 1024), colour=(90, 150, 210)) -> bytes:
    image = Image.new("RGB", size, colour)
    image.paste((250, 230, 120), (0, size[1] // 2, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def scanned_model(texture_side=2048) -> bytes:
    """A GLB as a scanning app exports it: geometry, a large embedded PNG texture, an unused
    buffer view and extras. The optimiser should make it smaller."""
    base = glb_read(glb_write(jar(), name="scan"))
    gltf, binary = base.gltf, bytearray(base.binary)
    texture = Image.effect_noise((texture_side, texture_side), 40).convert("RGB")
    out = io.BytesIO()
    texture.save(out, "PNG")
    for data in (out.getvalue(), b"\x01" * 200_000):  # the texture, then data nothing uses
        binary.extend(b"\0" * (-len(binary) % 4))
        gltf["bufferViews"].append({"buffer": 0, "byteOffset": len(binary), "byteLength": len(data)})
        binary.extend(data)
    gltf["images"] = [{"bufferView": len(gltf["bufferViews"]) - 2, "mimeType": "image/png"}]
    gltf["textures"] = [{"source": 0}]
    gltf["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"] = {"index": 0}
    gltf["extras"] = {"scanner": "PhoneScan 3.1", "notes": "x" * 5000}
    return pack(gltf, bytes(binary))


def pack(gltf: dict, binary: bytes, *, magic=b"glTF", version=2, length=None) -> bytes:
    binary = binary + b"\0" * (-len(binary) % 4)
    gltf["buffers"] = [{"byteLength": len(binary)}] if binary else gltf.get("buffers", [])
    text = json.dumps(gltf).encode()
    text += b" " * (-len(text) % 4)
    body = struct.pack("<II", len(text), CHUNK_JSON) + text + struct.pack("<II", len(binary), CHUNK_BIN) + binary
    total = 12 + len(body)
    return struct.pack("<4sII", magic, version, total if length is None else length) + body


def small_model() -> bytes:
    return glb_write(jar(), name="jar")


def png_bomb(side=100_000) -> bytes:
    """A PNG a few hundred bytes long that declares side × side pixels (a decompression bomb)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")


def html_polyglot() -> bytes:
    """A real JPEG that is also a web page: a script in its comment segment."""
    return jpeg(comment=b"<html><body><script>fetch('/admin/')</script></body></html>")


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>')


def bad_models() -> dict[str, tuple[bytes, str]]:
    """name → (bytes, expected error code)"""
    good = small_model()
    external = glb_read(good).gltf
    external["images"] = [{"uri": "https://tracker.example/pixel.png"}]
    return {
        "truncated.glb": (good[: len(good) // 2], "glb_truncated"),
        "magic.glb": (b"gLTF" + good[4:], "glb_magic"),
        "version.glb": (good[:4] + struct.pack("<I", 1) + good[8:], "glb_version"),
        "length.glb": (good[:8] + struct.pack("<I", len(good) - 4) + good[12:], "glb_length"),
        "external.glb": (pack(external, glb_read(good).binary), "glb_external_uri"),
    }
