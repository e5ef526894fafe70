"""Settling the orders a payment outage left pending: orders_settle_pending() and `manage.py settle_orders`.

The payment service is the local Stripe of conftest: an order goes pending
when it stalls or fails, and settling sends the same charge (same
idempotency key) again.
"""

import logging
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import Notification
from orders.exceptions import PaymentDeclined
from orders.models import Order
from orders.payments.stripe import PAYMENT_KEY_METADATA
from orders.services import _order_settle, orders_settle_pending
from tests.orders.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/orders/"
SERVER_ERROR = (500, {"error": {"type": "api_error", "message": "Something went wrong."}})


def place_pending(client, stripe_server, product, card="pm_card_visa", quantity=2):
    """An order without an Idempotency-Key that the payment service answered with a 500."""
    stripe_server.errors.append(SERVER_ERROR)
    body = {"items": [{"product_id": product.pk, "quantity": quantity}], "payment_token": card}
    response = client.post(URL, body, format="json")
    assert response.status_code == 503
    return Order.objects.get(pk=response.json()["id"])


def settle(**kwargs):
    """Settle as a run of the command some minutes after the orders were placed would."""
    return orders_settle_pending(now=timezone.now() + timedelta(minutes=6), **kwargs)


def test_a_pending_order_is_kept_with_its_payment_method_until_settled(auth_client, product, stripe_server):
    order = place_pending(auth_client, stripe_server, product)

    assert order.status == Order.Status.PENDING
    assert order.payment_token == "pm_card_visa"
    shown = auth_client.get(f"{URL}{order.pk}/")
    assert shown.status_code == 200
    assert shown.json()["status"] == "pending"
    assert "payment_token" not in shown.json()


def test_settling_charges_the_same_payment_once_and_marks_the_order_paid(
    auth_client, user, product, stripe_server, mailoutbox, django_capture_on_commit_callbacks
):
    order = place_pending(auth_client, stripe_server, product)

    with django_capture_on_commit_callbacks(execute=True):
        report = settle()

    assert report.paid == [order.pk]
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.payment_id == "pi_1"
    assert order.payment_token == ""  # not kept once settled
    assert [r["headers"]["Idempotency-Key"] for r in stripe_server.requests] == [order.payment_key] * 2
    assert stripe_server.charges == 1
    product.refresh_from_db()
    assert product.stock == 8  # taken once, by the order
    assert [m.subject for m in mailoutbox] == [f"Your order #{order.pk} is confirmed"]
    assert Notification.objects.filter(user=user, message__contains=f"#{order.pk}").count() == 1


def test_a_charge_that_went_through_before_the_timeout_is_recorded_not_repeated(auth_client, product, stripe_server):
    stripe_server.delays.append(1.5)  # longer than EXTERNAL_TIMEOUT: we give up, Stripe still charges
    response = auth_client.post(
        URL, {"items": [{"product_id": product.pk, "quantity": 1}], "payment_token": "pm_card_visa"}, format="json"
    )
    assert response.status_code == 503
    assert stripe_server.answered.wait(timeout=10)

    assert settle().paid == [response.json()["id"]]
    assert stripe_server.charges == 1
    assert len(stripe_server.intents) == 1


def test_a_decline_when_settling_fails_the_order_and_gives_the_stock_back(auth_client, product, stripe_server):
    order = place_pending(auth_client, stripe_server, product, card="pm_card_chargeDeclined")

    report = settle()

    assert report.failed == [order.pk]
    order.refresh_from_db()
    assert order.status == Order.Status.FAILED
    assert order.payment_detail == "Your card was declined."
    assert order.payment_token == ""
    product.refresh_from_db()
    assert product.stock == 10


def test_the_service_still_down_leaves_every_order_pending_after_one_try(auth_client, product, stripe_server):
    first = place_pending(auth_client, stripe_server, product)
    second = place_pending(auth_client, stripe_server, ProductFactory(stock=5))
    stripe_server.errors.append(SERVER_ERROR)

    report = settle()

    assert report.pending == [first.pk, second.pk]
    assert report.paid == report.failed == []
    assert len(stripe_server.requests) == 3  # two placements, then one try: the run stops at the first failure
    assert set(Order.objects.values_list("status", flat=True)) == {Order.Status.PENDING}
    product.refresh_from_db()
    assert product.stock == 8  # still held

    assert sorted(settle().paid) == [first.pk, second.pk]  # the next run, with the service back
    assert stripe_server.charges == 2


