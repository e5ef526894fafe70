"""Stripe: the one module that talks to Stripe.

A charge is one confirmed PaymentIntent (`POST /v1/payment_intents`) carrying
the order's idempotency key, so a retry after a timeout returns the intent of
the first attempt instead of charging again. The key is also in the intent's
metadata, where `find()` searches for it. Money becomes minor units
(cents) here and nowhere else; Stripe's answers and errors become our
`Charge` and `GatewayUnavailable`.

Every call to Stripe has EXTERNAL_TIMEOUT seconds in all (blogsite.external's
DeadlineCalls): the SDK's own timeout bounds each read, and a Stripe that
answered a byte at a time held an order past gunicorn's timeout (its worker
killed, the client given a bare 500). Past the deadline the order is
pending, as for any unknown outcome: a retry with the same key settles it.
"""

import logging
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings

from blogsite.external import DeadlineCalls, DeadlinePassed
from orders.payments import Charge, GatewayUnavailable

logger = logging.getLogger(__name__)

_stripe_calls = DeadlineCalls("stripe")

DECLINED_DETAIL = "Your card was declined."
ACTION_REQUIRED_DETAIL = "The payment needs further authentication, which this shop does not support."
CANCELED_DETAIL = "The payment was canceled."
AMOUNT_REFUSED_DETAIL = "The payment service does not take payments of this amount."
# The metadata field of a PaymentIntent that holds the order's idempotency key.
PAYMENT_KEY_METADATA = "blogsite_payment_key"


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
            # What find() searches by.
            "metadata": {PAYMENT_KEY_METADATA: idempotency_key},
        }
        try:
            intent = _stripe_calls.call(self._create, params, idempotency_key, timeout=settings.EXTERNAL_TIMEOUT)
        except DeadlinePassed as exc:
            logger.warning("Stripe unavailable: no whole answer within %g s", settings.EXTERNAL_TIMEOUT)
            raise GatewayUnavailable("no answer in time") from exc
        except stripe.CardError as exc:
            intent_id = getattr(getattr(exc.error, "payment_intent", None), "id", "") or ""
            return Charge(succeeded=False, payment_id=intent_id, detail=exc.user_message or DECLINED_DETAIL)
        except stripe.InvalidRequestError as exc:
            if exc.param == "payment_method":
                # "No such PaymentMethod": the token is not a card we can charge.
                return Charge(succeeded=False, detail=exc.user_message or DECLINED_DETAIL)
            if exc.param == "amount":
                # Below Stripe's minimum charge (0.50 EUR), or above its maximum: this
                # order can never be charged, and a refused request charged nothing.
                return Charge(succeeded=False, detail=exc.user_message or AMOUNT_REFUSED_DETAIL)
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

        try:
            return _charge_from(intent)
        except (LookupError, AttributeError, TypeError) as exc:
            # A 200 whose body is not a PaymentIntent (no status, no id, not an
            # object): whether the card was charged is not known.
            logger.error("Stripe answered something that is not a PaymentIntent: %s: %s", type(exc).__name__, exc)
            raise GatewayUnavailable("unexpected answer from Stripe") from exc

    def _create(self, params: dict, idempotency_key: str):
        options = {"idempotency_key": idempotency_key}
        try:
            return self.client.v1.payment_intents.create(params=params, options=options)
        except stripe.IdempotencyError as exc:
            if exc.http_status != 400:
                raise  # 409: the same key is in flight
            # 400: the key was first sent with other parameters. Charges sent before
            # the metadata was added are the only ones that differ: the same
            # request without it is the first one again, and Stripe replays its answer.
            return self.client.v1.payment_intents.create(params=_without_metadata(params), options=options)

    def find(self, *, idempotency_key: str) -> Charge | None:
        """The PaymentIntent created with this idempotency key, as it is now.

        Stripe replays its first answer to a key for 24 hours, a 500 or a
        "processing" intent included. Its search API finds the intent by the
        key in its metadata; the intent's state then comes from retrieving it,
        since the search index can lag behind (a minute, an hour during
        Stripe's outages). None when the search shows nothing, or gives no
        clear answer (down, or not offered to the account, as in India): the
        caller then charges again with the same key, which is safe. None is no
        proof that nothing was charged. GatewayUnavailable for an intent
        still processing, or when Stripe gives no whole answer within
        EXTERNAL_TIMEOUT.
        """
        try:
            intent = _stripe_calls.call(self._search, idempotency_key, timeout=settings.EXTERNAL_TIMEOUT)
            if intent is None:
                return None
            if intent["metadata"][PAYMENT_KEY_METADATA] == idempotency_key:
                return _charge_from(intent)
            logger.error("Stripe's search for key %s found %s, an intent of another key", idempotency_key, intent["id"])
        except DeadlinePassed as exc:
            # A Stripe this slow would keep a charge waiting as long again.
            logger.warning("Stripe unavailable: no whole answer to a search within %g s", settings.EXTERNAL_TIMEOUT)
            raise GatewayUnavailable("no answer in time") from exc
        except stripe.StripeError as exc:
            logger.warning("Stripe search failed, charging again with the same key instead: %s", exc)
        except (LookupError, AttributeError, TypeError) as exc:
            logger.error("Stripe answered a search with something that is not the key's PaymentIntent: %s", exc)
        return None

    def _search(self, idempotency_key: str):
        """The PaymentIntent whose metadata holds this key, retrieved as it is now; None if none is found."""
        # Keys are made by Order.payment_key: letters, digits and hyphens, nothing to escape.
        query = f"metadata['{PAYMENT_KEY_METADATA}']:'{idempotency_key}'"
        found = self.client.v1.payment_intents.search(params={"query": query, "limit": 1})["data"]
        return self.client.v1.payment_intents.retrieve(found[0]["id"]) if found else None


def _without_metadata(params: dict) -> dict:
    return {name: value for name, value in params.items() if name != "metadata"}


def _charge_from(intent) -> Charge:
    """Our Charge for a confirmed PaymentIntent; GatewayUnavailable while its outcome is not known."""
    status, intent_id = intent["status"], intent["id"]
    if not isinstance(status, str) or not isinstance(intent_id, str):
        raise TypeError(f"status {status!r} and id {intent_id!r} are not strings")
    if status == "succeeded":
        return Charge(succeeded=True, payment_id=intent_id)
    if status == "requires_payment_method":
        error = intent.get("last_payment_error")
        message = error.get("message") if isinstance(error, dict) else None
        return Charge(succeeded=False, payment_id=intent_id, detail=message or DECLINED_DETAIL)
    if status == "canceled":
        return Charge(succeeded=False, payment_id=intent_id, detail=CANCELED_DETAIL)
    if status in ("requires_action", "requires_confirmation", "requires_capture"):
        return Charge(succeeded=False, payment_id=intent_id, detail=ACTION_REQUIRED_DETAIL)
    # "processing", or a status this code does not know: paid or not is not known yet.
    raise GatewayUnavailable(f"PaymentIntent {intent_id} is {status}")
