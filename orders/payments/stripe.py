"""Stripe: the one module that talks to Stripe.

A charge is one confirmed PaymentIntent (`POST /v1/payment_intents`) carrying
the order's idempotency key, so a retry after a timeout returns the intent of
the first attempt instead of charging again. Money becomes minor units
(cents) here and nowhere else; Stripe's answers and errors become our
`Charge` and `GatewayUnavailable`.
"""

import logging
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings

from orders.payments import Charge, GatewayUnavailable

logger = logging.getLogger(__name__)

DECLINED_DETAIL = "Your card was declined."
ACTION_REQUIRED_DETAIL = "The payment needs further authentication, which this shop does not support."
CANCELED_DETAIL = "The payment was canceled."


def to_minor_units(amount: Decimal) -> int:
    # Two-decimal currencies only (the shop sells in EUR).
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class StripeGateway:
    def __init__(self) -> None:
        self.client = stripe.StripeClient(
            settings.STRIPE_API_KEY,
            base_addresses={"api": settings.STRIPE_API_BASE},
            http_client=stripe.RequestsClient(timeout=settings.EXTERNAL_TIMEOUT),
            # Our own retry is the client's retry with the same Idempotency-Key;
            # the SDK's would multiply the time a request can take.
            max_network_retries=0,
        )

    def charge(
        self, *, amount: Decimal, currency: str, payment_token: str, idempotency_key: str, description: str
    ) -> Charge:
        params = {
            "amount": to_minor_units(amount),
            "currency": currency.lower(),
            "payment_method": payment_token,
            "payment_method_types": ["card"],
            "confirm": True,
            "description": description,
        }
        try:
            intent = self.client.v1.payment_intents.create(params=params, options={"idempotency_key": idempotency_key})
        except stripe.CardError as exc:
            intent_id = getattr(getattr(exc.error, "payment_intent", None), "id", "") or ""
            return Charge(succeeded=False, payment_id=intent_id, detail=exc.user_message or DECLINED_DETAIL)
        except stripe.InvalidRequestError as exc:
            if exc.param == "payment_method":
                # "No such PaymentMethod": the token is not a card we can charge.
                return Charge(succeeded=False, detail=exc.user_message or DECLINED_DETAIL)
            logger.error("Stripe refused the payment request: %s", exc)
            raise GatewayUnavailable(str(exc)) from exc
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError, stripe.IdempotencyError) as exc:
            # Timeouts, connection failures, 5xx, throttling, the same key in flight:
            # the outcome is unknown until the same request is sent again.
            logger.warning("Stripe unavailable: %s", exc)
            raise GatewayUnavailable(str(exc)) from exc
        except stripe.StripeError as exc:
            logger.error("Stripe error: %s", exc)
            raise GatewayUnavailable(str(exc)) from exc

        if intent.status == "succeeded":
            return Charge(succeeded=True, payment_id=intent.id)
        if intent.status == "processing":
            raise GatewayUnavailable(f"PaymentIntent {intent.id} is still processing")
        if intent.status == "requires_payment_method":
            error = intent.get("last_payment_error") or {}
            return Charge(succeeded=False, payment_id=intent.id, detail=error.get("message") or DECLINED_DETAIL)
        if intent.status == "canceled":
            return Charge(succeeded=False, payment_id=intent.id, detail=CANCELED_DETAIL)
        return Charge(succeeded=False, payment_id=intent.id, detail=ACTION_REQUIRED_DETAIL)
