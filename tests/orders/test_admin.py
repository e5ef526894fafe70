"""The shop in Django's admin: products edited in the list, orders read with their items."""

from decimal import Decimal

import pytest

from tests.factories import UserFactory
from tests.orders.factories import OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_products_are_edited_in_the_list(admin_client):
    product = ProductFactory(price=Decimal("12.50"), stock=10)
    response = admin_client.post(
        "/admin/orders/product/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": product.pk,
            "form-0-price": "9.99",
            "form-0-stock": "3",
            "form-0-is_active": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.stock, product.is_active) == (Decimal("9.99"), 3, False)


def test_order_page_shows_items_inline_with_money_read_only(admin_client):
    order = OrderFactory()
    response = admin_client.get(f"/admin/orders/order/{order.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "25.00" in html
    assert 'name="total_amount"' not in html  # read only
    assert 'name="status"' not in html
    assert 'name="payment_token"' not in html
    assert "items-TOTAL_FORMS" in html
    assert order.items.get().product.name in html


def test_orders_are_searchable_by_user_and_id_and_filterable(admin_client):
    alice = UserFactory(username="alice")
    alices = OrderFactory(user=alice)
    others = OrderFactory(status="failed")

    by_user = admin_client.get("/admin/orders/order/", {"q": "alice"}).content.decode()
    assert f"/admin/orders/order/{alices.pk}/change/" in by_user
    assert f"/admin/orders/order/{others.pk}/change/" not in by_user

    by_id = admin_client.get("/admin/orders/order/", {"q": str(others.pk)}).content.decode()
    assert f"/admin/orders/order/{others.pk}/change/" in by_id

    failed = admin_client.get("/admin/orders/order/", {"status__exact": "failed"}).content.decode()
    assert f"/admin/orders/order/{others.pk}/change/" in failed
    assert f"/admin/orders/order/{alices.pk}/change/" not in failed

    assert admin_client.get("/admin/orders/order/", {"q": "not-a-number"}).status_code == 200
    this_year = admin_client.get("/admin/orders/order/", {"created_at__year": alices.created_at.year})
    assert f"/admin/orders/order/{alices.pk}/change/" in this_year.content.decode()


def test_orders_are_not_added_or_deleted_in_the_admin(admin_client):
    order = OrderFactory()
    assert admin_client.get("/admin/orders/order/add/").status_code == 403
    assert admin_client.get(f"/admin/orders/order/{order.pk}/delete/").status_code == 403
