"""The worker outlives a database too busy to begin a transaction: a long write elsewhere (loading the demo fair on
SQLite, say) holds the file past the connection's timeout; the upload queued meanwhile is still processed after it."""

import sqlite3
import threading

import pytest
from django.db import connection

from booths.media.models import MediaUpload
from fair.management.commands.db_worker import Worker
from tests import media_files
from tests.booths.media.upload_helpers import send
from tests.factories import make_booth, make_product, make_user

WAIT = 60  # a guard for what happens at once when all is well, not a measure


def wait_until(condition, guard=WAIT):
    done = threading.Event()
    deadline = threading.Timer(guard, done.set)
    deadline.start()
    try:
        while not condition() and not done.is_set():
            done.wait(0.02)
    finally:
        deadline.cancel()
    return condition()


@pytest.mark.django_db(transaction=True)
def test_an_upload_queued_while_the_database_is_held_is_processed_once_it_is_free(client, monkeypatch):
    # The one-writer lock is SQLite's (PostgreSQL's workers lock rows): this test runs in the SQLite pass only.
    assert connection.vendor == "sqlite"
    booth = make_booth()
    product = make_product(booth=booth, stock=5)
    client.force_login(make_user(producer=booth.producer))
    upload = send(client, booth=booth, kind="photo", name="mat.jpg", data=media_files.jpeg(), product=product).json()
    assert MediaUpload.objects.get(pk=upload["id"]).status != "ready"

    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.2)  # the worker's BEGIN gives up quickly
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process's long write
    worker = Worker(queue_names=["default"], interval=0.05, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="busy-test", excluded_queue_names=[])
    failure = []

    def run():
        try:
            worker.run()
        except BaseException as error:  # what the library's worker did: its thread died on the lock
            failure.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert wait_until(lambda: worker.waits >= 2 or failure), "the worker never tried the held database"
        assert not failure, f"the worker died on a busy database: {failure}"
    finally:
        holder.execute("COMMIT")
        holder.close()
        thread.join(WAIT)
    assert not thread.is_alive() and not failure
    assert MediaUpload.objects.get(pk=upload["id"]).status == "ready"
    assert product.images.count() == 1  # the producer's photo is on the product page
