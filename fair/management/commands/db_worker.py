"""`manage.py db_worker`: django-tasks-db's worker, which also outlives a busy SQLite file.

The library's loop skips a locked database while it looks for a task, but not when the transaction it looks in cannot
begin (`BEGIN` itself waits `timeout` seconds, then raises): the worker's thread dies and, under the autoreloader of
`make run`, the process stays up doing nothing, so uploads and replays wait for ever. That happens when one long write
(loading the demo fair, say) holds the file past the timeout. Here the worker waits its interval and looks again."""

import logging
import time

from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker as library
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger("django_tasks_db")


class Worker(library.Worker):
    waits = 0  # how many times the database was too busy to begin (read by the tests)

    def run(self) -> None:
        while True:
            try:
                return super().run()
            except OperationalError as error:
                if not self.running or not is_locked_database_exception(error):
                    raise
                self.waits += 1
                self.startup_delay = False
                logger.warning("The database is busy (%s); looking for tasks again in %ss.", error, self.interval)
                time.sleep(self.interval)


class Command(library.Command):
    def handle(self, *args, **options):
        library.Worker = Worker  # the library's handle builds its worker by this name; ours keeps every other behaviour
        return super().handle(*args, **options)
