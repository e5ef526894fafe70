"""/api/products/: read for anyone, write for staff."""

from decimal import Decimal

import pytest
from drf_spectacular.generators import SchemaGenerator

from orders.models import Product
from tests.orders.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/products/"
NEW = {"name": "Mug", "description": "Holds tea.", "price": "7.25", "stock": 4}


def test_anyone_reads_products_with_the_contract_shape(api_client):
    product = ProductFactory(name="Mug", description="Holds tea.", price=Decimal("12.5"), stock=3)
    response = api_client.get(URL)
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"id": product.pk, "name": "Mug", "description": "Holds tea.", "price": "12.50", "stock": 3}
    ]
    detail = api_client.get(f"{URL}{product.pk}/")
    assert detail.status_code == 200
    assert detail.json()["price"] == "12.50"


def test_inactive_products_are_hidden(api_client):
    hidden = ProductFactory(is_active=False)
    assert api_client.get(URL).json()["count"] == 0
    assert api_client.get(f"{URL}{hidden.pk}/").status_code == 404


def test_staff_creates_a_product(jwt_client_for, staff_user):
    response = jwt_client_for(staff_user).post(URL, NEW, format="json")
    assert response.status_code == 201
    product = Product.objects.get()
    assert response.json() == {**NEW, "id": product.pk}
    assert product.price == Decimal("7.25")


def test_staff_updates_a_product(jwt_client_for, staff_user, product):
    response = jwt_client_for(staff_user).patch(f"{URL}{product.pk}/", {"price": "9.99", "stock": 0}, format="json")
    assert response.status_code == 200
    assert (response.json()["price"], response.json()["stock"]) == ("9.99", 0)
    product.refresh_from_db()
    assert (product.price, product.stock, product.name) == (Decimal("9.99"), 0, product.name)


def test_staff_delete_takes_the_product_off_sale(jwt_client_for, staff_user, api_client, product):
    assert jwt_client_for(staff_user).delete(f"{URL}{product.pk}/").status_code == 204
    assert api_client.get(f"{URL}{product.pk}/").status_code == 404
    product.refresh_from_db()
    assert product.is_active is False  # kept for the orders that name it


def test_users_may_not_write(auth_client, product):
    assert auth_client.post(URL, NEW, format="json").status_code == 403
    assert auth_client.patch(f"{URL}{product.pk}/", {"price": "0.01"}, format="json").status_code == 403
    assert auth_client.delete(f"{URL}{product.pk}/").status_code == 403
    product.refresh_from_db()
    assert (product.price, product.is_active) == (Decimal("12.50"), True)


def test_anonymous_clients_may_not_write(api_client, product):
    assert api_client.post(URL, NEW, format="json").status_code == 401
    assert api_client.patch(f"{URL}{product.pk}/", {"price": "0.01"}, format="json").status_code == 401
    assert api_client.delete(f"{URL}{product.pk}/").status_code == 401
    assert Product.objects.count() == 1


