"""Parallel checkouts never oversell, and each one gets a clean answer.

Real threads, each with its own database connection (closed at the end of the
thread), all released at once by a barrier.
"""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from orders.models import Order
from tests.factories import UserFactory
from tests.orders.factories import ProductFactory

URL = "/api/orders/"


def checkout_in_parallel(*, buyers, body, headers=None):
    """POST `body` once per buyer, all at the same moment; the status codes, in no order."""
    barrier = threading.Barrier(len(buyers))
    answers = []

    def buy(user):
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
            barrier.wait(timeout=30)
            response = client.post(URL, body, format="json", **(headers or {}))
            answers.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(user,)) for user in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(answers)


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
