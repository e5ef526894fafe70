"""The stripe backend against a local server that speaks Stripe's PaymentIntents API (see conftest)."""

from decimal import Decimal

import pytest

from orders.models import Order
from orders.payments.stripe import PAYMENT_KEY_METADATA
from tests.orders.conftest import API_KEY
from tests.orders.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/orders/"


def order(client, product, quantity=2, card="pm_card_visa", key="checkout-1"):
    body = {"items": [{"product_id": product.pk, "quantity": quantity}], "payment_token": card}
    return client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_paid_order_is_one_confirmed_payment_intent_in_cents(auth_client, product, stripe_server):
    response = order(auth_client, product)

    assert response.status_code == 201
    assert response.json()["payment_id"] == "pi_1"
    [sent] = stripe_server.requests
    assert sent["form"] == {
        "amount": "2500",
        "currency": "eur",
        "payment_method": "pm_card_visa",
        "payment_method_types[0]": "card",
        "confirm": "true",
        "description": f"blogsite order #{response.json()['id']}",
        f"metadata[{PAYMENT_KEY_METADATA}]": Order.objects.get().payment_key,
    }
    placed = Order.objects.get()
    assert sent["headers"]["Idempotency-Key"] == placed.payment_key
    assert sent["headers"]["Authorization"] == f"Bearer {API_KEY}"
    assert stripe_server.charges == 1


def test_an_amount_with_cents_is_sent_to_the_cent(auth_client, stripe_server):
    product = ProductFactory(price=Decimal("12.34"), stock=5)

    response = order(auth_client, product, quantity=3)

    assert response.status_code == 201
    assert response.json()["total_amount"] == "37.02"
    [sent] = stripe_server.requests
    assert sent["form"]["amount"] == "3702"


def test_a_replay_answers_from_the_database_without_calling_stripe(auth_client, product, stripe_server):
    first = order(auth_client, product)
    again = order(auth_client, product)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert len(stripe_server.requests) == 1


def test_a_card_error_is_a_decline(auth_client, product, stripe_server):
    response = order(auth_client, product, card="pm_card_chargeDeclined")

    placed = Order.objects.get()
    assert response.status_code == 402
    assert response.json() == {"id": placed.pk, "status": "failed", "detail": "Your card was declined."}
    assert placed.payment_id == "pi_1"
    product.refresh_from_db()
    assert product.stock == 10
    assert stripe_server.charges == 0


def test_a_payment_that_needs_authentication_is_declined(auth_client, product, stripe_server):
    response = order(auth_client, product, card="pm_card_authenticationRequired")
    assert response.status_code == 402
    assert "authentication" in response.json()["detail"]
    product.refresh_from_db()
    assert product.stock == 10


def test_an_unknown_payment_method_is_declined(auth_client, product, stripe_server):
    stripe_server.errors.append(
        (
            400,
            {
                "error": {
                    "type": "invalid_request_error",
                    "code": "resource_missing",
                    "param": "payment_method",
                    "message": "No such PaymentMethod: 'pm_nope'",
                }
            },
        )
    )
    response = order(auth_client, product, card="pm_nope")
    assert response.status_code == 402
    assert Order.objects.get().status == "failed"


def test_out_of_stock_never_reaches_stripe(auth_client, product, stripe_server):
    assert order(auth_client, product, quantity=11).status_code == 409
    assert stripe_server.requests == []


def test_a_slow_stripe_leaves_the_order_pending_and_a_retry_settles_it_with_one_charge(
    auth_client, product, stripe_server
):
    stripe_server.delays.append(1.5)  # longer than EXTERNAL_TIMEOUT: our request gives up, Stripe still charges

    first = order(auth_client, product)

    placed = Order.objects.get()
    assert first.status_code == 503
    assert first.json() == {"id": placed.pk, "status": "pending", "detail": first.json()["detail"]}
    product.refresh_from_db()
    assert product.stock == 8  # held for the pending order

    assert stripe_server.answered.wait(timeout=10)  # the stalled request has finished on Stripe's side
    again = order(auth_client, product)

    assert again.status_code == 201
    assert again.json()["id"] == placed.pk
    assert again.json()["status"] == "paid"
    # The retry looked the charge up (search, then the intent itself) and recorded it: no second charge request.
    assert [r["headers"]["Idempotency-Key"] for r in stripe_server.requests] == [placed.payment_key]
    assert len(stripe_server.searches) == 1
    assert stripe_server.charges == 1
    product.refresh_from_db()
    assert product.stock == 8


