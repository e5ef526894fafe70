"""The HTML shop: /shop/, /shop/checkout/, /orders/ and /orders/<id>/."""

import re
import uuid

import pytest

from orders.models import Order
from orders.selectors import CHECKOUT_PRODUCTS
from tests.orders.factories import OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


def checkout_data(*lines, card="pm_card_visa", key=None):
    data = {f"quantity_{product.pk}": quantity for product, quantity in lines}
    return {**data, "payment_token": card, "idempotency_key": key or str(uuid.uuid4())}


def test_shop_lists_products_with_price_and_stock(client):
    ProductFactory(name="Blue mug", price="7.25", stock=4)
    ProductFactory(name="Hidden", is_active=False)
    response = client.get("/shop/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Blue mug" in html
    assert "7.25" in html
    assert ">4<" in html
    assert "Hidden" not in html
    assert html.count("<h1>") == 1


def test_checkout_requires_login(client):
    response = client.get("/shop/checkout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/shop/checkout/"


def test_checkout_form_has_labelled_quantities_and_explains_test_tokens(client, user, product):
    client.force_login(user)
    response = client.get("/shop/checkout/", {"product": product.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<label for="id_quantity_{product.pk}">{product.name} (12.50 EUR, 10 in stock)' in html
    assert re.search(rf'name="quantity_{product.pk}" value="1"', html)  # preselected from the shop's Buy link
    assert "pm_card_visa" in html and "pm_card_chargeDeclined" in html
    assert 'name="idempotency_key"' in html


def test_successful_checkout_redirects_to_the_paid_order(client, user, product):
    client.force_login(user)
    response = client.post("/shop/checkout/", checkout_data((product, 2)))
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order.pk}/"
    assert order.status == Order.Status.PAID
    assert order.user == user
    page = client.get(response["Location"])
    assert f"Order #{order.pk} is paid" in page.content.decode()


def test_submitting_the_same_form_twice_places_one_order(client, user, product):
    client.force_login(user)
    data = checkout_data((product, 2))
    first = client.post("/shop/checkout/", data)
    again = client.post("/shop/checkout/", data)
    assert first["Location"] == again["Location"]
    assert Order.objects.count() == 1


def errors_in(response):
    return re.findall(r"<li>([^<]*)</li>", response.content.decode().split("<form", 1)[1])


def test_declined_card_shows_the_form_again_with_one_message(client, user, product):
    client.force_login(user)
    data = checkout_data((product, 2), card="pm_card_chargeDeclined")
    response = client.post("/shop/checkout/", data)
    order = Order.objects.get()
    assert response.status_code == 200
    assert errors_in(response) == [f"Your card was declined. Order #{order.pk} failed; nothing was charged."]
    form = response.context["form"]
    assert form[f"quantity_{product.pk}"].value() == "2"  # input kept
    assert form["idempotency_key"].value() != data["idempotency_key"]  # a new attempt may use another card
    assert order.status == Order.Status.FAILED


def test_out_of_stock_is_shown_on_the_quantity(client, user, product):
    client.force_login(user)
    response = client.post("/shop/checkout/", checkout_data((product, 11)))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"quantity_{product.pk}": [f"Not enough stock for {product.name}: 10 left."]
    }
    assert not Order.objects.exists()


def test_bad_quantities_get_one_message_each(client, user, product):
    other = ProductFactory()
    client.force_login(user)
    response = client.post("/shop/checkout/", checkout_data((product, 101), (other, "many")))
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {f"quantity_{product.pk}", f"quantity_{other.pk}"}
    assert all(len(messages) == 1 for messages in errors.values())
    assert not Order.objects.exists()


def test_a_negative_quantity_gets_its_message_on_its_field(client, user, product):
    client.force_login(user)
    response = client.post("/shop/checkout/", checkout_data((product, -1)))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [f"quantity_{product.pk}"]
    assert len(errors[f"quantity_{product.pk}"]) == 1
    assert response.context["form"][f"quantity_{product.pk}"].value() == "-1"  # input kept
    assert not Order.objects.exists()


def test_an_empty_order_is_refused(client, user, product):
    client.force_login(user)
    response = client.post("/shop/checkout/", checkout_data((product, 0)))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Choose a quantity for at least one product."]


def test_a_product_taken_off_sale_is_refused_with_a_message(client, user, product):
    client.force_login(user)
    product.is_active = False
    product.save()
    response = client.post("/shop/checkout/", checkout_data((product, 1)))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [f"Product {product.pk} does not exist or is not for sale."]


@pytest.mark.parametrize("other_lines", [{}, {"quantity_999998": "0"}], ids=["alone", "with-a-zero-line"])
def test_a_product_the_shop_does_not_have_gets_the_form_again_with_a_message(client, user, product, other_lines):
    # A tampered or very old form: the quantity names a product id that does not exist.
    client.force_login(user)
    data = {**checkout_data(), "quantity_999999": "2", **other_lines}

    response = client.post("/shop/checkout/", data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["There is no product #999999 in the shop: choose from the products below."]
    assert f'name="quantity_{product.pk}"' in response.content.decode()  # the shop's products are offered again
    assert form["payment_token"].value() == "pm_card_visa"  # input kept
    assert not Order.objects.exists()


def test_order_pages_show_only_ones_own_orders(client, user, other_user):
    mine = OrderFactory(user=user)
    theirs = OrderFactory(user=other_user)
    client.force_login(user)

    listing = client.get("/orders/").content.decode()
    assert f"#{mine.pk}<" in listing
    assert f"#{theirs.pk}<" not in listing

    detail = client.get(f"/orders/{mine.pk}/")
    assert detail.status_code == 200
    assert "25.00 EUR" in detail.content.decode()
    assert client.get(f"/orders/{theirs.pk}/").status_code == 404


def test_order_pages_require_login(client, user):
    order = OrderFactory(user=user)
    assert client.get("/orders/").status_code == 302
    assert client.get(f"/orders/{order.pk}/").status_code == 302


def test_payment_service_down_keeps_the_order_pending_and_resubmitting_completes_it(
    client, user, product, stripe_server
):
    stripe_server.errors.append((500, {"error": {"type": "api_error", "message": "Something went wrong."}}))
    client.force_login(user)
    data = checkout_data((product, 2))

    response = client.post("/shop/checkout/", data)

    order = Order.objects.get()
    assert response.status_code == 200
    assert order.status == Order.Status.PENDING
    assert response.context["form"].non_field_errors() == [
        f"The payment service is unavailable; order #{order.pk} is pending. "
        "Submit the form again to complete it: you will not be charged twice."
    ]
    assert response.context["form"]["idempotency_key"].value() == data["idempotency_key"]

    again = client.post("/shop/checkout/", data)
    assert again["Location"] == f"/orders/{order.pk}/"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert stripe_server.charges == 1


@pytest.mark.parametrize("key", ["not-a-uuid", ""], ids=["damaged", "missing"])
def test_a_damaged_idempotency_key_is_reported_and_replaced(client, user, product, key):
    client.force_login(user)
    data = {**checkout_data((product, 1)), "idempotency_key": key}

    response = client.post("/shop/checkout/", data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["This form was damaged in transit: check it and submit it again."]
    assert form[f"quantity_{product.pk}"].value() == "1"  # input kept
    assert not Order.objects.exists()

    again = client.post("/shop/checkout/", {**data, "idempotency_key": form["idempotency_key"].value()})
    assert again["Location"] == f"/orders/{Order.objects.get().pk}/"


def test_the_shops_buy_link_for_a_product_off_sale_does_not_offer_it(client, user, product):
    retired = ProductFactory(name="Retired mug", is_active=False)
    client.force_login(user)

    response = client.get("/shop/checkout/", {"product": retired.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="quantity_{retired.pk}"' not in html
    assert "Retired mug" not in html
    assert f'name="quantity_{product.pk}"' in html  # the shop's products on sale instead


def test_more_lines_than_an_order_may_have_are_refused_as_such(client, user):
    products = ProductFactory.create_batch(51)
    client.force_login(user)

    response = client.post("/shop/checkout/", checkout_data(*((product, 1) for product in products)))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["An order has 1 to 50 lines."]
    assert not Order.objects.exists()


def test_a_used_form_sent_again_with_other_quantities_can_place_a_new_order(client, user, product):
    # The order is placed, then the Back button, another quantity and Submit: the
    # form still carries the first order's key.
    client.force_login(user)
    data = checkout_data((product, 1))
    first = Order.objects.get(pk=client.post("/shop/checkout/", data)["Location"].split("/")[-2])

    response = client.post("/shop/checkout/", {**data, f"quantity_{product.pk}": "2"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [
        f"This form already placed order #{first.pk}. Submit it again to place a new order with these quantities."
    ]
    assert form[f"quantity_{product.pk}"].value() == "2"  # input kept
    assert form["idempotency_key"].value() != data["idempotency_key"]
    assert Order.objects.count() == 1

    again = client.post(
        "/shop/checkout/", {**data, f"quantity_{product.pk}": "2", "idempotency_key": form["idempotency_key"].value()}
    )

    second = Order.objects.exclude(pk=first.pk).get()
    assert again["Location"] == f"/orders/{second.pk}/"
    assert (second.status, second.items.get().quantity) == (Order.Status.PAID, 2)


def test_the_checkout_says_when_the_shop_has_more_products_than_it_lists(client, user):
    ProductFactory.create_batch(CHECKOUT_PRODUCTS, stock=5)
    client.force_login(user)
    assert "the shop has more" not in client.get("/shop/checkout/").content.decode()

    ProductFactory(name="zz last by name", stock=5)
    html = client.get("/shop/checkout/").content.decode()

    assert html.count('name="quantity_') == CHECKOUT_PRODUCTS
    assert "zz last by name" not in html
    assert f"This form lists the first {CHECKOUT_PRODUCTS} products by name; the shop has more." in html
    assert 'href="/shop/"' in html
