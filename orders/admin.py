from django.contrib import admin

from orders.models import Order, OrderItem, Product


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
    """Orders are made by checkout and settled by payment: the admin only looks."""

    list_display = ("id", "user", "status", "total_amount", "currency", "created_at")
    list_select_related = ("user",)
    list_filter = ("status", "created_at")
    search_fields = ("=id", "user__username", "user__email", "payment_id")
    date_hierarchy = "created_at"
    inlines = [OrderItemInline]
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
