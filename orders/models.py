from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from orders.exceptions import InvalidOrderTransition

CURRENCY = "EUR"
MAX_STOCK = 2_147_483_647


class Product(models.Model):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    # The largest stock every database stores (PostgreSQL's integer; SQLite's is wider), as the API says.
    stock = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(MAX_STOCK)])
    is_active = models.BooleanField(default=True, help_text="Inactive products are hidden and cannot be ordered.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="orders_product_price_positive"),
        ]
        # The shop and the API list active products by name.
        indexes = [models.Index(fields=["is_active", "name"], name="orders_product_active_idx")]

    def __str__(self) -> str:
        return self.name


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    # Room for the largest order the rules allow: 50 lines of 100 at a product's
    # highest price (8 digits before the point), so 12 digits before the point.
    total_amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default=CURRENCY)
    payment_id = models.CharField(max_length=255, blank=True, help_text="The payment service's id of the charge.")
    payment_detail = models.CharField(max_length=255, blank=True, help_text="Why the payment failed, when it did.")
    # NULL when the client sent no Idempotency-Key: NULLs never collide in the unique constraint.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    request_fingerprint = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the order request, to refuse a key reused with another body."
    )
    # A payment method id (Stripe's "pm_..."), not card data: kept while the
    # order is pending so that `manage.py settle_orders` can ask again.
    payment_token = models.CharField(
        max_length=255, blank=True, help_text="The payment method charged, kept only while the order is pending."
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="orders_order_user_idempotency_key_unique",
            ),
            models.CheckConstraint(condition=models.Q(total_amount__gte=0), name="orders_order_total_not_negative"),
        ]
        indexes = [
            # A user's orders, newest first (the orders page and API).
            models.Index(fields=["user", "-created_at"], name="orders_order_user_idx"),
            # The admin's filters by status and date.
            models.Index(fields=["status", "created_at"], name="orders_order_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Order #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", kwargs={"pk": self.pk})

    @property
    def payment_key(self) -> str:
        """The idempotency key this order's charge carries to the payment service.

        Derived from the order rather than the client's key (which is unique
        per user only), so every retry of this order asks for the same charge.
        """
        return f"order-{self.pk}-{self.created_at:%Y%m%d%H%M%S%f}"

    def mark_paid(self, *, payment_id: str) -> None:
        self._leave_pending(self.Status.PAID)
        self.payment_id = payment_id

    def mark_failed(self, *, detail: str) -> None:
        self._leave_pending(self.Status.FAILED)
        self.payment_detail = detail[:255]

    def _leave_pending(self, status: str) -> None:
        # Only a pending order may be settled, and only once.
        if self.status != self.Status.PENDING:
            raise InvalidOrderTransition(f"Order #{self.pk} is {self.status}; it cannot become {status}.")
        self.status = status
        self.payment_token = ""


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_items")
    quantity = models.PositiveSmallIntegerField()
    unit_price = models.DecimalField(max_digits=10, decimal_places=2, help_text="The price when the order was placed.")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "product"], name="orders_orderitem_product_once"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="orders_orderitem_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x product {self.product_id}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity
