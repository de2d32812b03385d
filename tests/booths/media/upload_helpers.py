"""Sending files the way the editor's script does: open an upload, then PATCH pieces at offsets."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse


def start(client, *, booth, kind, name, size, product=None, step=None, spin_index=None):
    data = {"booth": booth.slug, "kind": kind, "filename": name, "size": size}
    if product is not None:
        data["product"] = product.slug
    if step is not None:
        data["step"] = step.pk
    if spin_index is not None:
        data["spin_index"] = spin_index
    return client.post(reverse("editor:upload_start") + f"?kind={kind}", data, headers={"Accept": "application/json"})


def patch(client, upload_id, offset, piece):
    return client.patch(reverse("editor:upload", args=[upload_id]), data=piece,
                        content_type="application/offset+octet-stream",
                        headers={"Upload-Offset": str(offset), "Accept": "application/json"})


def send(client, *, booth, kind, name, data: bytes, chunk=64 * 1024, **targets):
    """The whole file in pieces; returns the last response (the refusal, or the finished upload)."""
    response = start(client, booth=booth, kind=kind, name=name, size=len(data), **targets)
    if response.status_code != 201:
        return response
    upload_id = response.json()["id"]
    offset = 0
    while offset < len(data):
        response = patch(client, upload_id, offset, data[offset:offset + chunk])
        if response.status_code != 200:
            return response
        offset = response.json()["offset"]
    return response


def stored_files() -> set[str]:
    """Every file under public media, private originals and partial uploads."""
    found = set()
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, settings.UPLOAD_PARTIAL_ROOT):
        for folder, _dirs, files in os.walk(root):
            found.update(str(Path(folder, name)) for name in files)
    return found


def run_worker():
    """What `manage.py db_worker` does in production, until the queue is empty, in the test's transaction
    (the worker's between-task `close_old_connections` would close the test's connection, so not that)."""
    from unittest import mock

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
