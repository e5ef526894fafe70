import re

import pytest

from blogsite.log import request_id_var


@pytest.mark.django_db
def test_a_sane_caller_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-DEF_123")
    assert response["X-Request-ID"] == "abc-DEF_123"


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["a", "x" * 64, "A-z_0-9" * 9 + "-"])
def test_a_token_of_up_to_64_allowed_characters_is_kept(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] == incoming


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    ["", "has space", "semi;colon", "x" * 65, "new\nline", "abc\n", "<script>", "a.b", "a/b", "a:b", "é"],
)
def test_an_unsafe_or_missing_caller_id_is_replaced(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    generated = response["X-Request-ID"]
    assert generated != incoming
    assert 1 <= len(generated) <= 64
    assert generated.replace("-", "").replace("_", "").isalnum()


@pytest.mark.django_db
def test_a_new_id_is_32_hex_digits(client):
    assert re.fullmatch(r"[0-9a-f]{32}", client.get("/healthz")["X-Request-ID"])


@pytest.mark.django_db
def test_the_header_name_is_case_insensitive(client):
    response = client.get("/healthz", headers={"x-request-id": "lower-case-name"})
    assert response["X-Request-ID"] == "lower-case-name"


@pytest.mark.django_db
def test_each_request_gets_its_own_id(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@pytest.mark.django_db
def test_the_id_is_on_error_responses_too(client):
    response = client.get("/api/no-such-thing/", HTTP_X_REQUEST_ID="trace-me")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "trace-me"


@pytest.mark.django_db
def test_log_lines_written_during_the_request_carry_the_id(client, console_log):
    client.get("/healthz", HTTP_X_REQUEST_ID="log-me-42")
    [line] = [line for line in console_log.getvalue().splitlines() if "blogsite.access" in line]
    assert "[log-me-42]" in line


@pytest.mark.django_db
def test_djangos_own_not_found_line_carries_the_id_and_it_is_forgotten_afterwards(client, console_log):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="lost-page")
    [line] = [line for line in console_log.getvalue().splitlines() if "django.request" in line]
    assert "[lost-page]" in line
    assert "Not Found: /no-such-page/" in line
    assert request_id_var.get() == "-"
