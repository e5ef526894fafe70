"""The in-process sandbox gateway: deterministic, no network, no state.

It knows Stripe's test payment methods, so the same tokens behave the same in
the sandbox and at Stripe:

- `pm_card_visa`, `pm_card_mastercard`, `pm_card_amex`: paid;
- `pm_card_chargeDeclined` (and its `...InsufficientFunds` and
  `...ExpiredCard` variants): declined;
- any other token: declined as an unknown payment method (Stripe answers
  "No such PaymentMethod" for those).

The payment id is derived from the idempotency key, so a repeated charge for
the same order gives the same payment, as Stripe's idempotency does.
"""

import hashlib
from decimal import Decimal

from orders.payments import Charge

PAYING_TOKENS = {"pm_card_visa", "pm_card_mastercard", "pm_card_amex"}
DECLINING_TOKENS = {
    "pm_card_chargeDeclined": "Your card was declined.",
    "pm_card_chargeDeclinedInsufficientFunds": "Your card has insufficient funds.",
    "pm_card_chargeDeclinedExpiredCard": "Your card has expired.",
}
UNKNOWN_METHOD_DETAIL = "Unknown payment method: use a test token such as pm_card_visa."


class SandboxGateway:
    def charge(
        self, *, amount: Decimal, currency: str, payment_token: str, idempotency_key: str, description: str
    ) -> Charge:
        payment_id = "sandbox_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]
        if payment_token in PAYING_TOKENS:
            return Charge(succeeded=True, payment_id=payment_id)
        return Charge(succeeded=False, detail=DECLINING_TOKENS.get(payment_token, UNKNOWN_METHOD_DETAIL))

    def find(self, *, idempotency_key: str) -> Charge | None:
        # The sandbox keeps nothing: charging again with the same key gives the same answer.
        return None
