"""Binary glTF (GLB) files: write the demo's product models, and read any GLB back to check it."""

import json
import struct
from dataclasses import dataclass

GLB_MAGIC = b"glTF"
CHUNK_JSON = 0x4E4F534A
CHUNK_BIN = 0x004E4942
FLOAT, UNSIGNED_SHORT, UNSIGNED_INT = 5126, 5123, 5125
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963


class GlbError(ValueError):
    """The file is not a well-formed GLB; the message says what is wrong."""


def _pad(data: bytes, filler: bytes) -> bytes:
    return data + filler * (-len(data) % 4)


def _linear(channel: float) -> float:
    """sRGB colour channel → linear, as glTF's baseColorFactor is linear."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def glb_write(parts, *, name: str = "product", generator: str = "OCOP fair demo") -> bytes:
    """One mesh with a primitive and a PBR material per part, packed as GLB 2.0."""
    gltf = {
        "asset": {"version": "2.0", "generator": generator},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": name}],
        "meshes": [{"name": name, "primitives": []}],
        "materials": [],
        "accessors": [],
        "bufferViews": [],
        "buffers": [],
    }
    blob = bytearray()

    def add_view(data: bytes, target: int) -> int:
        blob.extend(b"\0" * (-len(blob) % 4))
        gltf["bufferViews"].append({"buffer": 0, "byteOffset": len(blob), "byteLength": len(data), "target": target})
        blob.extend(data)
        return len(gltf["bufferViews"]) - 1

    for part in parts:
        positions = [c for p in part.positions for c in p]
        normals = [c for n in part.normals for c in n]
        count = len(part.positions)
        view = add_view(struct.pack(f"<{len(positions)}f", *positions), ARRAY_BUFFER)
        xs, ys, zs = zip(*part.positions)
        gltf["accessors"].append({
            "bufferView": view, "componentType": FLOAT, "count": count, "type": "VEC3",
            "min": [min(xs), min(ys), min(zs)], "max": [max(xs), max(ys), max(zs)],
        })
        position_accessor = len(gltf["accessors"]) - 1
        view = add_view(struct.pack(f"<{len(normals)}f", *normals), ARRAY_BUFFER)
        gltf["accessors"].append({"bufferView": view, "componentType": FLOAT, "count": count, "type": "VEC3"})
        normal_accessor = len(gltf["accessors"]) - 1
        wide = count > 65535
        fmt = "I" if wide else "H"
        view = add_view(struct.pack(f"<{len(part.indices)}{fmt}", *part.indices), ELEMENT_ARRAY_BUFFER)
        gltf["accessors"].append({
            "bufferView": view, "componentType": UNSIGNED_INT if wide else UNSIGNED_SHORT,
            "count": len(part.indices), "type": "SCALAR",
        })
        gltf["materials"].append({
            "name": part.name,
            "pbrMetallicRoughness": {
                "baseColorFactor": [round(_linear(c), 4) for c in part.colour] + [1.0],
                "metallicFactor": part.metalness,
                "roughnessFactor": part.roughness,
            },
        })
        gltf["meshes"][0]["primitives"].append({
            "attributes": {"POSITION": position_accessor, "NORMAL": normal_accessor},
            "indices": len(gltf["accessors"]) - 1,
            "material": len(gltf["materials"]) - 1,
        })
    binary = _pad(bytes(blob), b"\0")
    gltf["buffers"].append({"byteLength": len(binary)})
    text = _pad(json.dumps(gltf, separators=(",", ":")).encode(), b" ")
    total = 12 + 8 + len(text) + 8 + len(binary)
    return b"".join([
        struct.pack("<4sII", GLB_MAGIC, 2, total),
        struct.pack("<II", len(text), CHUNK_JSON), text,
        struct.pack("<II", len(binary), CHUNK_BIN), binary,
    ])


@dataclass
class GlbSummary:
    """What a GLB holds: its JSON, its binary chunk length, triangles and external references."""

    gltf: dict
    binary_length: int
    triangles: int
    external_uris: list[str]


def glb_read(data: bytes) -> GlbSummary:
    """Check a GLB's header, version, length and chunk layout; count its triangles."""
    if len(data) < 20:
        raise GlbError("The file is too short to be a GLB model.")
    magic, version, length = struct.unpack_from("<4sII", data, 0)
    if magic != GLB_MAGIC:
        raise GlbError("This is not a GLB model (it does not start with 'glTF').")
    if version != 2:
        raise GlbError(f"Only glTF 2.0 is supported; this file says version {version}.")
    if length != len(data):
        raise GlbError(f"The file says it is {length} bytes long but is {len(data)} bytes.")
    json_length, json_type = struct.unpack_from("<II", data, 12)
    if json_type != CHUNK_JSON or 20 + json_length > length or json_length % 4:
        raise GlbError("The first chunk of a GLB must be its JSON, 4-byte aligned.")
    try:
        gltf = json.loads(data[20:20 + json_length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GlbError(f"The model's JSON cannot be read: {error}.") from error
    offset = 20 + json_length
    binary_length = 0
    if offset < length:
        if offset + 8 > length:
            raise GlbError("The binary chunk header is cut off.")
        binary_length, binary_type = struct.unpack_from("<II", data, offset)
        if binary_type != CHUNK_BIN or offset + 8 + binary_length > length:
            raise GlbError("The second chunk of a GLB must be its binary data, inside the file.")
    if not isinstance(gltf, dict) or gltf.get("asset", {}).get("version") != "2.0":
        raise GlbError("The model's JSON does not declare glTF asset version 2.0.")
    uris = [item["uri"] for key in ("buffers", "images") for item in gltf.get(key, []) if "uri" in item]
    accessors = gltf.get("accessors", [])
    triangles = 0
    for mesh in gltf.get("meshes", []):
        for primitive in mesh.get("primitives", []):
            if primitive.get("mode", 4) != 4:
                continue
            if "indices" in primitive:
                triangles += accessors[primitive["indices"]]["count"] // 3
            else:
                triangles += accessors[primitive["attributes"]["POSITION"]]["count"] // 3
    return GlbSummary(gltf=gltf, binary_length=binary_length, triangles=triangles, external_uris=uris)
