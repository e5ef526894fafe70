"""What can go wrong when ordering, as application errors.

blogsite.exceptions maps them to HTTP for the API; the checkout page shows
their `detail` on the form.
"""

from typing import TYPE_CHECKING

from rest_framework import status

from blogsite.exceptions import ApplicationError

if TYPE_CHECKING:
    from orders.models import Order


class InvalidOrder(ApplicationError):
    """The lines of an order are not acceptable (unknown product, too many lines...)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The order is not valid."

    def response_data(self) -> dict:
        return {"items": [self.detail]}


class OutOfStock(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Not enough stock."

    def __init__(self, detail: str | None = None, *, product_id: int | None = None):
        super().__init__(detail)
        self.product_id = product_id


class StockChanged(ApplicationError):
    """Staff set a stock from a number orders have changed since (the stock is no longer the expected one)."""

    status_code = status.HTTP_409_CONFLICT

    def __init__(self, *, now: int, expected: int):
        super().__init__(
            f"The stock is now {now}, not the expected {expected}: orders changed it since. Set it again from that."
        )
        self.stock = now

    def response_data(self) -> dict:
        return {"detail": self.detail, "stock": self.stock}


class IdempotencyConflict(ApplicationError):
    """The key names an earlier order of the user's, made by a different request."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used with a different request."

    def __init__(self, detail: str | None = None, *, order: "Order"):
        super().__init__(detail)
        self.order = order


class InvalidOrderTransition(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The order cannot change to that status."


class PaymentError(ApplicationError):
    """A payment that did not go through; the answer names the order it left behind."""

    def __init__(self, detail: str | None = None, *, order: "Order"):
        super().__init__(detail)
        self.order = order

    def response_data(self) -> dict:
        return {"id": self.order.pk, "status": self.order.status, "detail": self.detail}


class PaymentDeclined(PaymentError):
    status_code = status.HTTP_402_PAYMENT_REQUIRED
    default_detail = "The payment was declined."


class PaymentUnavailable(PaymentError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "The payment service is unavailable; the order is pending. "
        "Send the same request again with the same Idempotency-Key to complete it."
    )
    # Sent without a key, the same request again is a new order: this one is
    # settled by the shop (settle_orders), and the client can only watch it.
    detail_without_key = (
        "The payment service is unavailable; the order is pending, and is settled once the service is back: "
        "see /api/orders/{id}/. Sending the request again would place a new order; "
        "send an Idempotency-Key to be able to retry safely."
    )

    def __init__(self, detail: str | None = None, *, order: "Order"):
        if detail is None and not order.idempotency_key:
            detail = self.detail_without_key.format(id=order.pk)
        super().__init__(detail, order=order)
