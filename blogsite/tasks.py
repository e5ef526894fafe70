"""The background task queue's upkeep (django-tasks-db's table of tasks)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# Far longer than any task takes: each email send gives up after EMAIL_TIMEOUT (5 s by default).
STALLED_AFTER = timedelta(minutes=10)


def tasks_requeue_stalled(*, older_than: timedelta = STALLED_AFTER) -> int:
    """Mark READY the tasks RUNNING since before `older_than` ago (their worker died); returns how many."""
    # One UPDATE: a worker that did finish meanwhile wrote its outcome, and
    # its row no longer matches.
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lt=timezone.now() - older_than)
        .update(status=TaskResultStatus.READY)
    )
