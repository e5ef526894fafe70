"""The shop in Django's admin: products edited in the list, orders read with their items."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.models import Order, Product
from orders.services import product_stock_set
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory, OrderItemFactory, ProductFactory

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
            "initial-form-0-stock": "10",  # the stock the page showed
            "form-0-is_active": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.stock, product.is_active) == (Decimal("9.99"), 3, False)


def sell(product, quantity: int) -> None:
    """A checkout while staff have the product's page open: it takes stock as orders do."""
    Product.objects.filter(pk=product.pk).update(stock=F("stock") - quantity)


def change_page_data(product, **changes) -> dict:
    shown = {"name": product.name, "description": product.description, "price": product.price, "stock": product.stock}
    return {**shown, "is_active": "on", "initial-stock": product.stock, **changes}


def test_saving_a_products_page_keeps_the_stock_orders_took_meanwhile(admin_client):
    product = ProductFactory(stock=9, description="Old words.")
    sell(product, 3)

    response = admin_client.post(
        f"/admin/orders/product/{product.pk}/change/", change_page_data(product, description="New words.")
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.description, product.stock) == ("New words.", 6)


def test_saving_the_list_keeps_the_stock_orders_took_from_other_rows(admin_client):
    sold, edited = ProductFactory(stock=9), ProductFactory(stock=5, price=Decimal("2.00"))
    sell(sold, 2)
    rows = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "_save": "Save",
    }
    # The list as it was shown: both rows with their stock then, the second with a new price.
    for index, (product, price) in enumerate([(sold, "12.50"), (edited, "3.00")]):
        rows |= {
            f"form-{index}-id": product.pk,
            f"form-{index}-price": price,
            f"form-{index}-stock": product.stock,
            f"initial-form-{index}-stock": product.stock,
            f"form-{index}-is_active": "on",
        }

    assert admin_client.post("/admin/orders/product/", rows).status_code == 302

    sold.refresh_from_db()
    edited.refresh_from_db()
    assert sold.stock == 7
    assert (edited.price, edited.stock) == (Decimal("3.00"), 5)


def test_a_stock_change_is_refused_when_orders_changed_it_since_the_page_was_shown(admin_client):
    product = ProductFactory(stock=9)
    sell(product, 3)

    response = admin_client.post(f"/admin/orders/product/{product.pk}/change/", change_page_data(product, stock=20))

    assert response.status_code == 200
    assert "The stock is now 6" in str(response.context["adminform"].form.errors["stock"])
    product.refresh_from_db()
    assert product.stock == 6


