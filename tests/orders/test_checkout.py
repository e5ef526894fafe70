"""order_place, case by case (contract section 6), through the sandbox gateway."""

from decimal import Decimal

import pytest

from accounts.models import Notification
from orders.exceptions import IdempotencyConflict, InvalidOrder, OutOfStock, PaymentDeclined, PaymentUnavailable
from orders.models import Order
from orders.services import order_place
from tests.orders.factories import ProductFactory

pytestmark = pytest.mark.django_db


def place(user, *lines, card="pm_card_visa", key=None):
    items = [{"product_id": product.pk, "quantity": quantity} for product, quantity in lines]
    return order_place(user=user, items=items, payment_token=card, idempotency_key=key)


def stock_of(product):
    product.refresh_from_db()
    return product.stock


def test_paid_order_takes_stock_and_captures_prices(user):
    pen = ProductFactory(price=Decimal("1.10"), stock=5)
    book = ProductFactory(price=Decimal("12.50"), stock=2)

    order = place(user, (pen, 3), (book, 2))

    assert order.status == Order.Status.PAID
    assert order.total_amount == Decimal("28.30")  # 3 x 1.10 + 2 x 12.50, exactly
    assert order.payment_id.startswith("sandbox_")
    assert order.currency == "EUR"
    assert {(i.product_id, i.quantity, i.unit_price) for i in order.items.all()} == {
        (pen.pk, 3, Decimal("1.10")),
        (book.pk, 2, Decimal("12.50")),
    }
    assert (stock_of(pen), stock_of(book)) == (2, 0)


def test_unit_price_is_kept_when_the_product_price_changes_later(user, product):
    order = place(user, (product, 1))
    product.price = Decimal("99.00")
    product.save()
    assert order.items.get().unit_price == Decimal("12.50")


def test_declined_payment_keeps_a_failed_order_and_restores_stock(user, product):
    with pytest.raises(PaymentDeclined) as declined:
        place(user, (product, 4), card="pm_card_chargeDeclined")

    order = declined.value.order
    order.refresh_from_db()
    assert order.status == Order.Status.FAILED
    assert declined.value.response_data() == {"id": order.pk, "status": "failed", "detail": "Your card was declined."}
    assert stock_of(product) == 10


def test_a_declined_order_gives_back_the_stock_of_every_line(user, product):
    other = ProductFactory(stock=5)

    with pytest.raises(PaymentDeclined):
        place(user, (product, 4), (other, 3), card="pm_card_chargeDeclined")

    assert (stock_of(product), stock_of(other)) == (10, 5)


def test_unknown_payment_token_is_declined(user, product):
    with pytest.raises(PaymentDeclined) as declined:
        place(user, (product, 1), card="tok_made_up")
    assert "Unknown payment method" in declined.value.detail
    assert stock_of(product) == 10


def test_out_of_stock_changes_nothing(user, product):
    other = ProductFactory(stock=3)
    with pytest.raises(OutOfStock) as error:
        place(user, (other, 1), (product, 11))
    assert error.value.product_id == product.pk
    assert "10 left" in error.value.detail
    assert not Order.objects.exists()
    assert (stock_of(product), stock_of(other)) == (10, 3)


def test_the_last_items_can_be_bought(user, product):
    place(user, (product, 10))
    assert stock_of(product) == 0
    with pytest.raises(OutOfStock):
        place(user, (product, 1))


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (lambda p: [{"product_id": p.pk, "quantity": 0}], "between 1 and 100"),
        (lambda p: [{"product_id": p.pk, "quantity": 101}], "between 1 and 100"),
        (lambda p: [], "1 to 50 lines"),
        (lambda p: [{"product_id": p.pk + 1000 + n, "quantity": 1} for n in range(51)], "1 to 50 lines"),
        (lambda p: [{"product_id": p.pk, "quantity": 1}, {"product_id": p.pk, "quantity": 2}], "more than once"),
        (lambda p: [{"product_id": p.pk + 1000, "quantity": 1}], "does not exist or is not for sale"),
    ],
    ids=["quantity-0", "quantity-101", "no-lines", "51-lines", "duplicate-product", "unknown-product"],
)
def test_invalid_lines_are_refused(user, product, lines, message):
    with pytest.raises(InvalidOrder, match=message):
        order_place(user=user, items=lines(product), payment_token="pm_card_visa")
    assert not Order.objects.exists()
    assert stock_of(product) == 10


