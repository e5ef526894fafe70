"""Payment gateways behind one small interface, chosen by PAYMENT_BACKEND.

A gateway answers a charge with our own `Charge` (paid or declined) or raises
`GatewayUnavailable` when the outcome is unknown (slow, down, failing): the
order then stays pending and a retry with the same idempotency key settles it
without a second charge.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings


@dataclass(frozen=True)
class Charge:
    succeeded: bool
    payment_id: str = ""
    detail: str = ""


class GatewayUnavailable(Exception):
    """The payment service did not give a clear answer; nothing is known about the charge."""


class PaymentGateway(Protocol):
    def charge(
        self, *, amount: Decimal, currency: str, payment_token: str, idempotency_key: str, description: str
    ) -> Charge: ...

    def find(self, *, idempotency_key: str) -> Charge | None:
        """The charge made with this idempotency key as the service has it now.

        None if it shows none or cannot say: no proof that nothing was
        charged (a charge may be slow to show), so only charging again with
        the same key is safe then. GatewayUnavailable while the charge is
        known to be under way.
        """


def get_gateway() -> PaymentGateway:
    # Imported here so the stripe SDK is loaded only where it is used.
    from orders.payments.sandbox import SandboxGateway
    from orders.payments.stripe import StripeGateway

    # Any other PAYMENT_BACKEND is refused when the settings load.
    gateways = {"sandbox": SandboxGateway, "stripe": StripeGateway}
    return gateways[settings.PAYMENT_BACKEND]()
