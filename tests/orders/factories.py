from decimal import Decimal

import factory

from orders.models import Order, OrderItem, Product
from tests.factories import UserFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    description = "A thing for sale."
    price = Decimal("12.50")
    stock = 10


class OrderFactory(factory.django.DjangoModelFactory):
    """A paid order with one item, made directly (checkout is tested through the service)."""

    class Meta:
        model = Order
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    status = Order.Status.PAID
    total_amount = Decimal("25.00")
    payment_id = factory.Sequence(lambda n: f"pay_{n}")
    item = factory.RelatedFactory(
        "tests.orders.factories.OrderItemFactory", factory_related_name="order", quantity=2, unit_price=Decimal("12.50")
    )


class OrderItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory, item=None)
    product = factory.SubFactory(ProductFactory)
    quantity = 1
    unit_price = Decimal("12.50")
