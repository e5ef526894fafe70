"""Rate limits, counted in the real configured cache (local memory here, Redis with REDIS_URL).

Rates are per hour so that no test straddles the end of a counting window.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient


@pytest.fixture
def global_rate(settings):
    settings.RATELIMIT_RATE = "3/h"
    settings.RATELIMIT_LOGIN_RATE = "100/h"


@pytest.fixture
def login_rate(settings):
    settings.RATELIMIT_RATE = "1000/h"
    settings.RATELIMIT_LOGIN_RATE = "2/h"


def _statuses(client, path, times, **headers):
    return [client.get(path, **headers).status_code for _ in range(times)]


@pytest.mark.django_db
def test_two_clients_from_one_ip_share_the_global_count(global_rate):
    first, second = Client(), Client()
    assert _statuses(first, "/about/", 2) == [200, 200]
    assert _statuses(second, "/about/", 2) == [200, 429]
    assert first.get("/about/").status_code == 429


@pytest.mark.django_db
def test_another_ip_has_its_own_count(global_rate, client):
    assert _statuses(client, "/about/", 4) == [200, 200, 200, 429]
    assert client.get("/about/", REMOTE_ADDR="192.0.2.10").status_code == 200


@pytest.mark.django_db
def test_the_load_balancer_probes_are_never_limited(global_rate, client):
    assert _statuses(client, "/healthz", 5) == [200] * 5
    assert _statuses(client, "/readyz", 5) == [200] * 5


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_does_not_escape_the_limit_without_proxies(global_rate, client, settings):
    settings.NUM_PROXIES = 0
    statuses = [client.get("/about/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_behind_one_proxy_only_the_address_it_appended_counts(global_rate, client, settings):
    settings.NUM_PROXIES = 1
    # Whatever the client prepends, nginx's entry (the last one) is the client.
    statuses = [
        client.get("/about/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9").status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # Every request arrives from nginx's address, but another real client has its own count.
    assert client.get("/about/", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200


@pytest.mark.django_db
def test_over_the_rate_the_api_answers_json_with_retry_after(global_rate, api_client):
    statuses = [api_client.get("/api/posts/").status_code for _ in range(3)]
    response = api_client.get("/api/posts/")
    assert statuses == [200, 200, 200]
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "throttled" in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= 3600


@pytest.mark.django_db
def test_over_the_rate_the_site_answers_its_429_page(global_rate, client):
    _statuses(client, "/", 3)
    response = client.get("/")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>429 · Too many requests</h1>" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert response["Content-Security-Policy"]


@pytest.mark.django_db
def test_ratelimit_enable_off_turns_every_limit_off(global_rate, settings, client, api_client, user):
    settings.RATELIMIT_ENABLE = False
    settings.RATELIMIT_LOGIN_RATE = "1/h"
    assert _statuses(client, "/about/", 6) == [200] * 6
    statuses = [
        api_client.post("/api/auth/token/", {"username": user.username, "password": "wrong"}).status_code
        for _ in range(3)
    ]
    assert statuses == [401] * 3


WRONG_PASSWORD = "Wrong-passw0rd"


def _html_login(client, username, password=WRONG_PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def _api_login(client, username, password=WRONG_PASSWORD, **extra):
    return client.post("/api/auth/token/", {"username": username, "password": password}, format="json", **extra)


@pytest.mark.django_db
def test_html_login_is_limited_per_ip_across_usernames(login_rate, client):
    assert [_html_login(client, name).status_code for name in ("ann", "bob")] == [200, 200]
    response = _html_login(client, "cid")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert int(response["Retry-After"]) >= 1


@pytest.mark.django_db
def test_the_login_429_page_loads_neither_session_nor_user(login_rate, client, user, django_assert_num_queries):
    client.force_login(user)
    assert 429 not in [_html_login(client, name).status_code for name in ("ann", "bob")]
    with django_assert_num_queries(0):
        response = _html_login(client, "cid")
    assert response.status_code == 429
    assert "<h1>429 · Too many requests</h1>" in response.content.decode()
    assert user.username not in response.content.decode()


@pytest.mark.django_db
def test_html_login_is_limited_per_username_across_ips(login_rate, user, password):
    statuses = [_html_login(Client(), user.username, REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(1, 3)]
    assert statuses == [200, 200]
    # The right password from a fresh address is refused as well: the account is the target.
    third = _html_login(Client(), user.username.upper(), password, REMOTE_ADDR="192.0.2.3")
    assert third.status_code == 429


@pytest.mark.django_db
def test_html_login_still_works_under_the_limit(login_rate, client, user, password):
    assert _html_login(client, user.username, password).status_code == 302


@pytest.mark.django_db
def test_token_login_is_limited_per_ip_with_a_429_not_a_403(login_rate, api_client):
    assert [_api_login(api_client, name).status_code for name in ("ann", "bob")] == [401, 401]
    response = _api_login(api_client, "cid")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"]
    assert int(response["Retry-After"]) >= 1


@pytest.mark.django_db
def test_token_login_is_limited_per_username_across_ips(login_rate, user, password):
    statuses = [_api_login(APIClient(), user.username, REMOTE_ADDR=f"192.0.2.{n}").status_code for n in (1, 2)]
    assert statuses == [401, 401]
    assert _api_login(APIClient(), user.username, password, REMOTE_ADDR="192.0.2.3").status_code == 429


@pytest.mark.django_db
def test_the_html_and_api_logins_share_the_username_count(login_rate, user, client, api_client):
    assert _html_login(client, user.username, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert _api_login(api_client, user.username, REMOTE_ADDR="192.0.2.2").status_code == 401
    assert _api_login(api_client, user.username, REMOTE_ADDR="192.0.2.3").status_code == 429


@pytest.mark.django_db
def test_spellings_of_one_username_share_its_count(login_rate, user, password):
    # Each of these logs in to the same account: the forms strip spaces, and
    # Django's login form makes full-width letters plain (NFKC).
    full_width = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in user.username)
    assert _html_login(Client(), f" {user.username} ", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert _api_login(APIClient(), f"{user.username}\t", REMOTE_ADDR="192.0.2.2").status_code == 401
    assert _html_login(Client(), full_width, password, REMOTE_ADDR="192.0.2.3").status_code == 429


def _admin_login(username, password=WRONG_PASSWORD, **extra):
    return Client().post("/admin/login/", {"username": username, "password": password}, **extra)


@pytest.mark.django_db
def test_the_admin_login_is_limited_per_ip_and_shares_the_username_count(login_rate, admin_user):
    assert _admin_login(admin_user.username, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert _html_login(Client(), admin_user.username, REMOTE_ADDR="192.0.2.2").status_code == 200
    # The right password, from a third address: the account is over its limit.
    response = _admin_login(admin_user.username, "password", REMOTE_ADDR="192.0.2.3")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()

    assert [_admin_login(f"nobody{n}", REMOTE_ADDR="192.0.2.9").status_code for n in range(3)] == [200, 200, 429]


@pytest.mark.django_db
def test_the_admin_login_still_logs_staff_in_under_the_limit(login_rate, admin_user):
    response = Client().post(
        "/admin/login/", {"username": admin_user.username, "password": "password", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
