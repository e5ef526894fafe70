from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from blogsite.admin import DateDrillDownAdminMixin
from orders.models import Order, OrderItem, Product
from orders.services import SETTLE_AFTER, order_cancel_pending, orders_settle_pending, product_stock_set

CANCELED_DETAIL = "Canceled by staff: no payment went through."


class ProductAdminForm(forms.ModelForm):
    """A product's form, on its page and in the list: it carries the stock it was shown with.

    Checkout moves the stock while the form is open. Saved whole, the form
    wrote back the stock it was opened with, undoing those sales: the shop
    could then sell stock it no longer had. With the shown stock in a
    hidden field (show_hidden_initial), the stock counts as changed only if
    staff changed it, and a change is refused if an order changed it too
    since the page was opened.
    """

    class Meta:
        model = Product
        fields = ("name", "description", "price", "stock", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "stock" in self.fields:
            self.fields["stock"].show_hidden_initial = True

    @property
    def shown_stock(self) -> int | None:
        """The stock the page showed (its hidden field), None if the form did not carry it."""
        try:
            return self.fields["stock"].to_python(self.data.get(self["stock"].html_initial_name))
        except ValidationError:
            return None

    def clean_stock(self):
        stock = self.cleaned_data["stock"]
        if self.instance.pk is None or "stock" not in self.changed_data:
            return stock
        shown = self.shown_stock
        if shown is None:
            raise ValidationError("This page did not say which stock it showed: open it again.", code="not_shown")
        now = Product.objects.values_list("stock", flat=True).get(pk=self.instance.pk)
        if now != shown:
            # The page shown again carries the stock as it is now, so the next save can set it.
            self.data = self.data.copy()
            self.data[self["stock"].html_initial_name] = now
            raise ValidationError(
                f"The stock is now {now}, not what this page showed: orders changed it since. Set it again from that.",
                code="stale",
            )
        return stock


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = ("name", "price", "stock", "is_active", "updated_at")
    list_editable = ("price", "stock", "is_active")
    list_filter = ("is_active", "created_at")
    search_fields = ("name", "description")
    readonly_fields = ("created_at", "updated_at")

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=ProductAdminForm, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Only the fields staff changed; the stock through the service, which
        # sets it only if no order moved it since the form was checked.
        if "stock" in form.changed_data and not product_stock_set(
            product=obj, stock=obj.stock, expected=form.shown_stock
        ):
            form.changed_data.remove("stock")  # not in the history as changed: it was not
            self.message_user(
                request, f"The stock of {obj} was not changed: an order changed it meanwhile.", messages.ERROR
            )
        if others := [name for name in form.changed_data if name != "stock"]:
            obj.save(update_fields=[*others, "updated_at"])


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    can_delete = False
    fields = ("product", "quantity", "unit_price")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")  # one query for the lines, not one each


@admin.register(Order)
class OrderAdmin(DateDrillDownAdminMixin, admin.ModelAdmin):
    """Orders are made by checkout and settled by payment: the admin looks, and settles what an outage left pending."""

    # The site shows an order to its buyer only (another's is a 404, staff's
    # too): no "View on site" link that would lead staff to that 404.
    view_on_site = False

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

    def has_change_permission(self, request, obj=None):
        # The actions need the change permission; an order itself has nothing
        # to edit. Its page is read-only (no Save), and a save posted anyway is
        # a 403: it would write back the row as read, undoing a settle
        # committed in between.
        return obj is None and super().has_change_permission(request)

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
