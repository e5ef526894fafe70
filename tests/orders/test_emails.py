"""Order confirmation and welcome emails: sent after commit, once, retried when the mail server fails."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification
from blogsite import mail
from blogsite.log import RequestIdFilter
from orders import services
from orders.models import Order
from tests.orders.factories import ProductFactory

URL = "/api/orders/"


def order_body(product, card="pm_card_visa"):
    return {"items": [{"product_id": product.pk, "quantity": 2}], "payment_token": card}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the request queued for after its commit (the test's own transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def broken_smtp(settings, closed_port):
    """Django's SMTP backend pointed at a local port where no mail server listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1


@pytest.fixture
def database_tasks(settings):
    """The production task backend: tasks are rows that `manage.py db_worker` runs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")


@pytest.mark.django_db
def test_a_paid_order_sends_one_confirmation_with_number_and_total(auth_client, user, product, mailoutbox, on_commit):
    with on_commit():
        response = auth_client.post(URL, order_body(product), format="json")
    order = Order.objects.get(pk=response.json()["id"])

    [message] = mailoutbox
    assert message.to == [user.email]
    assert message.subject == f"Your order #{order.pk} is confirmed"
    assert f"#{order.pk}" in message.body
    assert "Total: 25.00 EUR" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f"#{order.pk}" in html
    assert "25.00 EUR" in html
    assert order.confirmation_sent_at is not None


@pytest.mark.django_db
def test_a_replayed_order_sends_no_second_confirmation(auth_client, product, mailoutbox, on_commit):
    for _ in range(2):
        with on_commit():
            auth_client.post(URL, order_body(product), format="json", HTTP_IDEMPOTENCY_KEY="once")
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_repeated_confirmation_task_does_not_send_twice(auth_client, product, mailoutbox, on_commit):
    with on_commit():
        order_id = auth_client.post(URL, order_body(product), format="json").json()["id"]
    mail.order_confirmation_send.enqueue(order_id=order_id)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_declined_order_sends_nothing(auth_client, product, mailoutbox, on_commit):
    with on_commit():
        response = auth_client.post(URL, order_body(product, card="pm_card_chargeDeclined"), format="json")
    assert response.status_code == 402
    assert mailoutbox == []


@pytest.mark.django_db
def test_registration_sends_a_welcome_email(api_client, mailoutbox, on_commit):
    with on_commit():
        response = api_client.post(
            "/api/auth/register/",
            {"username": "newcomer", "email": "newcomer@example.com", "password": "Str0ngPassw0rd"},
            format="json",
        )
    assert response.status_code == 201
    [message] = mailoutbox
    assert message.to == ["newcomer@example.com"]
    assert "newcomer" in message.body
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_a_failing_mail_server_leaves_the_order_paid(auth_client, product, broken_smtp, on_commit, caplog):
    """With the immediate backend (development), one attempt inside the request, logged; no retries.

    Retrying at once held the request for MAX_ATTEMPTS timeouts of the mail server.
    """
    with on_commit():
        response = auth_client.post(URL, order_body(product), format="json")

    assert response.status_code == 201
    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert order.confirmation_sent_at is None
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "blogsite.mail"] == [
        (
            "ERROR",
            f"Email task order_confirmation_send {{'order_id': {order.pk}}} failed and is not retried "
            "(this task backend cannot run it later): [Errno 111] Connection refused",
        )
    ]


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_retried_later_by_the_worker(
    auth_client, product, broken_smtp, database_tasks, settings, mailoutbox, caplog
):
    response = auth_client.post(URL, order_body(product), format="json", HTTP_X_REQUEST_ID="order-req-1")
    assert response.status_code == 201
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "blogsite.mail.order_confirmation_send"
    caplog.handler.addFilter(RequestIdFilter())

    run_worker()

    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert order.confirmation_sent_at is None
    retry = DBTaskResult.objects.get(status="READY")
    # The task, and its retry, carry the id of the request that called for them, and so do their log lines.
    assert retry.args_kwargs["kwargs"] == {"order_id": order.pk, "attempt": 2, "request_id": "order-req-1"}
    [failed] = [record for record in caplog.records if record.name == "blogsite.mail"]
    assert (failed.levelname, failed.request_id) == ("WARNING", "order-req-1")
    assert "{'order_id'" in failed.getMessage() and "order-req-1" not in failed.getMessage()
    assert timezone.now() + timedelta(seconds=50) < retry.run_after < timezone.now() + timedelta(seconds=70)

    # The mail server is back and the retry is due: the email goes out, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert len(mailoutbox) == 1
    assert Order.objects.get().confirmation_sent_at is not None
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_last_failed_attempt_is_recorded_as_failed(user, product, broken_smtp, database_tasks, caplog):
    order = Order.objects.create(user=user, status=Order.Status.PAID, total_amount=25)
    mail.order_confirmation_send.enqueue(order_id=order.pk, attempt=mail.MAX_ATTEMPTS)

    run_worker()

    [result] = DBTaskResult.objects.all()
    assert result.status == "FAILED"
    assert "ConnectionRefusedError" in result.exception_class_path
    assert any(r.name == "blogsite.mail" and r.levelname == "ERROR" for r in caplog.records)
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@pytest.mark.django_db
def test_the_text_email_is_not_html_escaped_and_the_html_one_is(auth_client, mailoutbox, on_commit):
    product = ProductFactory(name='Mug <b>"Tom & Jerry"</b>')

    with on_commit():
        auth_client.post(URL, order_body(product), format="json")

    [message] = mailoutbox
    assert '2 x Mug <b>"Tom & Jerry"</b> at 12.50 EUR' in message.body
    [(html, _)] = message.alternatives
    assert "<td>Mug &lt;b&gt;" in html
    assert "Tom &amp; Jerry" in html
    assert "<b>" not in html


@pytest.mark.django_db
def test_with_the_production_backend_the_email_task_is_written_with_the_paid_order(
    user, product, database_tasks, django_capture_on_commit_callbacks
):
    # Nothing is left for after the commit, which a killed process or a lost
    # database can prevent: the task row and the notification are part of it.
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        order = services.order_place(
            user=user, items=[{"product_id": product.pk, "quantity": 1}], payment_token="pm_card_visa"
        )

    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "blogsite.mail.order_confirmation_send"
    assert queued.args_kwargs["kwargs"] == {"order_id": order.pk, "request_id": "-"}  # not in a request
    assert Notification.objects.filter(user=user, message__contains=f"#{order.pk}").count() == 1
    assert not [callback for callback in after_commit if "enqueue" in repr(callback)]


@pytest.mark.django_db
def test_an_order_rolled_back_leaves_no_email_task_and_no_notification(user, product, database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.order_place(user=user, items=[{"product_id": product.pk, "quantity": 1}], payment_token="pm_card_visa")
        raise RuntimeError("the caller's transaction fails after the order")

    assert not Order.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_with_the_development_backend_the_email_goes_only_after_the_commit(
    user, product, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        services.order_place(user=user, items=[{"product_id": product.pk, "quantity": 1}], payment_token="pm_card_visa")
    assert mailoutbox == []  # not sent from inside the transaction

    for callback in after_commit:
        callback()
    assert len(mailoutbox) == 1