def test_an_answer_sent_a_byte_at_a_time_leaves_the_order_pending_at_the_deadline(auth_client, product, stripe_server):
    # Each byte comes well within EXTERNAL_TIMEOUT (0.5 s), the whole answer in about 3 s:
    # the SDK's timeout bounds each read, and would have waited for all of it.
    stripe_server.drips.append(3)

    first = order(auth_client, product)

    placed = Order.objects.get()
    assert first.status_code == 503
    assert first.json()["status"] == "pending"
    assert stripe_server.answered.wait(timeout=10)  # Stripe has charged meanwhile
    again = order(auth_client, product)
    assert again.status_code == 201
    assert again.json()["id"] == placed.pk
    assert stripe_server.charges == 1


def test_a_search_answered_a_byte_at_a_time_is_503_without_a_second_wait(auth_client, product, stripe_server):
    """A retry whose look-up gets no whole answer in time does not go on to wait for a charge as well."""
    stripe_server.errors.append((500, {"error": {"type": "api_error", "message": "Something went wrong."}}))
    assert order(auth_client, product).status_code == 503
    stripe_server.search_drips.append(3)

    again = order(auth_client, product)

    assert again.status_code == 503
    assert len(stripe_server.requests) == 1  # no second charge request after the search ran out of time
    assert stripe_server.search_answered.wait(timeout=10)


def test_a_stripe_server_error_is_503_then_the_retry_pays(auth_client, product, stripe_server, caplog):
    stripe_server.errors.append((500, {"error": {"type": "api_error", "message": "Something went wrong."}}))

    first = order(auth_client, product)
    assert first.status_code == 503
    assert first.json()["status"] == "pending"
    # The log says which order waits, not only that Stripe failed.
    waiting = [r for r in caplog.records if r.name == "orders.services" and r.levelname == "WARNING"]
    assert [r.getMessage() for r in waiting] == [
        f"Order #{first.json()['id']} stays pending: the payment service did not answer"
    ]

    again = order(auth_client, product)
    assert again.status_code == 201
    assert stripe_server.charges == 1


def test_a_503_tells_a_client_that_sent_no_key_that_a_retry_would_be_a_new_order(auth_client, product, stripe_server):
    stripe_server.errors.append((500, {"error": {"type": "api_error", "message": "Something went wrong."}}))
    body = {"items": [{"product_id": product.pk, "quantity": 2}], "payment_token": "pm_card_visa"}

    response = auth_client.post(URL, body, format="json")

    placed = Order.objects.get()
    assert response.status_code == 503
    assert response.json()["status"] == "pending"
    assert "Idempotency-Key to complete it" not in response.json()["detail"]
    assert f"/api/orders/{placed.pk}/" in response.json()["detail"]
    assert "new order" in response.json()["detail"]


def test_a_retry_with_another_body_is_refused_even_while_pending(auth_client, product, stripe_server):
    stripe_server.errors.append((500, {"error": {"type": "api_error", "message": "Something went wrong."}}))
    assert order(auth_client, product).status_code == 503
    assert order(auth_client, product, quantity=3).status_code == 422
    assert len(stripe_server.requests) == 1


def test_stripe_unreachable_is_503(auth_client, product, settings, closed_port):
    settings.PAYMENT_BACKEND = "stripe"
    settings.STRIPE_API_KEY = API_KEY
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{closed_port}"
    response = order(auth_client, product)
    assert response.status_code == 503
    assert response.json()["status"] == "pending"
