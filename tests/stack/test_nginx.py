"""What nginx itself does in front of the instances."""

import re

import pytest

from tests.stack.conftest import STACK_DIR, new_address, new_client, wait_for

pytestmark = pytest.mark.stack


def _directives(policy: str) -> dict[str, set[str]]:
    """A Content-Security-Policy as {directive: sources}: the app does not keep the directives' order."""
    return {name: set(sources) for name, *sources in (part.split() for part in policy.split(";") if part.strip())}


def test_hashed_static_files_are_served_by_nginx_compressed_and_cached_for_ever(stack):
    client = new_client()
    home = client.get(f"{stack.nginx}/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text).group(1)

    response = client.get(f"{stack.nginx}{stylesheet}", headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]
    # nginx answered, not Django (no Server-Timing), with the same security headers as the app's pages.
    assert "Server-Timing" not in response.headers
    for header in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert response.headers[header] == home.headers[header], header
    policy = "Content-Security-Policy"
    assert _directives(response.headers[policy]) == _directives(home.headers[policy])
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_a_static_file_not_hashed_is_cached_for_an_hour(stack):
    response = new_client().get(f"{stack.nginx}/static/favicon.svg")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=3600"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_request_id_is_passed_on_or_made_by_nginx(stack):
    client = new_client()

    given = client.get(f"{stack.nginx}/about/", headers={"X-Request-ID": "stack-test-0001"})
    made = client.get(f"{stack.nginx}/about/")

    assert given.headers["X-Request-ID"] == "stack-test-0001"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])


@pytest.mark.parametrize("bad_id", ["has space", "x" * 65, "semi;colon", "<script>"])
def test_nginx_replaces_a_request_id_that_is_not_a_sane_token_as_the_app_does(stack, bad_id):
    response = new_client().get(f"{stack.nginx}/about/", headers={"X-Request-ID": bad_id})

    # nginx made the new id and passed it on: the app kept it (it would have made its own otherwise,
    # and nginx's log line would name another id than the app's).
    new_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", new_id)
    # nginx writes its log line after it has sent the response: the client can read the file first.
    access_log = STACK_DIR / "nginx" / "access.log"
    wait_for(f"nginx's log line for {new_id}", lambda: f"request_id={new_id}" in access_log.read_text(), seconds=10)


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
    # nginx's own answer, in the API's JSON like the app's own 413.
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Request body too large."}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_only_the_trusted_proxy_can_say_a_request_came_over_https(stack):
    """As from a TLS terminator in front of nginx (STACK_TRUSTED_PROXY): the app sees https; from anyone else, http."""
    header = {"X-Forwarded-Proto": "https"}
    trusted = new_client("127.0.0.9").get(f"{stack.nginx}/api/server-info/", headers=header)
    anyone = new_client().get(f"{stack.nginx}/api/server-info/", headers=header)

    assert (trusted.status_code, anyone.status_code) == (200, 200)
    assert trusted.json()["layers"]["proxy"]["scheme"] == "https"
    assert anyone.json()["layers"]["proxy"]["scheme"] == "http"


def test_an_oversized_body_outside_the_api_gets_a_413_page_with_the_sites_headers(stack):
    response = new_client().post(f"{stack.nginx}/accounts/login/", data=b"x" * (3 * 1024 * 1024))

    assert response.status_code == 413
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<h1>413 · Request too large</h1>" in response.text
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