def test_the_browsable_apis_form_creates_a_product_with_digits_for_stock(jwt_client_for, staff_user):
    response = jwt_client_for(staff_user).post(URL, {**NEW, "stock": "5"})  # form-encoded: all text

    assert response.status_code == 201
    assert Product.objects.get().stock == 5
    assert jwt_client_for(staff_user).post(URL, {**NEW, "stock": "five"}).status_code == 400
    # More digits than Python turns into an int (4,300): DRF's length check answers first.
    assert jwt_client_for(staff_user).post(URL, {**NEW, "stock": "9" * 5000}).status_code == 400


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"price": "-1.00"}, "price"),
        ({"price": "0"}, "price"),
        ({"price": "1.999"}, "price"),
        ({"price": "cheap"}, "price"),
        ({"price": 7.25}, "price"),  # money is a decimal string, never a binary float
        ({"price": 7}, "price"),
        ({"price": "1e2"}, "price"),
        ({"price": " 3.00"}, "price"),
        ({"price": "+3.00"}, "price"),
        ({"price": ".5"}, "price"),
        ({"price": "\u0661\u0662"}, "price"),  # 12 in Arabic-Indic digits
        ({"price": "NaN"}, "price"),
        ({"price": None}, "price"),
        ({"stock": -1}, "stock"),
        ({"stock": "many"}, "stock"),
        ({"stock": "5"}, "stock"),
        ({"stock": 5.0}, "stock"),
        ({"stock": True}, "stock"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": 12345}, "name"),
        ({"name": ["Mug"]}, "name"),
        ({"description": 678}, "description"),
        ({"description": "x" * 5001}, "description"),
    ],
)
def test_invalid_products_answer_400_naming_the_field(jwt_client_for, staff_user, change, field):
    response = jwt_client_for(staff_user).post(URL, {**NEW, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Product.objects.exists()


def test_a_price_that_is_not_a_decimal_string_says_how_to_write_one(jwt_client_for, staff_user):
    response = jwt_client_for(staff_user).post(URL, {**NEW, "price": 7.25}, format="json")
    assert response.json() == {"price": ['A price is a decimal string, such as "12.50".']}


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_rows(api_client, rows, django_assert_num_queries):
    ProductFactory.create_batch(rows)
    with django_assert_num_queries(2):  # count, page
        response = api_client.get(URL, {"page_size": 100})
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("pk", ["\u0661", "\uff11", "1.0", "-1"])
def test_a_product_id_is_ascii_digits(api_client, pk):
    ProductFactory(pk=1)
    response = api_client.get(f"{URL}{pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_stock_set_from_the_expected_stock_is_saved(jwt_client_for, staff_user, product):
    response = jwt_client_for(staff_user).patch(
        f"{URL}{product.pk}/", {"stock": 20, "expected_stock": product.stock, "price": "9.99"}, format="json"
    )

    assert response.status_code == 200
    assert "expected_stock" not in response.json()
    product.refresh_from_db()
    assert (product.stock, product.price) == (20, Decimal("9.99"))


def test_a_stock_set_after_orders_changed_it_is_409_and_changes_nothing(jwt_client_for, staff_user, user, product):
    read = product.stock  # staff read the stock; then a customer buys 2
    bought = jwt_client_for(user).post(
        "/api/orders/",
        {"items": [{"product_id": product.pk, "quantity": 2}], "payment_token": "pm_card_visa"},
        format="json",
    )
    assert bought.status_code == 201

    response = jwt_client_for(staff_user).patch(
        f"{URL}{product.pk}/", {"stock": read + 10, "expected_stock": read, "price": "9.99"}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"The stock is now {read - 2}, not the expected {read}: orders changed it since. "
        "Set it again from that.",
        "stock": read - 2,
    }
    product.refresh_from_db()
    assert (product.stock, product.price) == (read - 2, Decimal("12.50"))  # the sale stands; the price is unchanged


def test_an_expected_stock_without_a_change_of_stock_is_400(jwt_client_for, staff_user, product):
    response = jwt_client_for(staff_user).patch(
        f"{URL}{product.pk}/", {"price": "9.99", "expected_stock": 3}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"expected_stock": ["Send it with a change of stock."]}
    product.refresh_from_db()
    assert product.price == Decimal("12.50")


@pytest.mark.parametrize("expected", ["3", -1, 3.0, None])
def test_an_expected_stock_that_is_not_a_stock_is_400(jwt_client_for, staff_user, product, expected):
    response = jwt_client_for(staff_user).patch(
        f"{URL}{product.pk}/", {"stock": 3, "expected_stock": expected}, format="json"
    )

    assert response.status_code == 400
    assert "expected_stock" in response.json()
    product.refresh_from_db()
    assert product.stock != 3


def test_the_schema_documents_the_expected_stock_and_its_409():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/products/{id}/"]["patch"]
    assert "409" in operation["responses"]
    assert "expected_stock" in schema["components"]["schemas"]["PatchedProductChangeRequest"]["properties"]
    assert "expected_stock" not in schema["components"]["schemas"]["ProductRequest"]["properties"]  # not on a POST
    assert "expected_stock" not in schema["components"]["schemas"]["Product"]["properties"]  # nor in the answers
