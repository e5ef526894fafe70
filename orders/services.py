"""Writes for the shop: placing and settling orders, managing products.

Checkout in two transactions around the charge, so no database lock is held
while the payment service is called:

1. lock the products (in id order, so two checkouts cannot deadlock), check
   the stock, create the order pending with its items and take the stock;
2. charge, outside any transaction;
3. mark the order paid, or failed with the stock given back.

The payment service slow or down leaves the order pending; the same request
with the same Idempotency-Key settles it, and the gateway's own idempotency
key (derived from the order) keeps that from charging twice. An order whose
client never asks again is settled by `orders_settle_pending()` (the
`settle_orders` command, run every few minutes). Both first look the charge
up at the payment service, and send the same charge again only if it shows
none.
"""

import dataclasses
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.services import notification_create
from blogsite import mail
from orders.exceptions import (
    IdempotencyConflict,
    InvalidOrder,
    OutOfStock,
    PaymentDeclined,
    PaymentUnavailable,
    StockChanged,
)
from orders.models import CURRENCY, Order, OrderItem, Product
from orders.payments import Charge, GatewayUnavailable, get_gateway

logger = logging.getLogger(__name__)

MAX_LINES = 50
MAX_QUANTITY = 100
MAX_ID = 2**63 - 1  # the largest primary key the databases store
REPEATED_PRODUCT = "Product {} appears more than once."  # an order has one line per product
# A pending order is left to its own client's retry this long before
# orders_settle_pending() asks the payment service itself.
SETTLE_AFTER = timedelta(minutes=5)
# Stripe keeps an idempotency key's answer for 24 hours; after that the same
# charge sent again would be a second charge. Older pending orders are left
# for a person to check at the payment service.
SETTLE_WITHIN = timedelta(hours=23)


def order_place(
    *,
    user: User,
    items: Iterable[Mapping[str, int]],
    payment_token: str,
    idempotency_key: str | None = None,
) -> Order:
    """Place and pay an order for `items` (`[{"product_id", "quantity"}]`).

    Returns the paid order; raises InvalidOrder, OutOfStock, PaymentDeclined,
    PaymentUnavailable or IdempotencyConflict. With an idempotency key, the
    same request again answers as the first one did.
    """
    lines = _clean_lines(items)
    fingerprint = _request_fingerprint(lines=lines, payment_token=payment_token)
    try:
        order, created = _order_reserve(
            user=user,
            lines=lines,
            payment_token=payment_token,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
        )
    except IntegrityError:
        if idempotency_key is None:
            raise
        # A concurrent request with the same key created the order first.
        order, created = Order.objects.get(user=user, idempotency_key=idempotency_key), False
    if not created and order.request_fingerprint != fingerprint:
        raise IdempotencyConflict(order=order)
    if order.status != Order.Status.PENDING:
        return _order_outcome(order=order)
    if created:
        return _order_settle(order=order, payment_token=payment_token)
    # The client's retry of an order still pending: settled as settle_orders would.
    settled = _order_settle_again(order=order, payment_token=payment_token, now=timezone.now())
    if settled is None:
        raise PaymentUnavailable(order=order)
    return settled


def _clean_lines(items: Iterable[Mapping[str, int]]) -> dict[int, int]:
    """{product_id: quantity}, in product id order; the serializer and form check types first."""
    lines: dict[int, int] = {}
    for item in items:
        product_id, quantity = item["product_id"], item["quantity"]
        if not 1 <= quantity <= MAX_QUANTITY:
            raise InvalidOrder(f"Quantity must be between 1 and {MAX_QUANTITY}.")
        if product_id in lines:
            raise InvalidOrder(REPEATED_PRODUCT.format(product_id))
        lines[product_id] = quantity
    if not 1 <= len(lines) <= MAX_LINES:
        raise InvalidOrder(f"An order has 1 to {MAX_LINES} lines.")
    return dict(sorted(lines.items()))


def _request_fingerprint(*, lines: dict[int, int], payment_token: str) -> str:
    body = json.dumps({"items": sorted(lines.items()), "payment_token": payment_token})
    return hashlib.sha256(body.encode()).hexdigest()


@transaction.atomic
def _order_reserve(
    *, user: User, lines: dict[int, int], payment_token: str, idempotency_key: str | None, fingerprint: str
) -> tuple[Order, bool]:
    """Create the pending order and take its stock, or find the order this key already made."""
    products = list(Product.objects.select_for_update().filter(pk__in=lines).order_by("pk"))
    # Looked up under the product locks: a concurrent request with the same key
    # and lines has committed its order by the time we hold them.
    if idempotency_key is not None:
        existing = Order.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False

    found = {product.pk: product for product in products if product.is_active}
    for product_id in lines:
        if product_id not in found:
            raise InvalidOrder(f"Product {product_id} does not exist or is not for sale.")
    for product in products:
        if product.stock < lines[product.pk]:
            raise OutOfStock(f"Not enough stock for {product.name}: {product.stock} left.", product_id=product.pk)

    order = Order.objects.create(
        user=user,
        total_amount=sum((product.price * lines[product.pk] for product in products), Decimal("0.00")),
        currency=CURRENCY,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
        payment_token=payment_token,
    )
    OrderItem.objects.bulk_create(
        OrderItem(order=order, product=product, quantity=lines[product.pk], unit_price=product.price)
        for product in products
    )
    now = timezone.now()
    for product in products:
        product.stock -= lines[product.pk]
        product.updated_at = now
    Product.objects.bulk_update(products, ["stock", "updated_at"])
    return order, True


