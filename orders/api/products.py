"""The products side of the JSON API: read for anyone, write for staff."""

import re
from decimal import Decimal

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from rest_framework import permissions, serializers, viewsets

from blogsite import serializers as strict
from orders import selectors, services
from orders.models import MAX_STOCK, Product


class IsStaffOrReadOnly(permissions.BasePermission):
    allows_every_read = True  # so the schema lists no 403 on a read (blogsite.schema)

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_staff)


# The prices the field takes, as the schema gives them: 0.01 to 99999999.99, at
# most two decimals. drf-spectacular's own pattern for a DecimalField
# (^-?\d{0,8}(?:\.\d{0,2})?$) also matches "", "-" and "0", which are refused.
PRICE_PATTERN = r"^(?:[1-9]\d{0,7}(?:\.\d{1,2})?|0\.(?:0[1-9]|[1-9]\d?))$"


@extend_schema_field({"type": "string", "format": "decimal", "pattern": PRICE_PATTERN, "example": "12.50"})
class PriceField(serializers.DecimalField):
    """Money is a decimal string ("12.50"), as in the answers.

    DRF's DecimalField takes whatever Python's Decimal() reads: a JSON number
    (a binary float), "1e2", " 3.00", "١٢" (digits of another script). Only
    ASCII digits, with a sign and a decimal part, get as far as its checks,
    so its messages (too small, too many decimals) still name the problem.
    """

    default_error_messages = {"invalid": 'A price is a decimal string, such as "12.50".'}
    LOOKS_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")

    def __init__(self, **kwargs):
        super().__init__(max_digits=10, decimal_places=2, min_value=Decimal("0.01"), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not self.LOOKS_DECIMAL.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class ProductSerializer(strict.ModelSerializer):
    name = strict.CharField(max_length=200)
    description = strict.CharField(max_length=5000, allow_blank=True, default="")
    price = PriceField()
    stock = strict.IntegerField(min_value=0, max_value=MAX_STOCK, default=0)

    class Meta:
        model = Product
        fields = ("id", "name", "description", "price", "stock")


class ProductChangeSerializer(ProductSerializer):
    """A PATCH may also say which stock it read: see expected_stock."""

    # Orders may have taken some stock since the client read it; a stock set
    # from that number would undo their sales, so it is refused (409, with
    # the stock as it is now).
    expected_stock = strict.IntegerField(
        min_value=0,
        max_value=MAX_STOCK,
        required=False,
        write_only=True,
        help_text="The stock you read: the new stock is refused (409) if orders have changed it since.",
    )

    class Meta(ProductSerializer.Meta):
        fields = (*ProductSerializer.Meta.fields, "expected_stock")

    def validate(self, attrs):
        if "expected_stock" in attrs and "stock" not in attrs:
            raise serializers.ValidationError({"expected_stock": ["Send it with a change of stock."]})
        return attrs


class ProductViewSet(viewsets.ModelViewSet):
    """Products on sale. DELETE takes a product off sale (orders keep naming it)."""

    serializer_class = ProductSerializer
    # IsAuthenticatedOrReadOnly changes no answer (an anonymous write is 401
    # either way) but tells the schema that anyone may read.
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, IsStaffOrReadOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # ASCII digits, as the other APIs' ids: int() would also read other scripts' digits (U+0661 as 1).
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.product_list_on_sale()

    def get_serializer_class(self):
        return ProductChangeSerializer if self.action == "partial_update" else ProductSerializer

    def perform_create(self, serializer):
        serializer.instance = services.product_create(**serializer.validated_data)

    @extend_schema(
        responses={
            200: ProductSerializer,
            409: OpenApiResponse(
                inline_serializer(
                    "StockChanged", {"detail": serializers.CharField(), "stock": serializers.IntegerField()}
                ),
                description="expected_stock is no longer the stock (given here as it is now); nothing was changed",
            ),
        }
    )
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        serializer.instance = services.product_update(product=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.product_deactivate(product=instance)
