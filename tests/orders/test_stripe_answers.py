"""Stripe's less common answers, through the orders API: each is a decline (402) or pending (503)."""

import pytest

pytestmark = pytest.mark.django_db


def intent(status: str, **fields) -> dict:
    return {"id": "pi_odd", "object": "payment_intent", "amount": 2500, "currency": "eur", "status": status, **fields}


def place(client, product):
    body = {"items": [{"product_id": product.pk, "quantity": 2}], "payment_token": "pm_card_visa"}
    return client.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="odd-answer")


@pytest.mark.parametrize(
    ("status", "body"),
    [
        # A request Stripe refuses for a reason other than the order: our bug or our account's.
        (400, {"error": {"type": "invalid_request_error", "message": "Your account cannot currently make charges."}}),
        # A wrong API key.
        (401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}}),
        # Paid or not is not known yet.
        (200, intent("processing")),
        (200, intent("a_status_stripe_adds_later")),
        # A 200 that is not a PaymentIntent.
        (200, {"id": "pi_odd", "object": "payment_intent"}),
        (200, {"object": "payment_intent", "status": "succeeded"}),
        (200, intent(["succeeded"])),
        (200, [1, 2]),
    ],
    ids=[
        "invalid-request",
        "bad-api-key",
        "processing",
        "unknown-status",
        "no-status",
        "no-id",
        "status-a-list",
        "a-list",
    ],
)
def test_an_unknown_outcome_leaves_the_order_pending(auth_client, product, stripe_server, status, body):
    stripe_server.errors.append((status, body))

    response = place(auth_client, product)

    assert response.status_code == 503
    assert response.json()["status"] == "pending"
    product.refresh_from_db()
    assert product.stock == 8  # held for the pending order


def test_an_intent_that_needs_another_card_without_a_message_is_a_plain_decline(auth_client, product, stripe_server):
    stripe_server.errors.append((200, intent("requires_payment_method", last_payment_error="not an object")))

    response = place(auth_client, product)

    assert response.status_code == 402
    assert response.json()["detail"] == "Your card was declined."


def test_an_intent_that_needs_another_card_is_a_decline_with_stripes_message(auth_client, product, stripe_server):
    error = {"type": "card_error", "message": "Your card has insufficient funds."}
    stripe_server.errors.append((200, intent("requires_payment_method", last_payment_error=error)))

    response = place(auth_client, product)

    assert response.status_code == 402
    assert response.json()["detail"] == "Your card has insufficient funds."
    product.refresh_from_db()
    assert product.stock == 10


@pytest.mark.parametrize(
    ("status", "detail"),
    [
        ("canceled", "The payment was canceled."),
        ("requires_action", "The payment needs further authentication, which this shop does not support."),
    ],
)
def test_a_canceled_intent_or_one_wanting_3d_secure_is_a_decline_saying_which(
    auth_client, product, stripe_server, status, detail
):
    stripe_server.errors.append((200, intent(status)))

    response = place(auth_client, product)

    assert response.status_code == 402
    assert response.json()["detail"] == detail
    product.refresh_from_db()
    assert product.stock == 10


def test_an_amount_stripe_refuses_is_a_decline_that_gives_the_stock_back(auth_client, product, stripe_server):
    # Stripe's smallest charge is 0.50 EUR; the shop may sell for less.
    message = "Amount must be at least €0.50 eur"
    stripe_server.errors.append(
        (400, {"error": {"type": "invalid_request_error", "param": "amount", "message": message}})
    )

    response = place(auth_client, product)

    assert response.status_code == 402
    assert response.json()["status"] == "failed"
    assert response.json()["detail"] == message
    product.refresh_from_db()
    assert product.stock == 10
