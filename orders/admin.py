from datetime import timedelta

from django.contrib import admin, messages

from orders.models import Order, OrderItem, Product
from orders.services import SETTLE_AFTER, order_cancel_pending, orders_settle_pending

CANCELED_DETAIL = "Canceled by staff: no payment went through."


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "price", "stock", "is_active", "updated_at")
    list_editable = ("price", "stock", "is_active")
    list_filter = ("is_active", "created_at")
    search_fields = ("name", "description")
    readonly_fields = ("created_at", "updated_at")


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    can_delete = False
    fields = ("product", "quantity", "unit_price")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Orders are made by checkout and settled by payment: the admin looks, and settles what an outage left pending."""

    list_display = ("id", "user", "status", "total_amount", "currency", "created_at")
    list_select_related = ("user",)
    list_filter = ("status", "created_at")
    search_fields = ("=id", "user__username", "user__email", "payment_id")
    date_hierarchy = "created_at"
    inlines = [OrderItemInline]
    actions = ["settle_now", "cancel_pending"]
    readonly_fields = (
        "user",
        "status",
        "total_amount",
        "currency",
        "payment_id",
        "payment_detail",
        "payment_token",
        "idempotency_key",
        "request_fingerprint",
        "confirmation_sent_at",
        "created_at",
        "updated_at",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description="Settle selected pending orders now (find their charge, else charge again)", permissions=["change"]
    )
    def settle_now(self, request, queryset):
        # As settle_orders does: the charge as the payment service has it now, or the same
        # idempotency key as the first attempt, so a charge that went through is not repeated.
        report = orders_settle_pending(orders=queryset, older_than=timedelta(0))
        level = messages.WARNING if report.pending or report.too_old else messages.SUCCESS
        self.message_user(request, f"Pending orders: {report}.", level)

    @admin.action(
        # For orders the payment service shows no charge for.
        description="Fail selected pending orders, give stock back",
        permissions=["change"],
    )
    def cancel_pending(self, request, queryset):
        canceled = [
            order.pk
            for order in queryset.filter(status=Order.Status.PENDING)
            if order_cancel_pending(order=order, detail=CANCELED_DETAIL)
        ]
        skipped = queryset.count() - len(canceled)
        self.message_user(
            request,
            f"{len(canceled)} pending orders failed; {skipped} left as they were "
            f"(not pending, or pending for under {SETTLE_AFTER.seconds // 60} minutes: a charge may be on its way).",
        )