def _order_settle(*, order: Order, payment_token: str) -> Order:
    """Charge a pending order, then mark it paid or failed."""
    try:
        charge = get_gateway().charge(
            amount=order.total_amount,
            currency=order.currency,
            payment_token=payment_token,
            idempotency_key=order.payment_key,
            description=f"blogsite order #{order.pk}",
        )
    except GatewayUnavailable:
        # The gateway logged why; this says which order waits (settle_orders charges it again, same key).
        logger.warning("Order #%s stays pending: the payment service did not answer", order.pk)
        raise PaymentUnavailable(order=order) from None
    return _order_record(order=order, charge=charge)


def _order_record(*, order: Order, charge: Charge) -> Order:
    """Mark a pending order paid or failed by its charge; its answer as _order_outcome() gives it."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.PENDING:
            # A concurrent retry settled it first, or staff failed it meanwhile.
            if charge.succeeded and order.status == Order.Status.FAILED:
                logger.error(
                    "Order #%s was failed while its charge %s went through: refund the charge or reinstate the order.",
                    order.pk,
                    charge.payment_id,
                )
                order.payment_id = charge.payment_id
                order.save(update_fields=["payment_id", "updated_at"])
        elif charge.succeeded:
            order.mark_paid(payment_id=charge.payment_id)
            order.save(update_fields=["status", "payment_id", "payment_token", "updated_at"])
            # Both in this transaction: a paid order always has its notification and its email task.
            # The email task is a row of this database (blogsite.mail.enqueue_with): it commits with
            # the order or not at all, so the email still goes out only once the order is committed.
            _order_paid_notify(order=order)
            mail.enqueue_with(mail.order_confirmation_send, order_id=order.pk)
        else:
            _order_fail(order=order, detail=charge.detail, payment_id=charge.payment_id)
    # Outside the transaction: a decline is raised only once the order's state is committed.
    return _order_outcome(order=order)


def _order_fail(*, order: Order, detail: str, payment_id: str = "") -> None:
    """Mark a pending order failed and give its stock back; the caller holds the order's row lock."""
    order.mark_failed(detail=detail)
    order.payment_id = payment_id
    order.save(update_fields=["status", "payment_id", "payment_detail", "payment_token", "updated_at"])
    for item in order.items.order_by("product_id"):
        Product.objects.filter(pk=item.product_id).update(stock=F("stock") + item.quantity)


def product_stock_set(*, product: Product, stock: int, expected: int) -> bool:
    """Set a product's stock as staff counted it, only if it is still `expected` (what they were shown).

    Checkout takes stock at any moment (under its row locks, _order_reserve),
    and a failed payment gives it back; setting it from a number read earlier
    would undo the sales made in between. Returns
    False, and changes nothing, when the stock is no longer `expected`.
    """
    updated = Product.objects.filter(pk=product.pk, stock=expected).update(stock=stock, updated_at=timezone.now())
    return updated == 1


@transaction.atomic
def order_cancel_pending(*, order: Order, detail: str, now: datetime | None = None) -> bool:
    """Fail a pending order by hand, giving its stock back; False if it is not pending, or is under SETTLE_AFTER old.

    For staff who checked at the payment service that no charge went through.
    A younger order may still have its first charge on the way.
    """
    now = now or timezone.now()
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != Order.Status.PENDING or order.created_at > now - SETTLE_AFTER:
        return False
    _order_fail(order=order, detail=detail)
    return True


def _order_outcome(*, order: Order) -> Order:
    """A settled order as the answer to its request: the order when paid, PaymentDeclined when failed."""
    if order.status == Order.Status.FAILED:
        raise PaymentDeclined(order.payment_detail, order=order)
    return order


@dataclasses.dataclass
class SettleReport:
    """Order ids by what orders_settle_pending() did with them."""

    paid: list[int] = dataclasses.field(default_factory=list)
    failed: list[int] = dataclasses.field(default_factory=list)
    pending: list[int] = dataclasses.field(default_factory=list)  # the payment service still had no answer
    too_old: list[int] = dataclasses.field(default_factory=list)  # left for a person to check

    def __str__(self) -> str:
        return (
            f"paid {len(self.paid)}, declined {len(self.failed)}, still pending {len(self.pending)}, "
            f"too old to charge again {len(self.too_old)}"
        )


