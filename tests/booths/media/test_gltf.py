"""GLB files: what we write reads back; a damaged file gets a clear, specific error."""

import struct

import pytest

from booths.demo import meshes
from booths.media.gltf import GlbError, glb_read, glb_write


def test_written_model_reads_back_with_its_triangles():
    parts = meshes.jar()
    data = glb_write(parts, name="honey")
    summary = glb_read(data)
    assert summary.triangles == meshes.triangle_count(parts)
    assert len(summary.gltf["meshes"][0]["primitives"]) == len(parts)
    assert len(data) % 4 == 0


@pytest.mark.parametrize("damage, message", [
    (lambda d: b"GLTF" + d[4:], "does not start"),
    (lambda d: d[:4] + struct.pack("<I", 1) + d[8:], "version 1"),
    (lambda d: d[:-8], "says it is"),
    (lambda d: d[:12], "too short"),
])
def test_damaged_models_are_refused_with_a_reason(damage, message):
    data = glb_write(meshes.pouch())
    with pytest.raises(GlbError, match=message):
        glb_read(damage(data))


def test_external_references_are_reported():
    import json

    data = glb_write(meshes.pouch())
    summary = glb_read(data)
    gltf = summary.gltf
    gltf["images"] = [{"uri": "http://example.invalid/x.png"}]
    text = json.dumps(gltf).encode()
    text += b" " * (-len(text) % 4)
    binary = data[20 + struct.unpack_from("<I", data, 12)[0]:]
    rebuilt = struct.pack("<4sII", b"glTF", 2, 12 + 8 + len(text) + len(binary)) + struct.pack("<II", len(text), 0x4E4F534A) + text + binary
    assert glb_read(rebuilt).external_uris == ["http://example.invalid/x.png"]
