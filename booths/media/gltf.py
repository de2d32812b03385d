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
    """The file is not a well-formed GLB; ``code`` names the problem, the message says it in words."""

    def __init__(self, message: str, code: str = "glb_invalid"):
        super().__init__(message)
        self.code = code


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
    """What a GLB holds: its JSON, its binary chunk, triangles, external references and embedded images."""

    gltf: dict
    binary_length: int
    triangles: int
    external_uris: list[str]
    binary: bytes = b""
    json_length: int = 0
    # What drawing it costs: every mesh counted once per node that places it (a mesh used by 3,000 nodes
    # is drawn, and read for the poster, 3,000 times).
    instanced_triangles: int = 0
    instanced_vertices: int = 0
    node_visits: int = 0
    extensions_required: tuple[str, ...] = ()


COMPONENT_SIZES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
TYPE_SIZES = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}


def glb_read(data: bytes) -> GlbSummary:
    """Check a GLB's header, version, length, chunk layout and buffer ranges; count its triangles."""
    if len(data) < 20:
        raise GlbError("The file is too short to be a GLB model.", "glb_truncated")
    magic, version, length = struct.unpack_from("<4sII", data, 0)
    if magic != GLB_MAGIC:
        raise GlbError("This is not a GLB model (it does not start with 'glTF').", "glb_magic")
    if version != 2:
        raise GlbError(f"Only glTF 2.0 is supported; this file says version {version}.", "glb_version")
    if length != len(data):
        code = "glb_truncated" if length > len(data) else "glb_length"
        raise GlbError(f"The file says it is {length} bytes long but is {len(data)} bytes.", code)
    json_length, json_type = struct.unpack_from("<II", data, 12)
    if json_type != CHUNK_JSON or 20 + json_length > length or json_length % 4:
        raise GlbError("The first chunk of a GLB must be its JSON, 4-byte aligned.", "glb_chunks")
    try:
        gltf = json.loads(data[20:20 + json_length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GlbError(f"The model's JSON cannot be read: {error}.", "glb_json") from error
    offset = 20 + json_length
    binary_length = 0
    binary = b""
    if offset < length:
        if offset + 8 > length:
            raise GlbError("The binary chunk header is cut off.", "glb_chunks")
        binary_length, binary_type = struct.unpack_from("<II", data, offset)
        if binary_type != CHUNK_BIN or offset + 8 + binary_length > length:
            raise GlbError("The second chunk of a GLB must be its binary data, inside the file.", "glb_chunks")
        binary = data[offset + 8:offset + 8 + binary_length]
    if not isinstance(gltf, dict) or not isinstance(gltf.get("asset"), dict) or gltf["asset"].get("version") != "2.0":
        raise GlbError("The model's JSON does not declare glTF asset version 2.0.", "glb_version")
    uris = [item["uri"] for key in ("buffers", "images") for item in gltf.get(key, []) or []
            if isinstance(item, dict) and "uri" in item]
    try:
        triangles = _check_ranges(gltf, binary_length)
        cost = _instanced_cost(gltf)
    except (KeyError, IndexError, TypeError, ValueError) as error:
        if isinstance(error, GlbError):
            raise
        raise GlbError(f"The model's JSON refers to data that is not there ({error!r}).", "glb_json") from error
    required = gltf.get("extensionsRequired") or []
    return GlbSummary(gltf=gltf, binary_length=binary_length, triangles=triangles, external_uris=uris,
                      binary=binary, json_length=json_length, **cost,
                      extensions_required=tuple(str(name) for name in required if isinstance(name, str)))


MAX_NODE_VISITS = 20_000  # nodes placed while walking the scene (a node reused as the child of many counts each time)


def _primitive_cost(gltf: dict, mesh_index: int) -> tuple[int, int]:
    accessors = gltf.get("accessors", [])
    triangles = vertices = 0
    for primitive in gltf["meshes"][mesh_index].get("primitives", []):
        position = primitive.get("attributes", {}).get("POSITION")
        count = accessors[position]["count"] if position is not None else 0
        vertices += count
        if primitive.get("mode", 4) == 4:
            triangles += (accessors[primitive["indices"]]["count"] if "indices" in primitive else count) // 3
    return triangles, vertices


def _instanced_cost(gltf: dict) -> dict:
    """Triangles and vertices as drawn: each mesh once per node placing it, walking the scene's node tree
    (bounded: a tree that places more than MAX_NODE_VISITS nodes, or loops, is refused)."""
    nodes = gltf.get("nodes", [])
    scenes = gltf.get("scenes", [])
    roots = scenes[gltf.get("scene", 0)].get("nodes", []) if scenes else list(range(len(nodes)))
    per_mesh: dict[int, tuple[int, int]] = {}
    triangles = vertices = visits = 0
    stack = [(index, ()) for index in roots]
    while stack:
        index, ancestors = stack.pop()
        visits += 1
        if visits > MAX_NODE_VISITS:
            raise GlbError(f"The model places more than {MAX_NODE_VISITS} nodes.", "glb_too_complex")
        if index in ancestors:
            raise GlbError("The model's node tree loops back on itself.", "glb_json")
        node = nodes[index]
        if "mesh" in node:
            mesh = node["mesh"]
            if mesh not in per_mesh:
                per_mesh[mesh] = _primitive_cost(gltf, mesh)
            triangles += per_mesh[mesh][0]
            vertices += per_mesh[mesh][1]
        stack += [(child, (*ancestors, index)) for child in node.get("children", [])]
    return {"instanced_triangles": triangles, "instanced_vertices": vertices, "node_visits": visits}


def _check_ranges(gltf: dict, binary_length: int) -> int:
    """Every buffer view inside its buffer, every accessor inside its view; the triangle count."""
    buffers = gltf.get("buffers", [])
    for view in gltf.get("bufferViews", []):
        buffer = buffers[view["buffer"]]
        end = view.get("byteOffset", 0) + view["byteLength"]
        size = buffer.get("byteLength", 0) if "uri" in buffer else binary_length
        if view["byteLength"] < 0 or end > size:
            raise GlbError("A buffer view reaches past the end of the model's data.", "glb_chunks")
    views = gltf.get("bufferViews", [])
    accessors = gltf.get("accessors", [])
    for accessor in accessors:
        if "bufferView" not in accessor:
            continue
        view = views[accessor["bufferView"]]
        element = COMPONENT_SIZES[accessor["componentType"]] * TYPE_SIZES[accessor["type"]]
        stride = view.get("byteStride") or element
        needed = accessor.get("byteOffset", 0) + stride * max(accessor["count"] - 1, 0) + element
        if accessor["count"] < 0 or needed > view["byteLength"]:
            raise GlbError("An accessor reaches past the end of its buffer view.", "glb_chunks")
    triangles = 0
    for mesh in gltf.get("meshes", []):
        for primitive in mesh.get("primitives", []):
            if primitive.get("mode", 4) != 4:
                continue
            if "indices" in primitive:
                triangles += accessors[primitive["indices"]]["count"] // 3
            else:
                triangles += accessors[primitive["attributes"]["POSITION"]]["count"] // 3
    return triangles


def glb_images(summary: GlbSummary) -> list[tuple[int, bytes, str]]:
    """The embedded images of a GLB: (image index, bytes, declared mime type)."""
    views = summary.gltf.get("bufferViews", [])
    found = []
    for index, image in enumerate(summary.gltf.get("images", [])):
        if "bufferView" in image:
            view = views[image["bufferView"]]
            start = view.get("byteOffset", 0)
            found.append((index, summary.binary[start:start + view["byteLength"]], image.get("mimeType", "")))
    return found


def glb_pack(gltf: dict, binary: bytes) -> bytes:
    """A GLB file from its JSON and binary chunk."""
    binary = _pad(binary, b"\0")
    if gltf.get("buffers"):
        gltf["buffers"][0]["byteLength"] = len(binary)
    text = _pad(json.dumps(gltf, separators=(",", ":")).encode(), b" ")
    chunks = [struct.pack("<II", len(text), CHUNK_JSON), text]
    if binary:
        chunks += [struct.pack("<II", len(binary), CHUNK_BIN), binary]
    body = b"".join(chunks)
    return struct.pack("<4sII", GLB_MAGIC, 2, 12 + len(body)) + body


def glb_repack(summary: GlbSummary, *, replace_images: dict[int, tuple[bytes, str]] | None = None) -> bytes:
    """The same model with only the buffer views something uses, images replaced, extras and names of
    unused things dropped: a smaller file that loads the same way."""
    gltf = json.loads(json.dumps(summary.gltf))
    replace_images = replace_images or {}
    views = gltf.get("bufferViews", [])
    used = set()
    for accessor in gltf.get("accessors", []):
        if "bufferView" in accessor:
            used.add(accessor["bufferView"])
        sparse = accessor.get("sparse")
        if sparse:
            used.update({sparse["indices"]["bufferView"], sparse["values"]["bufferView"]})
    for image in gltf.get("images", []):
        if "bufferView" in image:
            used.add(image["bufferView"])
    blob = bytearray()
    remap = {}
    new_views = []
    image_of_view = {image["bufferView"]: index for index, image in enumerate(gltf.get("images", [])) if "bufferView" in image}
    for old_index, view in enumerate(views):
        if old_index not in used:
            continue
        start = view.get("byteOffset", 0)
        data = summary.binary[start:start + view["byteLength"]]
        image_index = image_of_view.get(old_index)
        if image_index is not None and image_index in replace_images:
            data, mime = replace_images[image_index]
            gltf["images"][image_index]["mimeType"] = mime
        blob.extend(b"\0" * (-len(blob) % 4))
        new_view = {key: value for key, value in view.items() if key not in ("extras", "name")}
        new_view.update({"byteOffset": len(blob), "byteLength": len(data)})
        blob.extend(data)
        remap[old_index] = len(new_views)
        new_views.append(new_view)
    if views:
        gltf["bufferViews"] = new_views
    for accessor in gltf.get("accessors", []):
        if "bufferView" in accessor:
            accessor["bufferView"] = remap[accessor["bufferView"]]
        sparse = accessor.get("sparse")
        if sparse:
            for key in ("indices", "values"):
                sparse[key]["bufferView"] = remap[sparse[key]["bufferView"]]
    for image in gltf.get("images", []):
        if "bufferView" in image:
            image["bufferView"] = remap[image["bufferView"]]
    gltf.pop("extras", None)
    for items in list(gltf.values()):
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    item.pop("extras", None)
    gltf["asset"]["generator"] = "OCOP fair optimiser"
    return glb_pack(gltf, bytes(blob))


def glb_geometry(summary: GlbSummary, *, limit: int = 60000, vertex_limit: int = 400_000):
    """Triangles of every mesh node as (positions, indices, base colour) per primitive, world-placed
    through the node tree, for drawing a poster. Stops after ``limit`` triangles or ``vertex_limit``
    vertices read (a mesh of many vertices and few triangles, placed by many nodes, costs its vertices)."""
    gltf, binary = summary.gltf, summary.binary
    views, accessors = gltf.get("bufferViews", []), gltf.get("accessors", [])
    formats = {5120: "b", 5121: "B", 5122: "h", 5123: "H", 5125: "I", 5126: "f"}

    def read(index):
        accessor = accessors[index]
        view = views[accessor["bufferView"]]
        width = TYPE_SIZES[accessor["type"]]
        fmt = formats[accessor["componentType"]]
        element = COMPONENT_SIZES[accessor["componentType"]] * width
        stride = view.get("byteStride") or element
        start = view.get("byteOffset", 0) + accessor.get("byteOffset", 0)
        out = []
        for i in range(accessor["count"]):
            values = struct.unpack_from(f"<{width}{fmt}", binary, start + i * stride)
            out.append(values if width > 1 else values[0])
        return out

    def matrix_of(node):
        if "matrix" in node:
            m = node["matrix"]
            return [[m[c * 4 + r] for c in range(4)] for r in range(4)]
        tx, ty, tz = node.get("translation", (0, 0, 0))
        qx, qy, qz, qw = node.get("rotation", (0, 0, 0, 1))
        sx, sy, sz = node.get("scale", (1, 1, 1))
        rot = [
            [1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw)],
            [2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw)],
            [2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy)],
        ]
        return [[rot[r][0] * sx, rot[r][1] * sy, rot[r][2] * sz, (tx, ty, tz)[r]] for r in range(3)] + [[0, 0, 0, 1]]

    def multiply(a, b):
        return [[sum(a[r][k] * b[k][c] for k in range(4)) for c in range(4)] for r in range(4)]

    identity = [[1 if r == c else 0 for c in range(4)] for r in range(4)]
    nodes = gltf.get("nodes", [])
    scenes = gltf.get("scenes", [])
    roots = scenes[gltf.get("scene", 0)]["nodes"] if scenes else list(range(len(nodes)))
    materials = gltf.get("materials", [])
    out, budget, vertex_budget = [], limit, vertex_limit
    stack = [(index, identity) for index in roots]
    seen = 0
    while stack and budget > 0 and vertex_budget > 0 and seen < 10000:
        seen += 1
        index, parent = stack.pop()
        node = nodes[index]
        world = multiply(parent, matrix_of(node))
        stack += [(child, world) for child in node.get("children", [])]
        if "mesh" not in node:
            continue
        for primitive in gltf["meshes"][node["mesh"]].get("primitives", []):
            if primitive.get("mode", 4) != 4 or "POSITION" not in primitive.get("attributes", {}):
                continue
            vertex_budget -= accessors[primitive["attributes"]["POSITION"]]["count"]
            if vertex_budget < 0:
                break
            positions = [
                tuple(world[r][0] * x + world[r][1] * y + world[r][2] * z + world[r][3] for r in range(3))
                for x, y, z in read(primitive["attributes"]["POSITION"])
            ]
            indices = read(primitive["indices"]) if "indices" in primitive else list(range(len(positions)))
            indices = indices[: budget * 3 - (budget * 3) % 3]
            budget -= len(indices) // 3
            colour = (0.8, 0.8, 0.8)
            if "material" in primitive:
                factor = materials[primitive["material"]].get("pbrMetallicRoughness", {}).get("baseColorFactor")
                if factor:
                    colour = tuple(min(1.0, max(0.0, c)) ** (1 / 2.2) for c in factor[:3])
            out.append((positions, indices, colour))
    return out
