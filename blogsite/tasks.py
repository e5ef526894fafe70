"""The background task queue's upkeep (django-tasks-db's table of tasks)."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# Far longer than any task takes: an email send waits at most EMAIL_TIMEOUT (5 s by default)
# on each network step (connect, each SMTP command or the HTTP call), and makes only a few.
STALLED_AFTER = timedelta(minutes=10)
# A task whose worker died this many times while running it is not run again:
# it may be what kills its workers (memory, a crash in a library).
MAX_RUNS = 3


class WorkerDied(Exception):
    """Recorded as a task's error when its workers died each time they ran it."""


@dataclass(frozen=True)
class RequeueReport:
    requeued: int
    failed: int

    def __str__(self) -> str:
        return (
            f"{self.requeued} stalled tasks marked READY to run again, "
            f"{self.failed} failed after {MAX_RUNS} runs that each lost their worker."
        )


def tasks_requeue_stalled(*, older_than: timedelta = STALLED_AFTER) -> RequeueReport:
    """Mark READY the tasks RUNNING since before `older_than` ago (their worker died), or FAILED after MAX_RUNS."""
    now = timezone.now()
    requeued = failed = 0
    stalled = DBTaskResult.objects.running().filter(started_at__lt=now - older_than)
    for task in stalled.only("id", "worker_ids", "task_path", "args_kwargs"):
        # Each update is conditional on the task still RUNNING: a worker that
        # did finish meanwhile wrote its outcome, and its row no longer matches.
        still_running = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
        if len(task.worker_ids) < MAX_RUNS:
            requeued += still_running.update(status=TaskResultStatus.READY)
        elif still_running.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerDied.__module__}.{WorkerDied.__qualname__}",
            traceback=f"Its worker died each of the {len(task.worker_ids)} times it ran this task; not run again.",
        ):
            failed += 1
            # An email that will not go out: the log says which, with its request's id.
            logger.error(
                "Task %s %s %s failed: its worker died each of the %d times it ran it; not run again",
                task.pk,
                task.task_path,
                task.args_kwargs,
                len(task.worker_ids),
            )
    return RequeueReport(requeued=requeued, failed=failed)
