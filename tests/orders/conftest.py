import socket

import pytest

from tests.orders.factories import ProductFactory


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
