"""The Idempotency-Key header of POST /api/orders/."""

import pytest

from orders.models import Order

pytestmark = pytest.mark.django_db

URL = "/api/orders/"


def body(product, quantity=2, card="pm_card_visa"):
    return {"items": [{"product_id": product.pk, "quantity": quantity}], "payment_token": card}


def post(client, data, key):
    return client.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_same_key_gives_the_first_answer_again_without_a_second_charge(auth_client, product):
    first = post(auth_client, body(product), "order-1")
    again = post(auth_client, body(product), "order-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Order.objects.count() == 1
    product.refresh_from_db()
    assert product.stock == 8


def test_same_key_replays_a_decline(auth_client, product):
    first = post(auth_client, body(product, card="pm_card_chargeDeclined"), "order-1")
    again = post(auth_client, body(product, card="pm_card_chargeDeclined"), "order-1")
    assert first.status_code == again.status_code == 402
    assert again.json() == first.json()
    assert Order.objects.count() == 1


def test_same_key_with_a_different_body_is_422(auth_client, product):
    post(auth_client, body(product), "order-1")
    response = post(auth_client, body(product, quantity=3), "order-1")
    assert response.status_code == 422
    assert "detail" in response.json()
    assert Order.objects.count() == 1
    product.refresh_from_db()
    assert product.stock == 8


def test_extra_fields_do_not_make_a_body_different(auth_client, product):
    first = post(auth_client, body(product), "order-1")
    again = post(auth_client, {**body(product), "note": "ignored"}, "order-1")
    assert again.status_code == 201
    assert again.json() == first.json()


def test_the_same_key_from_another_user_is_another_order(auth_client, jwt_client_for, other_user, product):
    mine = post(auth_client, body(product), "shared-key")
    theirs = post(jwt_client_for(other_user), body(product), "shared-key")
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]


def test_without_a_key_each_request_is_a_new_order(auth_client, product):
    auth_client.post(URL, body(product), format="json")
    auth_client.post(URL, body(product), format="json")
    assert Order.objects.count() == 2


def test_out_of_stock_is_not_remembered(auth_client, product):
    assert post(auth_client, body(product, quantity=11), "order-1").status_code == 409
    assert not Order.objects.exists()
    assert post(auth_client, body(product, quantity=10), "order-1").status_code == 201


@pytest.mark.parametrize("key", ["k", "k" * 255, "a key with spaces"], ids=["one-character", "255", "spaces"])
def test_keys_of_1_to_255_printable_characters_are_used(auth_client, product, key):
    first = post(auth_client, body(product), key)
    again = post(auth_client, body(product), key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Order.objects.get().idempotency_key == key


@pytest.mark.parametrize("key", ["", "   ", "k" * 256, "tab\tinside", "bell\x07"])
def test_unusable_keys_answer_400(auth_client, product, key):
    response = post(auth_client, body(product), key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Order.objects.exists()