def test_an_order_the_service_keeps_failing_goes_to_the_back_of_the_line(auth_client, product, stripe_server):
    stuck = place_pending(auth_client, stripe_server, product)
    other = place_pending(auth_client, stripe_server, ProductFactory(stock=5))
    stripe_server.errors.append(SERVER_ERROR)
    assert settle().pending == [stuck.pk, other.pk]  # the oldest first: no answer, the run stops

    # The next run begins with the order tried longest ago: the other one, now.
    report = settle()

    assert report.paid == [other.pk, stuck.pk]
    assert stripe_server.requests[-2]["headers"]["Idempotency-Key"] == other.payment_key
    assert stripe_server.requests[-1]["headers"]["Idempotency-Key"] == stuck.payment_key


def test_orders_younger_than_the_wait_are_left_to_their_clients(auth_client, product, stripe_server):
    order = place_pending(auth_client, stripe_server, product)

    report = orders_settle_pending()  # now: the order is seconds old

    assert report.pending == report.paid == []
    assert len(stripe_server.requests) == 1
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


def test_an_order_is_settled_once_it_has_been_pending_five_minutes(auth_client, product, stripe_server):
    order = place_pending(auth_client, stripe_server, product)

    assert orders_settle_pending(now=order.created_at + timedelta(minutes=4, seconds=59)).paid == []
    assert orders_settle_pending(now=order.created_at + timedelta(minutes=5)).paid == [order.pk]


def test_settled_orders_are_not_touched(auth_client, product, stripe_server):
    paid = auth_client.post(
        URL, {"items": [{"product_id": product.pk, "quantity": 1}], "payment_token": "pm_card_visa"}, format="json"
    )
    assert paid.status_code == 201

    report = settle()

    assert report.paid == report.failed == report.pending == report.too_old == []
    assert len(stripe_server.requests) == 1


def test_an_order_past_the_payment_services_idempotency_window_is_left_for_a_person(
    auth_client, product, stripe_server, caplog
):
    order = place_pending(auth_client, stripe_server, product)

    with caplog.at_level(logging.ERROR, logger="orders.services"):
        report = orders_settle_pending(now=order.created_at + timedelta(hours=23, seconds=1))

    assert report.too_old == [order.pk]
    assert len(stripe_server.requests) == 1  # a charge sent again after 24 h could be a second one
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING
    assert f"Order #{order.pk}, pending since" in caplog.text
    assert "too old to charge again" in caplog.text
    assert order.payment_key in caplog.text


def test_an_order_pending_23_hours_exactly_is_still_charged_again(auth_client, product, stripe_server):
    order = place_pending(auth_client, stripe_server, product)

    report = orders_settle_pending(now=order.created_at + timedelta(hours=23))

    assert report.paid == [order.pk]
    assert report.too_old == []
    assert stripe_server.charges == 1


def test_a_pending_order_without_a_payment_method_is_left_for_a_person(auth_client, product, stripe_server, caplog):
    order = place_pending(auth_client, stripe_server, product)
    Order.objects.filter(pk=order.pk).update(payment_token="")  # placed before the payment method was kept

    with caplog.at_level(logging.ERROR, logger="orders.services"):
        assert settle().too_old == [order.pk]
    assert len(stripe_server.requests) == 1
    assert "has no payment method kept" in caplog.text


def test_the_clients_own_retry_after_the_window_charges_nothing(auth_client, product, stripe_server):
    body = {"items": [{"product_id": product.pk, "quantity": 2}], "payment_token": "pm_card_visa"}
    stripe_server.errors.append(SERVER_ERROR)
    assert auth_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="late").status_code == 503
    Order.objects.update(created_at=timezone.now() - timedelta(hours=24))

    again = auth_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="late")

    assert again.status_code == 503
    assert again.json()["status"] == "pending"
    assert len(stripe_server.requests) == 1  # the payment service has forgotten the key: a second charge is possible


