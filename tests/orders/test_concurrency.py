"""Parallel checkouts never oversell, and each one gets a clean answer (tests.parallel)."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from orders.models import Order
from tests.factories import UserFactory
from tests.orders.factories import ProductFactory
from tests.parallel import at_once

URL = "/api/orders/"


def checkout_in_parallel(*, buyers, body, headers=None):
    """POST `body` once per buyer, all at the same moment; the status codes, in no order."""

    def buy(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
        return lambda: client.post(URL, body, format="json", **(headers or {}))

    return at_once([buy(user) for user in buyers])


def assert_never_oversold(*, threads, stock):
    product = ProductFactory(stock=stock)
    buyers = UserFactory.create_batch(threads)
    body = {"items": [{"product_id": product.pk, "quantity": 1}], "payment_token": "pm_card_visa"}

    answers = checkout_in_parallel(buyers=buyers, body=body)

    assert answers == [201] * stock + [409] * (threads - stock)
    assert Order.objects.filter(status="paid").count() == stock
    assert Order.objects.count() == stock
    product.refresh_from_db()
    assert product.stock == 0


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_checkouts_sell_exactly_the_stock():
    """On whichever database the suite runs: SQLite (WAL, IMMEDIATE transactions)
    in `make test`, PostgreSQL (row locks) in CI's PostgreSQL leg."""
    assert_never_oversold(threads=20, stock=5)


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_with_one_key_make_one_order(user):
    product = ProductFactory(stock=10)
    body = {"items": [{"product_id": product.pk, "quantity": 1}], "payment_token": "pm_card_visa"}

    answers = checkout_in_parallel(buyers=[user] * 6, body=body, headers={"HTTP_IDEMPOTENCY_KEY": "same"})

    assert answers == [201] * 6
    assert Order.objects.count() == 1
    product.refresh_from_db()
    assert product.stock == 9
