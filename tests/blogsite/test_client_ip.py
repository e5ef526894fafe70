import pytest

from blogsite.middleware import client_ip_for


def _seen_ip(client, **headers):
    return client.get("/api/server-info/", **headers).json()["remote_address"]


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(client, settings):
    settings.NUM_PROXIES = 0
    assert _seen_ip(client, HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.5") == "10.0.0.5"


@pytest.mark.django_db
def test_one_trusted_proxy_takes_the_address_it_appended(client, settings):
    settings.NUM_PROXIES = 1
    # The client forged "6.6.6.6"; nginx appended the real peer, 203.0.113.7.
    headers = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7", "REMOTE_ADDR": "127.0.0.1"}
    assert _seen_ip(client, **headers) == "203.0.113.7"


@pytest.mark.parametrize(
    ("forwarded_for", "num_proxies", "expected"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        ("203.0.113.7 , 10.0.0.2", 2, "203.0.113.7"),
        ("2001:db8::1", 1, "2001:db8::1"),
        # Fewer entries than trusted proxies: the request skipped the chain, use the peer.
        ("", 1, "10.0.0.5"),
        ("203.0.113.7", 2, "10.0.0.5"),
        # Garbage where a trusted proxy should have written an address.
        ("6.6.6.6, not-an-ip", 1, "10.0.0.5"),
    ],
)
def test_client_ip_rules(forwarded_for, num_proxies, expected):
    meta = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": forwarded_for}
    assert client_ip_for(meta, num_proxies) == expected
