import pytest

from orders.models import Product
from orders.services import product_seed
from tests.orders.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_product_seed_tops_up_to_the_total_wanted():
    ProductFactory()
    assert product_seed(total=25) == 24
    assert Product.objects.count() == 25
    assert product_seed(total=25) == 0
    assert product_seed(total=10) == 0
    assert Product.objects.count() == 25
    assert all(p.price > 0 and p.stock > 0 and p.is_active for p in Product.objects.all())