def test_a_charge_that_lands_after_staff_failed_the_order_is_recorded_and_logged(
    auth_client, product, stripe_server, caplog
):
    order = place_pending(auth_client, stripe_server, product)
    # Staff fail the order while its charge is on the way (the settler's, here):
    # the charge answers after the order is failed.
    Order.objects.filter(pk=order.pk).update(status=Order.Status.FAILED, payment_detail="Canceled by staff.")

    with caplog.at_level(logging.ERROR, logger="orders.services"), pytest.raises(PaymentDeclined):
        _order_settle(order=order, payment_token="pm_card_visa")

    order.refresh_from_db()
    assert order.status == Order.Status.FAILED
    assert order.payment_id == "pi_1"
    assert stripe_server.charges == 1
    assert f"Order #{order.pk} was failed while its charge pi_1 went through" in caplog.text


def test_the_command_reports_what_it_did(auth_client, product, stripe_server, capsys):
    order = place_pending(auth_client, stripe_server, product)

    call_command("settle_orders", "--older-than", "0")

    assert capsys.readouterr().out.strip() == ("paid 1, declined 0, still pending 0, too old to charge again 0")
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_the_command_says_when_the_service_gave_no_answer(auth_client, product, stripe_server, capsys):
    place_pending(auth_client, stripe_server, product)
    stripe_server.errors.append(SERVER_ERROR)

    call_command("settle_orders", "--older-than", "0")

    output = capsys.readouterr()
    assert output.out.strip() == "paid 0, declined 0, still pending 1, too old to charge again 0"
    assert "no answer" in output.err


def test_the_command_waits_five_minutes_by_default(auth_client, product, stripe_server, capsys):
    place_pending(auth_client, stripe_server, product)

    call_command("settle_orders")

    assert capsys.readouterr().out.startswith("paid 0, declined 0, still pending 0")
    assert len(stripe_server.requests) == 1


@pytest.mark.parametrize("value", ["soon", "-1", "1441", "nan"])
def test_the_command_refuses_a_wait_that_is_not_minutes(value):
    with pytest.raises(CommandError, match="--older-than"):
        call_command("settle_orders", "--older-than", value)


# Looking the charge up: Stripe replays its first answer to a key for 24 hours,
# a 500 or a "processing" intent included; its search shows the intent as it is now.


def processing(intent_id="pi_1"):
    return 200, {"id": intent_id, "object": "payment_intent", "status": "processing"}


def place_replayed(client, stripe_server, product, answer):
    """An order Stripe charged, but whose key it answers with `answer` (a 500, "processing") for 24 hours."""
    stripe_server.replayed.append(answer)
    body = {"items": [{"product_id": product.pk, "quantity": 2}], "payment_token": "pm_card_visa"}
    response = client.post(URL, body, format="json")
    assert response.status_code == 503
    return Order.objects.get(pk=response.json()["id"])


def test_the_charge_carries_the_orders_key_for_the_search(auth_client, product, stripe_server):
    order = place_pending(auth_client, stripe_server, product)

    assert stripe_server.requests[0]["form"][f"metadata[{PAYMENT_KEY_METADATA}]"] == order.payment_key


def test_an_order_whose_first_answer_was_a_saved_500_is_settled_by_its_charge_as_it_is_now(
    auth_client, product, stripe_server
):
    # Stripe charged, and saved a 500 as the answer to the key.
    order = place_replayed(auth_client, stripe_server, product, SERVER_ERROR)

    report = settle()

    assert report.paid == [order.pk]
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.payment_id == "pi_1"
    assert stripe_server.searches == [f"metadata['{PAYMENT_KEY_METADATA}']:'{order.payment_key}'"]
    assert len(stripe_server.requests) == 1  # found: not charged again
    assert stripe_server.intents[order.payment_key] == SERVER_ERROR  # the key's answer is still the 500 ...
    assert stripe_server.charges == 1  # ... for one charge that went through


def test_a_processing_charge_is_settled_once_it_has_gone_through(auth_client, product, stripe_server):
    order = place_replayed(auth_client, stripe_server, product, processing())
    stripe_server.intent_for(order.payment_key)["status"] = "processing"

    assert settle().pending == [order.pk]  # still processing: nothing is known yet
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING

    stripe_server.intent_for(order.payment_key)["status"] = "succeeded"
    assert settle().paid == [order.pk]
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    assert len(stripe_server.requests) == 1  # the replayed "processing" was never asked for again


