"""The orders side of the JSON API: one's own orders, and checkout."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from blogsite import serializers as strict
from blogsite.schema import VALIDATION_ERROR, ErrorSerializer
from orders import selectors, services
from orders.models import Order, OrderItem

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_MAX_LENGTH = 255


class OrderItemSerializer(serializers.ModelSerializer):
    product_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = OrderItem
        fields = ("product_id", "quantity", "unit_price")


class OrderSerializer(serializers.ModelSerializer):
    items = OrderItemSerializer(many=True, read_only=True)
    payment_id = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Order
        fields = ("id", "status", "total_amount", "currency", "items", "payment_id", "created_at")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["payment_id"] = data["payment_id"] or None  # no payment yet: null rather than ""
        return data


class OrderLineSerializer(serializers.Serializer):
    product_id = strict.IntegerField(min_value=1, max_value=services.MAX_ID)
    quantity = strict.IntegerField(min_value=1, max_value=services.MAX_QUANTITY)


class OrderCreateSerializer(serializers.Serializer):
    """What a client may send; any price or total it adds is ignored."""

    items = OrderLineSerializer(many=True, allow_empty=False, max_length=services.MAX_LINES)
    payment_token = strict.CharField(max_length=255)

    def validate_items(self, items):
        # The service refuses it too (InvalidOrder); here it is the items field's error, as DRF shapes them.
        seen = set()
        for item in items:
            if item["product_id"] in seen:
                raise serializers.ValidationError(services.REPEATED_PRODUCT.format(item["product_id"]))
            seen.add(item["product_id"])
        return items


def _payment_error(name: str, status: str):
    """The answer of an order whose payment did not go through: `status` is always the same one."""
    return inline_serializer(
        name,
        fields={
            "id": serializers.IntegerField(),
            "status": serializers.ChoiceField(choices=[status]),
            "detail": serializers.CharField(),
        },
    )


ORDER_DECLINED = _payment_error("OrderDeclined", "failed")
ORDER_PENDING = _payment_error("OrderPending", "pending")


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = OrderSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Order.objects.none()
        return selectors.order_list_for_user(user=self.request.user)

    def get_serializer_class(self):
        return OrderCreateSerializer if self.action == "create" else OrderSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=(
                    f"Your own key for this order (up to {IDEMPOTENCY_KEY_MAX_LENGTH} printable characters, not "
                    "blank). Sent again with the same body, it answers as the first time and charges nothing "
                    "more: a retry after a lost answer is safe. With another body it is 422. Keys are yours "
                    "alone and do not expire: use a new one for each new order."
                ),
            )
        ],
        responses={
            201: OrderSerializer,
            400: OpenApiResponse(VALIDATION_ERROR, description="Invalid lines, unknown or inactive product"),
            402: OpenApiResponse(ORDER_DECLINED, description="Payment declined; the order is failed"),
            409: OpenApiResponse(ErrorSerializer, description="Not enough stock; nothing was charged"),
            422: OpenApiResponse(ErrorSerializer, description="Idempotency-Key reused with a different body"),
            503: OpenApiResponse(ORDER_PENDING, description="Payment service unavailable; the order is pending"),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.order_place(
            user=request.user, idempotency_key=self._idempotency_key(request), **serializer.validated_data
        )
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _idempotency_key(request) -> str | None:
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is None:
            return None
        if not key.strip() or len(key) > IDEMPOTENCY_KEY_MAX_LENGTH or not key.isprintable():
            raise serializers.ValidationError(
                {IDEMPOTENCY_HEADER: [f"Send 1 to {IDEMPOTENCY_KEY_MAX_LENGTH} printable characters."]}
            )
        return key
