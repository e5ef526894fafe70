"""POST/GET /api/orders/: the shapes and status codes of contract section 6."""

from datetime import datetime
from decimal import Decimal

import pytest

from orders.models import Order
from tests.orders.factories import OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/orders/"


def order_body(*lines, card="pm_card_visa"):
    return {"items": [{"product_id": p.pk, "quantity": q} for p, q in lines], "payment_token": card}


def test_paid_order_answers_201_with_the_contract_shape(auth_client, user, product):
    response = auth_client.post(URL, order_body((product, 2)), format="json")

    assert response.status_code == 201
    body = response.json()
    order = Order.objects.get()
    assert body == {
        "id": order.pk,
        "status": "paid",
        "total_amount": "25.00",
        "currency": "EUR",
        "items": [{"product_id": product.pk, "quantity": 2, "unit_price": "12.50"}],
        "payment_id": order.payment_id,
        "created_at": body["created_at"],
    }
    assert datetime.fromisoformat(body["created_at"]).utcoffset() is not None
    assert order.user == user
    product.refresh_from_db()
    assert product.stock == 8


def test_client_sent_prices_and_totals_are_ignored(auth_client, product):
    body = order_body((product, 2))
    body["items"][0]["unit_price"] = "0.01"
    body["items"][0]["price"] = "0.01"
    body["total_amount"] = "0.02"
    body["status"] = "paid"
    response = auth_client.post(URL, body, format="json")
    assert response.status_code == 201
    assert response.json()["total_amount"] == "25.00"
    assert response.json()["items"][0]["unit_price"] == "12.50"


def test_declined_answers_402_with_the_failed_order(auth_client, product):
    response = auth_client.post(URL, order_body((product, 2), card="pm_card_chargeDeclined"), format="json")
    assert response.status_code == 402
    order = Order.objects.get()
    assert response.json() == {"id": order.pk, "status": "failed", "detail": "Your card was declined."}
    product.refresh_from_db()
    assert product.stock == 10


def test_not_enough_stock_answers_409_and_changes_nothing(auth_client, product):
    response = auth_client.post(URL, order_body((product, 11)), format="json")
    assert response.status_code == 409
    assert "detail" in response.json()
    assert not Order.objects.exists()
    product.refresh_from_db()
    assert product.stock == 10


def test_one_line_short_of_stock_answers_409_and_no_line_takes_stock(auth_client, product):
    short = ProductFactory(stock=1)

    response = auth_client.post(URL, order_body((product, 3), (short, 2)), format="json")

    assert response.status_code == 409
    assert not Order.objects.exists()
    product.refresh_from_db()
    short.refresh_from_db()
    assert (product.stock, short.stock) == (10, 1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"payment_token": "pm_card_visa"}, "items"),
        ({"items": [], "payment_token": "pm_card_visa"}, "items"),
        ({"items": {"product_id": 1, "quantity": 1}, "payment_token": "pm_card_visa"}, "items"),
        ({"items": "lots", "payment_token": "pm_card_visa"}, "items"),
        ({"items": [{"product_id": "PK", "quantity": 1}]}, "payment_token"),
        ({"items": [{"product_id": "PK", "quantity": 1}], "payment_token": ""}, "payment_token"),
        ({"items": [{"product_id": "PK", "quantity": 1}], "payment_token": ["pm_card_visa"]}, "payment_token"),
        ({"items": [{"product_id": "PK", "quantity": 1}], "payment_token": "x" * 256}, "payment_token"),
        ({"items": [{"product_id": "PK", "quantity": 1}], "payment_token": 5}, "payment_token"),
        ({"items": [{"product_id": "PK", "quantity": 1}], "payment_token": 1.5}, "payment_token"),
    ],
    ids=[
        *("no-items", "empty", "object", "string"),
        *("no-token", "blank-token", "token-list", "long-token", "token-int", "token-float"),
    ],
)
def test_malformed_bodies_answer_400_naming_the_field(auth_client, product, body, field):
    if isinstance(body.get("items"), list):
        body["items"] = [{**item, "product_id": product.pk} for item in body["items"]]
    response = auth_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"quantity": 1}, "product_id"),
        ({"product_id": "abc", "quantity": 1}, "product_id"),
        ({"product_id": "PK"}, "quantity"),
        ({"product_id": "PK", "quantity": "two"}, "quantity"),
        ({"product_id": "PK", "quantity": 1.5}, "quantity"),
        ({"product_id": "PK", "quantity": 0}, "quantity"),
        ({"product_id": "PK", "quantity": 101}, "quantity"),
        ({"product_id": "PK", "quantity": -3}, "quantity"),
        ({"product_id": "PK", "quantity": None}, "quantity"),
        # Numbers as text, or not whole: DRF's IntegerField would take them.
        ({"product_id": "PK", "quantity": "2"}, "quantity"),
        ({"product_id": "PK", "quantity": " 1 "}, "quantity"),
        ({"product_id": "PK", "quantity": "1.0"}, "quantity"),
        ({"product_id": "PK", "quantity": 2.0}, "quantity"),
        ({"product_id": "PK", "quantity": "\u0663"}, "quantity"),  # ARABIC-INDIC DIGIT THREE
        ({"product_id": "PK", "quantity": True}, "quantity"),
        ({"product_id": "PK-TEXT", "quantity": 1}, "product_id"),
        ({"product_id": 0, "quantity": 1}, "product_id"),
    ],
    ids=[
        "no-product",
        "product-text",
        "no-quantity",
        "quantity-text",
        "fraction",
        "zero",
        "101",
        "negative",
        "null",
        "quantity-digits-as-text",
        "quantity-padded-text",
        "quantity-decimal-text",
        "quantity-float",
        "quantity-unicode-digit",
        "quantity-true",
        "product-id-as-text",
        "product-id-zero",
    ],
)
def test_bad_lines_answer_400_naming_the_line_field(auth_client, product, line, field):
    replace = {"PK": product.pk, "PK-TEXT": str(product.pk)}
    line = {key: replace.get(value, value) if isinstance(value, str) else value for key, value in line.items()}
    response = auth_client.post(URL, {"items": [line], "payment_token": "pm_card_visa"}, format="json")
    assert response.status_code == 400
    assert field in response.json()["items"]["0"]  # DRF names the line by its index


