"""What nginx itself does in front of the instances."""

import re

import pytest

from tests.stack.conftest import new_address, new_client

pytestmark = pytest.mark.stack


def test_hashed_static_files_are_served_by_nginx_compressed_and_cached_for_ever(stack):
    client = new_client()
    home = client.get(f"{stack.nginx}/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text).group(1)

    response = client.get(f"{stack.nginx}{stylesheet}", headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # nginx answered, not Django: none of the app's headers.
    assert "X-Frame-Options" not in response.headers


def test_a_request_id_is_passed_on_or_made_by_nginx(stack):
    client = new_client()

    given = client.get(f"{stack.nginx}/about/", headers={"X-Request-ID": "stack-test-0001"})
    made = client.get(f"{stack.nginx}/about/")

    assert given.headers["X-Request-ID"] == "stack-test-0001"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])


def _items(value, key=""):
    """Every (key, value) leaf of a JSON document."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _items(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _items(item, key)
    else:
        yield key.lower(), value


def test_the_app_sees_the_client_address_that_nginx_saw(stack):
    address = new_address()

    response = new_client(address).get(f"{stack.nginx}/api/server-info/", headers={"X-Forwarded-For": "203.0.113.9"})

    assert response.status_code == 200
    # nginx appends the address it saw; with NUM_PROXIES=1 the app trusts that one, not the client's claim.
    addresses = [value for key, value in _items(response.json()) if "remote" in key or "client" in key]
    assert address in addresses
    assert "203.0.113.9" not in addresses


def test_an_oversized_body_is_refused_before_it_reaches_an_instance(stack, account):
    response = new_client().post(
        f"{stack.nginx}/api/posts/",
        data=b"x" * (3 * 1024 * 1024),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {account.access_token}"},
    )

    assert response.status_code == 413
