"""Cancel every bank-transfer order past its time to pay (the worker does this per order; this is the safety net)."""

from django.core.management.base import BaseCommand

from booths.orders.payments.services import orders_expire_due


class Command(BaseCommand):
    help = "Cancel bank-transfer orders not paid by their pay-by time, giving their stock back (run from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{orders_expire_due()} unpaid orders cancelled.")
