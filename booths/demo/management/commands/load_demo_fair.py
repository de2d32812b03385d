"""manage.py load_demo_fair: the demo OCOP fair, with its 3D models and panoramas made on the spot."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from booths.demo.big import big_fair_load
from booths.demo.loader import demo_fair_load


class Command(BaseCommand):
    help = "Load the demo OCOP fair (3 halls, 13 producers, 30 products, models, panoramas). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts", metavar="PASSWORD", default=None,
            help="Also create demo logins (organizer, and one per producer) with this password. Development only.",
        )
        parser.add_argument(
            "--booths", type=int, default=0, metavar="N",
            help="Also build the big national fair of N booths in halls of 50 (for measuring big halls). Safe to run again.",
        )
        parser.add_argument("--per-hall", type=int, default=50, metavar="M", help="Booths per hall of the big fair (default 50).")

    def handle(self, *args, accounts=None, booths=0, per_hall=50, **options):
        if accounts and not settings.DEBUG:
            raise CommandError("Demo logins with a known password are only made in development (FAIR_ENV=development).")
        if not 0 <= booths <= 5000:
            raise CommandError("--booths takes 0 to 5000 booths.")
        if not 1 <= per_hall <= 200:
            raise CommandError("--per-hall takes 1 to 200 booths.")
        report = demo_fair_load(accounts_password=accounts)
        if booths:
            big_fair_load(booths=booths, per_hall=per_hall, report=report)
        if report.created or report.files_written:
            made = ", ".join(f"{count} {what}" for what, count in report.created.items()) or "no rows"
            self.stdout.write(self.style.SUCCESS(f"Demo fair loaded: created {made}; wrote {report.files_written} media files."))
        else:
            self.stdout.write("Demo fair already loaded: nothing changed.")