def test_a_refused_line_places_no_order_and_takes_no_stock(auth_client, product):
    body = {"items": [{"product_id": product.pk, "quantity": "2"}], "payment_token": "pm_card_visa"}
    assert auth_client.post(URL, body, format="json").status_code == 400
    assert not Order.objects.exists()
    product.refresh_from_db()
    assert product.stock == 10


def test_quantity_100_is_accepted(auth_client):
    product = ProductFactory(stock=100)
    response = auth_client.post(URL, order_body((product, 100)), format="json")
    assert response.status_code == 201


def test_the_largest_order_the_rules_allow_is_stored_and_shown(auth_client, client, user):
    """50 lines of 100 at the highest price a product may have: its total fits the order's."""
    products = ProductFactory.create_batch(50, price=Decimal("99999999.99"), stock=100)
    response = auth_client.post(URL, order_body(*((p, 100) for p in products)), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["total_amount"] == "499999999950.00"
    order_id = response.json()["id"]
    assert auth_client.get(f"{URL}{order_id}/").json()["total_amount"] == "499999999950.00"
    assert auth_client.get(URL).status_code == 200
    client.force_login(user)
    page = client.get(f"/orders/{order_id}/")
    assert page.status_code == 200
    assert "499999999950.00 EUR" in page.content.decode()


def test_more_than_50_lines_answer_400(auth_client):
    products = ProductFactory.create_batch(51, stock=1)
    response = auth_client.post(URL, order_body(*((p, 1) for p in products)), format="json")
    assert response.status_code == 400
    assert "items" in response.json()


def test_duplicate_product_lines_answer_400(auth_client, product):
    response = auth_client.post(URL, order_body((product, 1), (product, 2)), format="json")
    assert response.status_code == 400
    assert response.json() == {"items": [f"Product {product.pk} appears more than once."]}


def test_unknown_or_inactive_product_answers_400(auth_client, product):
    inactive = ProductFactory(is_active=False)
    for missing in (product.pk + 1000, inactive.pk):
        response = auth_client.post(
            URL, {"items": [{"product_id": missing, "quantity": 1}], "payment_token": "pm_card_visa"}, format="json"
        )
        assert response.status_code == 400
        assert response.json() == {"items": [f"Product {missing} does not exist or is not for sale."]}
    assert not Order.objects.exists()


def test_a_product_off_sale_is_400_even_when_short_of_stock(auth_client, product):
    retired = ProductFactory(is_active=False, stock=0)

    response = auth_client.post(URL, order_body((product, 1), (retired, 1)), format="json")

    assert response.status_code == 400
    assert response.json() == {"items": [f"Product {retired.pk} does not exist or is not for sale."]}
    assert not Order.objects.exists()


def test_malformed_json_answers_400(auth_client):
    response = auth_client.post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_anonymous_clients_get_401(api_client, product):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, order_body((product, 1)), format="json").status_code == 401
    assert not Order.objects.exists()


def test_list_shows_only_ones_own_orders_newest_first(auth_client, user, other_user):
    older, newer = OrderFactory(user=user), OrderFactory(user=user)
    OrderFactory(user=other_user)
    response = auth_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [o["id"] for o in body["results"]] == [newer.pk, older.pk]
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["results"][0]["items"][0]["unit_price"] == "12.50"


def test_detail_of_ones_own_order(auth_client, user):
    order = OrderFactory(user=user, total_amount=Decimal("25.00"))
    response = auth_client.get(f"{URL}{order.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == order.pk
    assert response.json()["total_amount"] == "25.00"


def test_another_users_order_is_404(auth_client, other_user):
    order = OrderFactory(user=other_user)
    assert auth_client.get(f"{URL}{order.pk}/").status_code == 404


def test_pending_order_shows_null_payment_id(auth_client, user):
    order = OrderFactory(user=user, status=Order.Status.PENDING, payment_id="")
    assert auth_client.get(f"{URL}{order.pk}/").json()["payment_id"] is None


def test_orders_cannot_be_changed_or_deleted(auth_client, user):
    order = OrderFactory(user=user)
    assert auth_client.patch(f"{URL}{order.pk}/", {"status": "failed"}, format="json").status_code == 405
    assert auth_client.delete(f"{URL}{order.pk}/").status_code == 405


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_rows(auth_client, user, rows, django_assert_num_queries):
    OrderFactory.create_batch(rows, user=user)
    # user (JWT), count, orders, their items with product names
    with django_assert_num_queries(4):
        response = auth_client.get(URL, {"page_size": 100})
    assert len(response.json()["results"]) == rows