def test_inactive_product_is_refused(user, product):
    ProductFactory()
    product.is_active = False
    product.save()
    with pytest.raises(InvalidOrder, match="not for sale"):
        place(user, (product, 1))
    assert stock_of(product) == 10


def test_fifty_lines_are_accepted(user):
    products = ProductFactory.create_batch(50, price=Decimal("0.01"), stock=1)
    order = place(user, *((product, 1) for product in products))
    assert order.items.count() == 50
    assert order.total_amount == Decimal("0.50")


def test_same_key_answers_with_the_first_order_without_charging_again(user, product):
    first = place(user, (product, 2), key="k-1")
    again = place(user, (product, 2), key="k-1")
    assert again.pk == first.pk
    assert again.payment_id == first.payment_id
    assert Order.objects.count() == 1
    assert stock_of(product) == 8


def test_same_key_with_another_body_is_a_conflict(user, product):
    place(user, (product, 2), key="k-1")
    with pytest.raises(IdempotencyConflict):
        place(user, (product, 3), key="k-1")
    with pytest.raises(IdempotencyConflict):
        place(user, (product, 2), key="k-1", card="pm_card_mastercard")
    assert stock_of(product) == 8


def test_same_key_replays_a_decline(user, product):
    with pytest.raises(PaymentDeclined) as first:
        place(user, (product, 2), key="k-1", card="pm_card_chargeDeclined")
    with pytest.raises(PaymentDeclined) as again:
        place(user, (product, 2), key="k-1", card="pm_card_chargeDeclined")
    assert again.value.response_data() == first.value.response_data()
    assert Order.objects.count() == 1
    assert stock_of(product) == 10


def test_same_key_replay_answers_even_when_the_product_is_gone(user, product):
    first = place(user, (product, 10), key="k-1")
    product.is_active = False
    product.save()
    assert place(user, (product, 10), key="k-1").pk == first.pk


def test_keys_are_scoped_per_user(user, other_user, product):
    mine = place(user, (product, 1), key="shared")
    theirs = place(other_user, (product, 1), key="shared")
    assert mine.pk != theirs.pk
    assert stock_of(product) == 8


def test_paid_order_notifies_the_user_after_commit(user, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = place(user, (product, 2))
    assert list(Notification.objects.filter(user=user).values_list("message", flat=True)) == [
        f"Your order #{order.pk} is paid: 25.00 EUR."
    ]


def test_declined_order_makes_no_notification(user, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PaymentDeclined):
        place(user, (product, 2), card="pm_card_chargeDeclined")
    assert not Notification.objects.exists()


def test_prices_sent_with_the_lines_are_ignored(user, product):
    items = [{"product_id": product.pk, "quantity": 2, "unit_price": Decimal("0.01"), "total_amount": Decimal("0")}]
    order = order_place(user=user, items=items, payment_token="pm_card_visa")
    assert order.total_amount == Decimal("25.00")
    assert order.items.get().unit_price == Decimal("12.50")


def test_payment_service_down_leaves_the_order_pending_until_a_retry_settles_it(user, product, stripe_server):
    stripe_server.errors.append((503, {"error": {"type": "api_error", "message": "Service unavailable."}}))

    with pytest.raises(PaymentUnavailable) as unavailable:
        place(user, (product, 2), key="k-1")

    pending = unavailable.value.order
    assert unavailable.value.response_data()["status"] == "pending"
    assert Order.objects.get().status == Order.Status.PENDING
    assert stock_of(product) == 8

    settled = place(user, (product, 2), key="k-1")
    assert (settled.pk, settled.status) == (pending.pk, Order.Status.PAID)
    assert stock_of(product) == 8
    assert stripe_server.charges == 1
