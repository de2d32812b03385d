from django.core.management.base import BaseCommand

from fair.analytics import recorder, services


class Command(BaseCommand):
    help = "Roll up analytics events now (the worker does it a minute after events arrive) and purge old events."

    def handle(self, *args, **options):
        recorder.flush()
        days = services.rollup_run()
        purged = services.purge()
        self.stdout.write(f"Rolled up {len(days)} day(s); purged {purged['events']} old event(s).")
