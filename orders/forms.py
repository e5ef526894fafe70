from collections.abc import Iterable

from django import forms

from orders.models import CURRENCY, Product
from orders.services import MAX_ID, MAX_QUANTITY

# The page lists the test tokens above the form (templates/orders/checkout.html).
PAYMENT_METHOD_HELP = (
    "One of the test payment tokens listed above: pm_card_visa pays, pm_card_chargeDeclined is declined."
)


def quantity_field_name(product_id: int) -> str:
    return f"quantity_{product_id}"


def product_ids(values: Iterable[str]) -> list[int]:
    """The usable product ids among `values`; anything else is left out."""
    return [int(value) for value in values if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID]


def product_ids_in(data) -> list[int]:
    """The product ids a submitted checkout form has quantity fields for."""
    prefix = quantity_field_name(0)[:-1]
    return product_ids(name.removeprefix(prefix) for name in data if name.startswith(prefix))


class CheckoutForm(forms.Form):
    """One quantity field per offered product, a payment token and the request's idempotency key.

    The key is made when the form is shown and travels with it, so submitting
    the same form twice places one order, and submitting it again after the
    payment service was down completes the pending order.
    """

    payment_token = forms.CharField(max_length=255, help_text=PAYMENT_METHOD_HELP)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, products: Iterable[Product], **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        quantities = {
            quantity_field_name(product.pk): forms.IntegerField(
                label=f"{product.name} ({product.price} {CURRENCY}, {product.stock} in stock)",
                min_value=0,
                max_value=MAX_QUANTITY,
                required=False,
                widget=forms.NumberInput(attrs={"class": "quantity"}),
            )
            for product in self.products
        }
        self.fields = {**quantities, **self.fields}

    def clean(self):
        cleaned_data = super().clean()
        items = [
            {"product_id": product.pk, "quantity": quantity}
            for product in self.products
            if (quantity := cleaned_data.get(quantity_field_name(product.pk)))
        ]
        if unknown_ids := self._unknown_ids():
            names = ", ".join(f"#{product_id}" for product_id in unknown_ids)
            raise forms.ValidationError(f"There is no product {names} in the shop: choose from the products below.")
        if not items and not any(name.startswith("quantity_") for name in self.errors):
            raise forms.ValidationError("Choose a quantity for at least one product.")
        cleaned_data["items"] = items
        return cleaned_data

    def _unknown_ids(self) -> list[int]:
        """Products given a quantity that the form has no field for: a tampered or very old form.

        A zero or empty quantity changes nothing, so it is not refused.
        """
        offered = {product.pk for product in self.products}
        return [
            pk
            for pk in sorted(product_ids_in(self.data))
            if pk not in offered and self.data[quantity_field_name(pk)].strip() not in ("", "0")
        ]