def test_a_charge_found_declined_fails_the_order_and_gives_the_stock_back(auth_client, product, stripe_server):
    order = place_replayed(auth_client, stripe_server, product, processing())
    stripe_server.intent_for(order.payment_key).update(
        status="requires_payment_method", last_payment_error={"message": "Your card has insufficient funds."}
    )

    assert settle().failed == [order.pk]

    order.refresh_from_db()
    assert order.status == Order.Status.FAILED
    assert order.payment_detail == "Your card has insufficient funds."
    product.refresh_from_db()
    assert product.stock == 10


@pytest.mark.parametrize(
    "answer",
    [
        (500, {"error": {"type": "api_error", "message": "Search is down."}}),
        (400, {"error": {"type": "invalid_request_error", "message": "Search is not available in your country."}}),
        (200, {"object": "search_result", "data": "not a list"}),
        (200, {"object": "search_result", "data": [{"object": "payment_intent"}]}),
    ],
)
def test_a_search_without_a_clear_answer_falls_back_to_the_charge_with_the_same_key(
    auth_client, product, stripe_server, answer
):
    order = place_pending(auth_client, stripe_server, product)
    stripe_server.search_errors.append(answer)

    assert settle().paid == [order.pk]

    assert [r["headers"]["Idempotency-Key"] for r in stripe_server.requests] == [order.payment_key] * 2
    assert stripe_server.charges == 1


def test_an_order_past_the_window_is_settled_when_its_charge_is_found(auth_client, product, stripe_server):
    order = place_replayed(auth_client, stripe_server, product, SERVER_ERROR)

    report = orders_settle_pending(now=order.created_at + timedelta(hours=30))

    assert report.paid == [order.pk]
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    assert len(stripe_server.requests) == 1


def test_an_order_first_charged_without_the_metadata_is_still_settled_by_its_first_charge(
    auth_client, product, stripe_server
):
    # Charged before the key went into the metadata: Stripe refuses the key with
    # other parameters, so the charge is sent again as it was first sent.
    stripe_server.delays.append(1.5)  # our request gives up; Stripe still charges
    body = {"items": [{"product_id": product.pk, "quantity": 2}], "payment_token": "pm_card_visa"}
    order = Order.objects.get(pk=auth_client.post(URL, body, format="json").json()["id"])
    assert stripe_server.answered.wait(timeout=10)
    first_form = stripe_server.forms[order.payment_key]
    del first_form[f"metadata[{PAYMENT_KEY_METADATA}]"]
    stripe_server.intent_for(order.payment_key)["metadata"].clear()

    assert settle().paid == [order.pk]

    assert stripe_server.charges == 1
    assert [r["headers"]["Idempotency-Key"] for r in stripe_server.requests] == [order.payment_key] * 3
    assert stripe_server.requests[-1]["form"] == first_form


def test_an_order_past_the_window_whose_charge_is_still_processing_is_left_for_a_person(
    auth_client, product, stripe_server, caplog
):
    order = place_replayed(auth_client, stripe_server, product, processing())
    stripe_server.intent_for(order.payment_key)["status"] = "processing"

    with caplog.at_level(logging.ERROR, logger="orders.services"):
        report = orders_settle_pending(now=order.created_at + timedelta(hours=30))

    assert report.too_old == [order.pk]
    assert report.pending == []
    assert "still under way" in caplog.text
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


def test_a_search_result_of_another_key_is_not_taken(auth_client, product, stripe_server):
    order = place_replayed(auth_client, stripe_server, product, SERVER_ERROR)
    # The search finds the intent, but retrieving it shows another order's key.
    stripe_server.intent_for(order.payment_key)["status"] = "canceled"
    stripe_server.search_errors.append(
        (200, {"object": "search_result", "data": [{"id": "pi_1"}], "has_more": False, "url": "/v1/x"})
    )
    stripe_server.current["pi_1"]["metadata"][PAYMENT_KEY_METADATA] = "order-999-x"

    report = settle()

    # Not failed by another order's canceled intent: charged again with its own key, which replays the 500.
    assert report.pending == [order.pk]
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


def test_the_charge_is_taken_from_the_intent_itself_not_from_a_stale_search_index(auth_client, product, stripe_server):
    order = place_replayed(auth_client, stripe_server, product, SERVER_ERROR)
    stale = {**stripe_server.intent_for(order.payment_key), "status": "requires_payment_method"}
    stripe_server.search_errors.append((200, {"object": "search_result", "data": [stale], "has_more": False}))

    assert settle().paid == [order.pk]  # the intent itself went through: not failed on the index's word
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
