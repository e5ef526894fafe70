"""`manage.py requeue_stalled_tasks`: a task whose worker died while running it is run again, and no other is."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from blogsite.mail import welcome_send
from tests.factories import UserFactory

# transaction=True: db_worker closes the connection between tasks, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tasks(settings):
    """The production task backend: tasks are rows that `manage.py db_worker` runs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")


def requeue(*args) -> str:
    out = StringIO()
    call_command("requeue_stalled_tasks", *args, stdout=out)
    return out.getvalue()


def welcome_task(*, email: str, status: str = TaskResultStatus.RUNNING, started_ago: timedelta) -> DBTaskResult:
    """A welcome email's task, as a worker left it `started_ago` (taken, and then nothing more if RUNNING)."""
    user = UserFactory(email=email)
    welcome_send.enqueue(user_id=user.pk)
    task = DBTaskResult.objects.get(args_kwargs__kwargs__user_id=user.pk)
    task.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=task.pk).update(status=status, started_at=timezone.now() - started_ago)
    return task


def status_of(task: DBTaskResult) -> str:
    return DBTaskResult.objects.values_list("status", flat=True).get(pk=task.pk)


def test_a_task_running_past_the_limit_is_run_again_by_the_next_worker(mailoutbox):
    task = welcome_task(email="stalled@example.com", started_ago=timedelta(minutes=11))
    run_worker()
    assert mailoutbox == []  # no worker takes a RUNNING task: without the command it waits forever

    assert (
        requeue() == "1 stalled tasks marked READY to run again, 0 failed after 3 runs that each lost their worker.\n"
    )
    assert status_of(task) == TaskResultStatus.READY

    run_worker()
    [message] = mailoutbox
    assert message.to == ["stalled@example.com"]
    assert status_of(task) == TaskResultStatus.SUCCESSFUL


def test_a_task_running_for_less_than_the_limit_is_left_to_its_worker(mailoutbox):
    task = welcome_task(email="busy@example.com", started_ago=timedelta(minutes=9))

    assert requeue().startswith("0 stalled tasks marked READY to run again, 0 failed")
    run_worker()

    assert status_of(task) == TaskResultStatus.RUNNING
    assert mailoutbox == []


def test_finished_tasks_are_never_run_again(mailoutbox):
    done = welcome_task(email="done@example.com", status=TaskResultStatus.SUCCESSFUL, started_ago=timedelta(hours=2))
    failed = welcome_task(email="failed@example.com", status=TaskResultStatus.FAILED, started_ago=timedelta(hours=2))

    assert requeue("--older-than", "0").startswith("0 stalled tasks marked READY to run again, 0 failed")
    run_worker()

    assert (status_of(done), status_of(failed)) == (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    assert mailoutbox == []


def test_older_than_sets_the_limit_in_minutes():
    recent = welcome_task(email="recent@example.com", started_ago=timedelta(minutes=3))
    older = welcome_task(email="older@example.com", started_ago=timedelta(minutes=6))

    requeue("--older-than", "5")

    assert (status_of(recent), status_of(older)) == (TaskResultStatus.RUNNING, TaskResultStatus.READY)


@pytest.mark.parametrize(("value", "error"), [("soon", "a number of minutes"), ("-1", "between 0 and 1440")])
def test_older_than_refuses_what_is_not_a_number_of_minutes(value, error):
    task = welcome_task(email="kept@example.com", started_ago=timedelta(hours=1))

    with pytest.raises(CommandError, match=error):
        requeue("--older-than", value)

    assert status_of(task) == TaskResultStatus.RUNNING


def test_a_task_whose_worker_died_on_each_of_three_runs_is_failed_not_run_again(mailoutbox, caplog):
    task = welcome_task(email="killer@example.com", started_ago=timedelta(minutes=11))
    DBTaskResult.objects.filter(pk=task.pk).update(worker_ids=["first-worker", "second-worker", "third-worker"])

    assert (
        requeue() == "0 stalled tasks marked READY to run again, 1 failed after 3 runs that each lost their worker.\n"
    )
    # Logged as the error it is (an email that will not go out), naming the task and its arguments.
    [error] = [r for r in caplog.records if r.name == "blogsite.tasks"]
    assert error.levelname == "ERROR"
    assert str(task.pk) in error.getMessage() and "welcome_send" in error.getMessage()
    run_worker()

    failed = DBTaskResult.objects.get(pk=task.pk)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "blogsite.tasks.WorkerDied"
    assert "died each of the 3 times" in failed.traceback
    assert failed.task_result.errors[0].exception_class.__name__ == "WorkerDied"
    assert mailoutbox == []


def test_a_task_on_its_second_lost_worker_is_still_run_again(mailoutbox):
    task = welcome_task(email="unlucky@example.com", started_ago=timedelta(minutes=11))
    DBTaskResult.objects.filter(pk=task.pk).update(worker_ids=["first-worker", "second-worker"])

    requeue()
    run_worker()

    assert status_of(task) == TaskResultStatus.SUCCESSFUL
    assert [message.to for message in mailoutbox] == [["unlucky@example.com"]]