def orders_settle_pending(
    *, orders: QuerySet[Order] | None = None, older_than: timedelta = SETTLE_AFTER, now: datetime | None = None
) -> SettleReport:
    """Settle every order pending for longer than `older_than`, as its client's retry would.

    `orders` narrows the run (the admin's selection); by default it is every order.

    Each order's charge is first looked up at the payment service, which
    gives its state today (_charge_found). If the service shows none, the
    order is charged again with the same idempotency key, so an order it had
    charged comes back paid without a second charge. When the service still
    has no answer the run stops there: the rest wait for the next run instead
    of each waiting out the timeout. The orders tried longest ago go first,
    and a try that gets no answer counts as a change (updated_at), so an
    order the service keeps refusing to answer for goes to the back of the
    line instead of holding up the others.
    """
    now = now or timezone.now()
    report = SettleReport()
    orders = Order.objects.all() if orders is None else orders
    stale = orders.filter(status=Order.Status.PENDING, created_at__lte=now - older_than).order_by("updated_at", "pk")
    for order in stale.iterator():
        if report.pending:
            report.pending.append(order.pk)
            continue
        try:
            settled = _order_settle_again(order=order, payment_token=order.payment_token, now=now)
        except PaymentDeclined:
            report.failed.append(order.pk)
        except PaymentUnavailable:
            Order.objects.filter(pk=order.pk, status=Order.Status.PENDING).update(updated_at=timezone.now())
            report.pending.append(order.pk)
        else:
            (report.paid if settled else report.too_old).append(order.pk)
    return report


def _order_settle_again(*, order: Order, payment_token: str, now: datetime) -> Order | None:
    """Settle a pending order by its charge as the payment service shows it, or by charging it again.

    None when the order may not be charged again and its charge is not
    found: it is logged for a person.
    """
    try:
        charge = _charge_found(order=order)
    except PaymentUnavailable:
        # The charge is under way, or the service gave no whole answer to the look-up in time.
        # Past the window no one will charge it again: a person must follow it up.
        if _past_idempotency_window(order, now=now):
            _log_left_for_a_person(
                order, "is too old to charge again, and its charge is still under way (or the look-up got no answer)"
            )
            return None
        raise
    if charge is not None:
        return _order_record(order=order, charge=charge)
    if reason := _why_not_charge_again(order, payment_token=payment_token, now=now):
        _log_left_for_a_person(order, reason)
        return None
    return _order_settle(order=order, payment_token=payment_token)


def _charge_found(*, order: Order) -> Charge | None:
    """The order's charge as the payment service has it now; None if it shows none or cannot say.

    The first answer to an idempotency key is replayed for 24 hours, even a
    500 or a charge still "processing": charging again with the same key
    would only repeat it. Looking the charge up gives its state today. A
    charge the service does not show may only be late to show: the caller
    charges again with the same key, which cannot charge twice.
    """
    try:
        return get_gateway().find(idempotency_key=order.payment_key)
    except GatewayUnavailable:
        raise PaymentUnavailable(order=order) from None


def _why_not_charge_again(order: Order, *, payment_token: str, now: datetime) -> str:
    """Why a pending order the payment service shows no charge for must not be charged again ("" if it may)."""
    if _past_idempotency_window(order, now=now):
        return "is too old to charge again"
    if not payment_token:
        return "has no payment method kept (it was placed before they were)"
    return ""


def _past_idempotency_window(order: Order, *, now: datetime) -> bool:
    """Whether the payment service may have forgotten the order's idempotency key (SETTLE_WITHIN)."""
    return order.created_at < now - SETTLE_WITHIN


def _log_left_for_a_person(order: Order, reason: str) -> None:
    logger.error(
        "Order #%s, pending since %s, %s: check its payment (idempotency key %s) at the payment service; "
        "if nothing was charged, fail it in the admin, else refund the charge or complete the order by hand.",
        order.pk,
        order.created_at.isoformat(),
        reason,
        order.payment_key,
    )


def _order_paid_notify(*, order: Order) -> None:
    message = f"Your order #{order.pk} is paid: {order.total_amount} {order.currency}."
    notification_create(user=order.user, message=message)


def product_create(*, name: str, price: Decimal, stock: int = 0, description: str = "") -> Product:
    return Product.objects.create(name=name, description=description, price=price, stock=stock)


@transaction.atomic
def product_update(
    *,
    product: Product,
    name: str | None = None,
    description: str | None = None,
    price: Decimal | None = None,
    stock: int | None = None,
    expected_stock: int | None = None,
) -> Product:
    """Change the fields given; with `expected_stock`, the stock only if it is still that (else StockChanged).

    A stock set blindly undoes the sales made since staff read it (see
    product_stock_set); the expected stock makes the change refuse instead.
    """
    changes = {"name": name, "description": description, "price": price, "stock": stock}
    if stock is not None and expected_stock is not None:
        if not product_stock_set(product=product, stock=stock, expected=expected_stock):
            now = Product.objects.values_list("stock", flat=True).get(pk=product.pk)
            raise StockChanged(now=now, expected=expected_stock)
        product.stock = changes.pop("stock")  # written already, the row locked to the commit
    changed = [field for field, value in changes.items() if value is not None]
    for field in changed:
        setattr(product, field, changes[field])
    if changed:
        product.save(update_fields=[*changed, "updated_at"])
    return product


def product_deactivate(*, product: Product) -> None:
    """Take a product off sale; it stays in the database for the orders that name it."""
    product.is_active = False
    product.save(update_fields=["is_active", "updated_at"])