def test_after_a_refused_stock_change_the_page_shown_again_can_set_it(admin_client):
    product = ProductFactory(stock=9)
    sell(product, 3)
    refused = admin_client.post(f"/admin/orders/product/{product.pk}/change/", change_page_data(product, stock=20))
    assert refused.status_code == 200
    # The page shown again: the stock typed, and, hidden, the stock as it is now.
    shown_again = re.search(r'name="initial-stock" value="(\d+)"', refused.content.decode()).group(1)
    assert shown_again == "6"

    response = admin_client.post(
        f"/admin/orders/product/{product.pk}/change/",
        change_page_data(product, stock=16, **{"initial-stock": shown_again}),
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.stock == 16


def test_a_form_that_does_not_carry_the_shown_stock_is_refused_not_guessed(admin_client):
    product = ProductFactory(stock=9, description="Old words.")
    data = change_page_data(product, description="New words.")
    del data["initial-stock"]

    response = admin_client.post(f"/admin/orders/product/{product.pk}/change/", data)

    assert response.status_code == 200
    assert "did not say which stock it showed" in str(response.context["adminform"].form.errors["stock"])
    product.refresh_from_db()
    assert (product.description, product.stock) == ("Old words.", 9)


def test_the_stock_is_set_only_if_it_is_still_what_staff_were_shown():
    product = ProductFactory(stock=9)

    assert not product_stock_set(product=product, stock=20, expected=8)
    product.refresh_from_db()
    assert product.stock == 9
    assert product_stock_set(product=product, stock=20, expected=9)
    product.refresh_from_db()
    assert product.stock == 20


def test_a_stock_change_is_saved_when_nothing_else_changed_it(admin_client):
    product = ProductFactory(stock=9)

    response = admin_client.post(f"/admin/orders/product/{product.pk}/change/", change_page_data(product, stock=20))

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.stock == 20


def test_the_stock_the_api_refuses_is_refused_in_the_admin_too(admin_client):
    product = ProductFactory(stock=9)

    response = admin_client.post(
        f"/admin/orders/product/{product.pk}/change/", change_page_data(product, stock=2_147_483_648)
    )

    assert response.status_code == 200
    assert "stock" in response.context["adminform"].form.errors
    product.refresh_from_db()
    assert product.stock == 9


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


def run_action(client, action, orders):
    return client.post(
        "/admin/orders/order/",
        {"action": action, "_selected_action": [order.pk for order in orders]},
        follow=True,
    )


def pending_order(auth_client, stripe_server, product):
    """An order the payment service answered with a 500: pending, its stock held."""
    stripe_server.errors.append((500, {"error": {"type": "api_error", "message": "Something went wrong."}}))
    body = {"items": [{"product_id": product.pk, "quantity": 2}], "payment_token": "pm_card_visa"}
    response = auth_client.post("/api/orders/", body, format="json")
    assert response.status_code == 503
    return Order.objects.get(pk=response.json()["id"])


def test_staff_charge_a_pending_order_again_with_the_same_key(admin_client, auth_client, product, stripe_server):
    order = pending_order(auth_client, stripe_server, product)
    paid = OrderFactory()

    response = run_action(admin_client, "settle_now", [order, paid])

    assert (
        "Pending orders: paid 1, declined 0, still pending 0, too old to charge again 0." in response.content.decode()
    )
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert [r["headers"]["Idempotency-Key"] for r in stripe_server.requests] == [order.payment_key] * 2
    assert stripe_server.charges == 1


def test_staff_fail_a_pending_order_and_its_stock_comes_back(admin_client, auth_client, product, stripe_server):
    order = pending_order(auth_client, stripe_server, product)
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    paid = OrderFactory()
    product.refresh_from_db()
    assert product.stock == 8

    response = run_action(admin_client, "cancel_pending", [order, paid])

    assert "1 pending orders failed; 1 left as they were" in response.content.decode()
    order.refresh_from_db()
    assert (order.status, order.payment_detail, order.payment_token) == (
        Order.Status.FAILED,
        "Canceled by staff: no payment went through.",
        "",
    )
    product.refresh_from_db()
    assert product.stock == 10
    assert Order.objects.get(pk=paid.pk).status == Order.Status.PAID
    assert len(stripe_server.requests) == 1  # nothing charged


def test_staff_who_may_only_view_orders_get_no_settling_actions(client, auth_client, product, stripe_server):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(viewer)
    order = pending_order(auth_client, stripe_server, product)

    page = client.get("/admin/orders/order/").content.decode()
    assert "settle_now" not in page
    assert "cancel_pending" not in page
    run_action(client, "cancel_pending", [order])
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


def test_staff_cannot_fail_an_order_whose_first_charge_may_still_be_on_its_way(
    admin_client, auth_client, product, stripe_server
):
    order = pending_order(auth_client, stripe_server, product)  # seconds old

    response = run_action(admin_client, "cancel_pending", [order])

    assert "0 pending orders failed; 1 left as they were" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


def test_an_orders_page_has_nothing_to_save_and_a_posted_save_is_refused(admin_client):
    order = OrderFactory()
    before = Order.objects.values_list("status", "updated_at").get(pk=order.pk)

    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert 'name="_continue"' not in page
    # A save posted anyway, with the lines' management form as an older page would send it.
    item = order.items.get()
    response = admin_client.post(
        f"/admin/orders/order/{order.pk}/change/",
        {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-id": item.pk,
            "items-0-order": order.pk,
            "_save": "Save",
        },
    )

    assert response.status_code == 403
    assert Order.objects.values_list("status", "updated_at").get(pk=order.pk) == before


# transaction=True: the action runs as in production, outside any test transaction
# (on PostgreSQL, select_for_update needs the service's own transaction).
@pytest.mark.django_db(transaction=True)
def test_the_order_actions_still_work_with_read_only_order_pages(admin_client):
    pending = OrderFactory(status=Order.Status.PENDING, payment_id="")
    Order.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(minutes=10))

    response = admin_client.post("/admin/orders/order/", {"action": "cancel_pending", "_selected_action": [pending.pk]})

    assert response.status_code == 302
    assert Order.objects.get(pk=pending.pk).status == Order.Status.FAILED


def test_an_orders_page_reads_its_lines_in_a_constant_number_of_queries(admin_client):
    small, large = OrderFactory(), OrderFactory()
    for _ in range(8):
        OrderItemFactory(order=large)
    admin_client.get(f"/admin/orders/order/{small.pk}/change/")  # sessions, content types: read once

    with CaptureQueriesContext(connection) as one_line:
        admin_client.get(f"/admin/orders/order/{small.pk}/change/")
    with CaptureQueriesContext(connection) as nine_lines:
        admin_client.get(f"/admin/orders/order/{large.pk}/change/")

    assert len(nine_lines) == len(one_line)


def test_an_orders_page_has_no_view_on_site_link(admin_client):
    """The site shows an order only to its buyer: the link would lead staff to a 404."""
    order = OrderFactory()

    html = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    assert "View on site" not in html
    assert admin_client.get(order.get_absolute_url()).status_code == 404
