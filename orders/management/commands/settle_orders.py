"""`manage.py settle_orders`: settle the orders a payment outage left pending.

An order stays pending when the payment service gave no clear answer (slow,
down, failing). Its client can settle it by sending the same request with the
same Idempotency-Key; this command does the same for the orders nobody asked
about again, so their stock is not held forever and a charge that went
through is not left unrecorded. Run it every few minutes (cron, a systemd
timer); it is safe to run while the site serves and to run twice.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from blogsite.management.base import database_needed, minutes
from orders.services import SETTLE_AFTER, orders_settle_pending


class Command(BaseCommand):
    help = (
        "Settle the orders left pending by a payment outage: by their charge as the payment service shows it, "
        "else by charging again with the same idempotency key."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=minutes,
            default=SETTLE_AFTER,
            metavar="MINUTES",
            help=f"Only orders pending for at least this long (default {SETTLE_AFTER.seconds // 60}): "
            "a younger one may still be settled by its own client.",
        )

    def handle(self, *args, older_than: timedelta, **options):
        with database_needed("the pending orders wait"):
            report = orders_settle_pending(older_than=older_than)
        self.stdout.write(str(report))
        if report.pending:
            self.stderr.write("The payment service gave no answer; the pending orders wait for the next run.")
