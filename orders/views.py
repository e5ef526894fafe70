import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, ListView

from blogsite.exceptions import ApplicationError
from blogsite.pagination import html_page_size
from orders import selectors, services
from orders.exceptions import IdempotencyConflict, OutOfStock, PaymentDeclined, PaymentUnavailable
from orders.forms import CheckoutForm, product_ids, product_ids_in, quantity_field_name


class ProductListView(ListView):
    template_name = "orders/product_list.html"
    context_object_name = "products"

    def get_queryset(self):
        return selectors.product_list_on_sale().order_by("name", "pk")

    def get_paginate_by(self, queryset):
        return html_page_size(self.request)


class CheckoutView(LoginRequiredMixin, FormView):
    """Checkout: quantities and a payment token; success goes to the order's page."""

    template_name = "orders/checkout.html"
    form_class = CheckoutForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method != "POST":
            # The shop's Buy links: the products they name that are on sale.
            ids = product_ids(self.request.GET.getlist("product"))
            return {**kwargs, "products": selectors.product_list_for_checkout(ids=ids, on_sale_only=True)}
        # Every product the form has a quantity for (Django caps how many fields
        # a request has), so that more lines than an order may have are refused
        # as such by the service.
        # A quantity for a product the shop does not have is refused by the form.
        ids = product_ids_in(self.request.POST)
        return {**kwargs, "products": selectors.product_list_for_checkout(ids=ids, limit=None)}

    def get_initial(self):
        initial = {"idempotency_key": uuid.uuid4(), "payment_token": "pm_card_visa"}
        for product_id in product_ids(self.request.GET.getlist("product")):
            initial[quantity_field_name(product_id)] = 1
        return initial

    def form_valid(self, form):
        try:
            order = services.order_place(
                user=self.request.user,
                items=form.cleaned_data["items"],
                payment_token=form.cleaned_data["payment_token"],
                idempotency_key=str(form.cleaned_data["idempotency_key"]),
            )
        except OutOfStock as error:
            field = quantity_field_name(error.product_id) if error.product_id else None
            form.add_error(field if field in form.fields else None, error.detail)
            return self.form_invalid(form)
        except PaymentDeclined as error:
            # The failed order is final: a new key lets the user try another payment method.
            return self.form_with_new_key(form, f"{error.detail} Order #{error.order.pk} failed; nothing was charged.")
        except IdempotencyConflict as error:
            # The form placed an order, then came back (the Back button) with other
            # quantities or another payment method: a new key lets it place another.
            return self.form_with_new_key(
                form,
                f"This form already placed order #{error.order.pk}. "
                "Submit it again to place a new order with these quantities.",
            )
        except PaymentUnavailable as error:
            form.add_error(
                None,
                f"The payment service is unavailable; order #{error.order.pk} is pending. "
                "Submit the form again to complete it: you will not be charged twice.",
            )
            return self.form_invalid(form)
        except ApplicationError as error:
            form.add_error(None, error.detail)
            return self.form_invalid(form)
        messages.success(self.request, f"Thank you! Order #{order.pk} is paid.")
        return redirect(order)

    def form_invalid(self, form):
        if "idempotency_key" in form.errors:
            # The hidden key came back missing or damaged (a tampered or truncated
            # form): shown again as it was, the form would fail the same way on
            # every submission.
            return self.form_with_new_key(form, "This form was damaged in transit: check it and submit it again.")
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The form offers at most CHECKOUT_PRODUCTS; the page says when the shop has more.
        limit = selectors.CHECKOUT_PRODUCTS
        offered = context["form"].products
        context["more_in_shop"] = len(offered) == limit and selectors.product_list_on_sale().count() > limit
        context["checkout_products"] = limit
        return context

    def form_with_new_key(self, form, message: str):
        """The form again, input kept, with `message` and a new idempotency key: its next submission is a new order."""
        data = self.request.POST.copy()
        data["idempotency_key"] = str(uuid.uuid4())
        form = self.form_class(data=data, products=form.products)
        form.is_valid()
        form.add_error(None, message)
        return self.form_invalid(form)


class OrderListView(LoginRequiredMixin, ListView):
    template_name = "orders/order_list.html"
    context_object_name = "orders"

    def get_queryset(self):
        return selectors.order_list_for_user(user=self.request.user)

    def get_paginate_by(self, queryset):
        return html_page_size(self.request)


class OrderDetailView(LoginRequiredMixin, DetailView):
    template_name = "orders/order_detail.html"
    context_object_name = "order"

    def get_queryset(self):
        return selectors.order_list_for_user(user=self.request.user)
