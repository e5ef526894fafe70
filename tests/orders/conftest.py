import json
import socket
import threading
import time

import pytest
from werkzeug import Request, Response

from tests.orders.factories import ProductFactory

API_KEY = "sk_test_local"


@pytest.fixture(autouse=True)
def _sandbox_payments(settings):
    """Every orders test pays in the sandbox unless it says otherwise."""
    settings.PAYMENT_BACKEND = "sandbox"


@pytest.fixture
def product(db):
    return ProductFactory(price="12.50", stock=10)


@pytest.fixture
def closed_port():
    """A local TCP port with nothing listening on it: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeStripe:
    """Enough of Stripe's PaymentIntents API, served by pytest-httpserver.

    It records every request and, like Stripe, answers a repeated
    Idempotency-Key with the first answer instead of charging again, so tests
    can count real charges.
    """

    def __init__(self):
        self.requests = []
        self.intents = {}  # Idempotency-Key -> (status, body)
        self.delays = []  # seconds to stall before answering, one per new request
        self.errors = []  # (status, body) to answer instead, one per new request
        self.answered = threading.Event()

    @property
    def charges(self) -> int:
        return sum(1 for status, body in self.intents.values() if status == 200 and body["status"] == "succeeded")

    def handle(self, request: Request) -> Response:
        self.requests.append({"form": request.form.to_dict(), "headers": dict(request.headers)})
        key = request.headers["Idempotency-Key"]
        if key not in self.intents:
            if self.delays:
                time.sleep(self.delays.pop(0))
            if self.errors:
                status, body = self.errors.pop(0)
                self.answered.set()
                # Not kept for the key: these stand for failures Stripe saves
                # nothing for (a gateway's 502/503, a request it never finished).
                # A 500 from Stripe's API itself is replayed for 24 hours (see
                # the README's note on settling orders).
                return self.respond(status, body)
            self.intents[key] = self.payment_intent(request.form)
        status, body = self.intents[key]
        self.answered.set()
        return self.respond(status, body)

    def payment_intent(self, form) -> tuple[int, dict]:
        intent = {
            "id": f"pi_{len(self.intents) + 1}",
            "object": "payment_intent",
            "amount": int(form["amount"]),
            "currency": form["currency"],
            "payment_method": form["payment_method"],
            "status": "succeeded",
        }
        if form["payment_method"] == "pm_card_chargeDeclined":
            intent["status"] = "requires_payment_method"
            error = {
                "type": "card_error",
                "code": "card_declined",
                "decline_code": "generic_decline",
                "message": "Your card was declined.",
                "payment_intent": intent,
            }
            return 402, {"error": error}
        if form["payment_method"] == "pm_card_authenticationRequired":
            intent["status"] = "requires_action"
        return 200, intent

    @staticmethod
    def respond(status: int, body: dict) -> Response:
        return Response(json.dumps(body), status=status, content_type="application/json")


@pytest.fixture
def stripe_server(httpserver, settings):
    fake = FakeStripe()
    httpserver.expect_request("/v1/payment_intents", method="POST").respond_with_handler(fake.handle)
    settings.PAYMENT_BACKEND = "stripe"
    settings.STRIPE_API_KEY = API_KEY
    settings.STRIPE_API_BASE = httpserver.url_for("/").rstrip("/")
    settings.EXTERNAL_TIMEOUT = 0.5
    return fake
