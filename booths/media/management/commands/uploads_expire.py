"""manage.py uploads_expire: remove uploads started and never finished, with their partial files (for cron)."""

from django.core.management.base import BaseCommand

from booths.media.uploads import uploads_abandoned_remove


class Command(BaseCommand):
    help = "Remove uploads left unfinished longer than FAIR_UPLOAD_ABANDONED_HOURS (default 24), with their partial files."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=None, help="Older than this many hours instead.")

    def handle(self, *args, hours=None, **options):
        removed = total = 0
        while True:
            removed = uploads_abandoned_remove(older_than_hours=hours)
            total += removed
            if not removed:
                break
        self.stdout.write(f"Removed {total} unfinished upload(s).")
