"""/api/server-info/ and /api/connection-info/: the request as each layer saw it."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.mark.django_db
def test_server_info_describes_this_request(client, settings):
    settings.NUM_PROXIES = 1
    response = client.get(
        "/api/server-info/",
        HTTP_USER_AGENT="curl/8.0",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
        HTTP_X_REQUEST_ID="info-1",
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["method"] == "GET"
    assert body["path"] == "/api/server-info/"
    assert body["remote_address"] == "203.0.113.7"
    assert body["user_agent"] == "curl/8.0"
    layers = body["layers"]
    assert layers["proxy"] == {
        "remote_addr": "10.0.0.2",
        "x_forwarded_for": "6.6.6.6, 203.0.113.7",
        "x_forwarded_proto": None,
        "num_proxies": 1,
        "client_ip": "203.0.113.7",
        "scheme": "http",
    }
    assert layers["wsgi_server"]["wsgi_version"] == "1.0"
    assert isinstance(layers["wsgi_server"]["worker_pid"], int)
    assert layers["django"]["request_id"] == "info-1"
    assert layers["django"]["middleware"] == settings.MIDDLEWARE
    assert layers["django"]["route"] == "api/server-info/"
    assert layers["django"]["url_name"] == "server-info"
    assert layers["django"]["view"] == "blogsite.api_views.ServerInfoView"
    assert layers["authentication"] == {"method": "anonymous", "user_id": None, "username": None}
    assert layers["database"]["vendor"] in {"sqlite", "postgresql"}
    assert layers["cache"]["backend"] == settings.CACHES["default"]["BACKEND"]


@pytest.mark.django_db
def test_server_info_names_the_auth_method(auth_client, user, client, password):
    jwt = auth_client.get("/api/server-info/").json()["layers"]
    assert jwt["authentication"] == {"method": "jwt", "user_id": user.pk, "username": user.username}
    assert jwt["database"]["queries_so_far"] == 1  # loading the token's user

    client.login(username=user.username, password=password)
    session = client.get("/api/server-info/").json()["layers"]["authentication"]
    assert session == {"method": "session", "user_id": user.pk, "username": user.username}


@pytest.mark.django_db
def test_connection_info_redacts_credentials(client):
    client.cookies["sessionid"] = "secret-session"
    response = client.get(
        "/api/connection-info/",
        HTTP_AUTHORIZATION="Bearer secret-token",
        HTTP_X_CSRFTOKEN="secret-csrf",
        HTTP_PROXY_AUTHORIZATION="Basic secret-proxy",
        HTTP_USER_AGENT="curl/8.0",
        HTTP_X_CUSTOM="kept",
        HTTP_X_REQUEST_ID="conn-1",
    )
    assert response.status_code == 200
    headers = response.json()["headers"]
    assert headers["Authorization"] == "[redacted]"
    assert headers["Cookie"] == "[redacted]"
    assert headers["X-CSRFToken"] == "[redacted]"  # spelled as the contract spells it, not "X-Csrftoken"
    assert headers["Proxy-Authorization"] == "[redacted]"
    assert headers["User-Agent"] == "curl/8.0"
    assert headers["X-Custom"] == "kept"
    assert headers["X-Request-ID"] == "conn-1"
    assert not {"X-Csrftoken", "X-Request-Id"} & headers.keys()
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_connection_info_answers_even_with_a_bad_token(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer expired-or-wrong")
    response = api_client.get("/api/connection-info/")
    assert response.status_code == 200
    assert response.json()["headers"]["Authorization"] == "[redacted]"


def test_both_are_in_the_schema():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert "/api/server-info/" in paths
    assert "/api/connection-info/" in paths
