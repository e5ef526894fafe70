"""Reads for the shop."""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from orders.models import Order, OrderItem, Product

# How many products the checkout form offers when it is not asked for some.
CHECKOUT_PRODUCTS = 50


def product_list_on_sale() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True).only("id", "name", "description", "price", "stock")


def product_list_for_checkout(
    *, ids: list[int] | None = None, on_sale_only: bool = False, limit: int | None = CHECKOUT_PRODUCTS
) -> QuerySet[Product]:
    """The products the checkout form offers: the ones asked for, else the first on sale.

    "Else" covers asked-for ids of which none is there (a tampered or very old
    form, a Buy link to a product taken off sale): the form then offers the
    shop's products again.

    The shop's Buy links ask with `on_sale_only`. A submitted form's products
    are returned even when off sale, so the order is refused with a message
    rather than the line silently dropped.
    """
    if ids:
        asked = product_list_on_sale() if on_sale_only else Product.objects.all()
        if asked := asked.filter(pk__in=ids).order_by("name", "pk")[:limit]:
            return asked
    return product_list_on_sale().order_by("name", "pk")[:CHECKOUT_PRODUCTS]


def order_list_for_user(*, user: User) -> QuerySet[Order]:
    """The user's own orders with their items (and product names), newest first, in two queries."""
    items = (
        OrderItem.objects.select_related("product")
        .only("id", "order_id", "quantity", "unit_price", "product__id", "product__name")
        .order_by("id")
    )
    return Order.objects.filter(user=user).prefetch_related(Prefetch("items", queryset=items))
