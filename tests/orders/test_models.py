from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from orders.exceptions import InvalidOrderTransition
from orders.models import Order
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


def pending_order(**kwargs):
    return OrderFactory(status=Order.Status.PENDING, payment_id="", **kwargs)


def test_pending_order_can_be_paid_once():
    order = pending_order()
    order.mark_paid(payment_id="pay_1")
    assert (order.status, order.payment_id) == ("paid", "pay_1")
    with pytest.raises(InvalidOrderTransition):
        order.mark_failed(detail="late decline")
    with pytest.raises(InvalidOrderTransition):
        order.mark_paid(payment_id="pay_2")
    assert order.payment_id == "pay_1"


def test_failed_order_cannot_become_paid():
    order = pending_order()
    order.mark_failed(detail="Your card was declined.")
    assert (order.status, order.payment_detail) == ("failed", "Your card was declined.")
    with pytest.raises(InvalidOrderTransition):
        order.mark_paid(payment_id="pay_1")


def test_idempotency_key_is_unique_per_user():
    first = pending_order(idempotency_key="key-1")
    pending_order(idempotency_key="key-1")  # another user may use the same key
    pending_order(user=first.user)  # no key: as many as you like
    pending_order(user=first.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        pending_order(user=first.user, idempotency_key="key-1")


def test_product_price_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(price=Decimal("0.00"))


def test_product_stock_cannot_go_negative():
    product = ProductFactory(stock=1)
    product.stock = -1
    with pytest.raises(IntegrityError), transaction.atomic():
        product.save()


def test_payment_key_is_stable_and_unique_per_order():
    order, other = pending_order(), pending_order()
    assert order.payment_key == Order.objects.get(pk=order.pk).payment_key
    assert order.payment_key != other.payment_key


def test_line_total_and_str():
    order = OrderFactory(user=UserFactory())
    item = order.items.get()
    assert item.line_total == Decimal("25.00")
    assert str(order) == f"Order #{order.pk}"
    assert order.get_absolute_url() == f"/orders/{order.pk}/"
