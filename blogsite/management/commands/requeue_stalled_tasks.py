"""`manage.py requeue_stalled_tasks`: run again the tasks a dead worker left running.

`db_worker` marks a task RUNNING when it takes it, and SUCCESSFUL or FAILED
when it is done. A worker that dies in between (killed, or its database lost
in the middle of the task, so it cannot write the outcome either) leaves the
row RUNNING, and no worker takes a RUNNING task again: without this command
that email would never be sent.

A task that has been RUNNING for longer than any task can take is one whose
worker is gone; this command marks it READY again and the next free worker
runs it. After its third run that lost its worker it is marked FAILED
instead (blogsite.tasks.MAX_RUNS): it may be what kills its workers. The
site's tasks are emails, and each send gives up after EMAIL_TIMEOUT (5 s by
default), so the default 10 minutes leaves a wide margin. Run it every few
minutes beside `db_worker` (cron, a systemd timer; `make stack` runs it
every minute with settle_orders). It is safe to run while workers run, and
to run twice.

A task run again may repeat what its first run did before the worker died:
an email that went out just before its worker died, before the task could
record it, goes out twice, which is better than never. (The order
confirmation records on the order that it was sent, so it is sent twice only
if the worker died between the two.)
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from blogsite.management.base import database_needed, minutes
from blogsite.tasks import STALLED_AFTER, tasks_requeue_stalled


class Command(BaseCommand):
    help = "Run again the background tasks left RUNNING by a worker that died (killed, or its database lost)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=minutes,
            default=STALLED_AFTER,
            metavar="MINUTES",
            help=f"Only tasks running for at least this long (default {STALLED_AFTER.seconds // 60}): "
            "longer than any task takes, so that no live worker's task is run twice. "
            "0 when no worker runs.",
        )

    def handle(self, *args, older_than: timedelta, **options):
        with database_needed("the stalled tasks wait"):
            report = tasks_requeue_stalled(older_than=older_than)
        self.stdout.write(str(report))
