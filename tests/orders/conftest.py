import json
import re
import socket
import threading
import time

import pytest
from werkzeug import Request, Response

from orders.payments.stripe import PAYMENT_KEY_METADATA
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
    Idempotency-Key with the first answer instead of charging again (and
    refuses the key with other parameters), so tests can count real charges.
    Its search finds an intent by the key in its metadata, and a retrieve
    gives the intent as it is now, which may differ from the answer replayed
    for its key.
    """

    def __init__(self):
        self.requests = []
        self.intents = {}  # Idempotency-Key -> (status, body): the answer replayed for the key
        self.forms = {}  # Idempotency-Key -> the parameters it was first sent with
        self.delays = []  # seconds to stall before answering, one per new request
        self.errors = []  # (status, body) to answer instead, one per new request
        self.answered = threading.Event()
        self.current = {}  # intent id -> the intent as it is now
        self.searches = []  # the queries the search was asked
        self.search_errors = []  # (status, body) to answer instead, one per search
        # (status, body) that Stripe saves as the answer to the next new key
        # (and replays for 24 hours) while the intent itself is made as usual:
        # a 500 from Stripe's API, or a 200 with the intent still "processing".
        self.replayed = []
        # Seconds over which to send the answer to the next new key (or the next
        # search), a byte at a time: each read well within the SDK's timeout,
        # the whole far past it. The event is set once the last byte is out.
        self.drips = []
        self.search_drips = []
        self.search_answered = threading.Event()

    @property
    def charges(self) -> int:
        return sum(1 for intent in self.current.values() if intent["status"] == "succeeded")

    def intent_for(self, payment_key: str) -> dict:
        """The intent (as it is now) whose metadata holds this order's key."""
        [intent] = [i for i in self.current.values() if i["metadata"].get(PAYMENT_KEY_METADATA) == payment_key]
        return intent

    def handle(self, request: Request) -> Response:
        form = request.form.to_dict()
        self.requests.append({"form": form, "headers": dict(request.headers)})
        key = request.headers["Idempotency-Key"]
        if key in self.forms and self.forms[key] != form:
            message = (
                "Keys for idempotent requests can only be used with the same parameters they were first used with."
            )
            return self.respond(400, {"error": {"type": "idempotency_error", "message": message}})
        if key not in self.intents:
            if self.delays:
                time.sleep(self.delays.pop(0))
            if self.errors:
                status, body = self.errors.pop(0)
                self.answered.set()
                # Not kept for the key: these stand for failures Stripe saves
                # nothing for (a gateway's 502/503, a request it never finished).
                # A 500 from Stripe's API itself is replayed for 24 hours (see
                # `replayed`).
                return self.respond(status, body)
            self.forms[key] = form
            self.intents[key] = self.payment_intent(request.form)
            intent = self.intent_of(*self.intents[key])
            self.current[intent["id"]] = intent
            if self.replayed:
                self.intents[key] = self.replayed.pop(0)
        status, body = self.intents[key]
        if self.drips:
            return self.drip(status, body, seconds=self.drips.pop(0), done=self.answered)
        self.answered.set()
        return self.respond(status, body)

    @staticmethod
    def drip(status: int, body: dict, *, seconds: float, done: threading.Event) -> Response:
        data = json.dumps(body).encode()

        def bytes_one_by_one():
            for index in range(len(data)):
                yield data[index : index + 1]
                time.sleep(seconds / len(data))
            done.set()

        return Response(bytes_one_by_one(), status=status, content_type="application/json")

    def payment_intent(self, form) -> tuple[int, dict]:
        intent = {
            "id": f"pi_{len(self.intents) + 1}",
            "object": "payment_intent",
            "amount": int(form["amount"]),
            "currency": form["currency"],
            "payment_method": form["payment_method"],
            "metadata": {name[9:-1]: value for name, value in form.items() if name.startswith("metadata[")},
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
    def intent_of(status: int, body: dict) -> dict:
        """The intent itself, out of a 200 or a card error's answer: a copy, to change on its own."""
        return json.loads(json.dumps(body if status == 200 else body["error"]["payment_intent"]))

    def search(self, request: Request) -> Response:
        query = request.args.get("query", "")
        self.searches.append(query)
        if self.search_errors:
            return self.respond(*self.search_errors.pop(0))
        match = re.fullmatch(rf"metadata\['{PAYMENT_KEY_METADATA}'\]:'([^']*)'", query)
        if not match:
            return self.respond(400, {"error": {"type": "invalid_request_error", "message": "Bad query."}})
        found = [i for i in self.current.values() if i["metadata"].get(PAYMENT_KEY_METADATA) == match[1]]
        result = {"object": "search_result", "data": found, "has_more": False, "url": "/v1/x"}
        if self.search_drips:
            return self.drip(200, result, seconds=self.search_drips.pop(0), done=self.search_answered)
        return self.respond(200, result)

    def retrieve(self, request: Request) -> Response:
        intent_id = request.path.rsplit("/", 1)[1]
        if intent_id not in self.current:
            return self.respond(404, {"error": {"type": "invalid_request_error", "code": "resource_missing"}})
        return self.respond(200, self.current[intent_id])

    @staticmethod
    def respond(status: int, body: dict) -> Response:
        return Response(json.dumps(body), status=status, content_type="application/json")


@pytest.fixture
def stripe_server(httpserver, settings):
    fake = FakeStripe()
    httpserver.expect_request("/v1/payment_intents", method="POST").respond_with_handler(fake.handle)
    httpserver.expect_request("/v1/payment_intents/search", method="GET").respond_with_handler(fake.search)
    intent_url = re.compile(r"/v1/payment_intents/pi_\w+")
    httpserver.expect_request(intent_url, method="GET").respond_with_handler(fake.retrieve)
    settings.PAYMENT_BACKEND = "stripe"
    settings.STRIPE_API_KEY = API_KEY
    settings.STRIPE_API_BASE = httpserver.url_for("/").rstrip("/")
    settings.EXTERNAL_TIMEOUT = 0.5
    return fake
