"""Every email the site sends, as background tasks that retry.

Callers enqueue these tasks with `enqueue_with()`, from inside the
transaction that calls for the email. django-tasks has no retries of its own, so a send
that fails is logged and the task enqueued again with a growing `run_after`
delay (1, 5, 25 minutes), up to MAX_ATTEMPTS; the last failure is logged at
error and re-raised, so the task's result records it as failed. A backend
that cannot defer (the immediate one, in development, which runs the task
inside the request) makes one attempt only: retrying at once would hold the
request for MAX_ATTEMPTS timeouts while the mail server is down.

A task carries the id of the request that called for it (`request_id`), and
its log lines in the worker carry that id, as the request's own lines do.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend

from accounts.models import User
from blogsite.log import request_id_var
from orders.models import Order

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
FIRST_RETRY_DELAY = timedelta(minutes=1)
RETRY_BACKOFF = 5


def enqueue_with(task_: Task, **kwargs) -> None:
    """Enqueue `task_` as part of the current transaction's outcome.

    With the production backend (django_tasks_db) the task is a row in this
    same database, written inside the transaction: it commits with the writes
    that call for it, or not at all. Enqueued after the commit instead, a
    process killed or a database lost between the two (both seen in outage
    drills) dropped the email of a paid order. Other backends (the immediate
    one runs the task at once, in development) enqueue after the commit, so
    an email never goes out for a write that rolled back.
    """
    kwargs["request_id"] = request_id_var.get()
    if isinstance(task_.get_backend(), DatabaseBackend):
        task_.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task_.enqueue(**kwargs), robust=True)


def _retry_later(task_: Task, *, attempt: int, error: Exception, request_id: str, **kwargs) -> None:
    if not task_.get_backend().supports_defer:
        logger.error(
            "Email task %s %s failed and is not retried (this task backend cannot run it later): %s",
            task_.name,
            kwargs,
            error,
        )
        raise error
    if attempt >= MAX_ATTEMPTS:
        logger.error("Email task %s %s failed for good after %d attempts: %s", task_.name, kwargs, attempt, error)
        raise error
    delay = FIRST_RETRY_DELAY * RETRY_BACKOFF ** (attempt - 1)
    logger.warning(
        "Email task %s %s failed (attempt %d), retrying in %s: %s", task_.name, kwargs, attempt, delay, error
    )
    task_.using(run_after=timezone.now() + delay).enqueue(attempt=attempt + 1, request_id=request_id, **kwargs)


def _send_or_retry_later(
    task_: Task,
    *,
    attempt: int,
    request_id: str,
    task_kwargs: dict,
    to: str,
    subject: str,
    template: str,
    context: dict,
) -> bool:
    """Send the email, True if it went; if it fails, `task_` is enqueued again with `task_kwargs` (_retry_later).

    Its log lines carry the id of the request that called for the email.
    """
    token = request_id_var.set(request_id)
    try:
        message = EmailMultiAlternatives(subject, render_to_string(f"emails/{template}.txt", context), to=[to])
        message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
        message.send()
    except Exception as error:
        _retry_later(task_, attempt=attempt, error=error, request_id=request_id, **task_kwargs)
        return False
    finally:
        request_id_var.reset(token)
    return True


@task()
def order_confirmation_send(*, order_id: int, attempt: int = 1, request_id: str = "-") -> None:
    order = Order.objects.select_related("user").get(pk=order_id)
    if order.confirmation_sent_at is not None:
        return  # Sent already: a repeated task never sends it twice.
    sent = _send_or_retry_later(
        order_confirmation_send,
        attempt=attempt,
        request_id=request_id,
        task_kwargs={"order_id": order_id},
        to=order.user.email,
        subject=f"Your order #{order.pk} is confirmed",
        template="order_confirmation",
        context={"order": order, "items": order.items.select_related("product"), "user": order.user},
    )
    if sent:
        Order.objects.filter(pk=order_id, confirmation_sent_at__isnull=True).update(confirmation_sent_at=timezone.now())


@task()
def welcome_send(*, user_id: int, attempt: int = 1, request_id: str = "-") -> None:
    user = User.objects.get(pk=user_id)
    _send_or_retry_later(
        welcome_send,
        attempt=attempt,
        request_id=request_id,
        task_kwargs={"user_id": user_id},
        to=user.email,
        subject="Welcome to blogsite",
        template="welcome",
        context={"user": user},
    )
