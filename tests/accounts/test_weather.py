"""The weather client against a local stand-in for OpenWeatherMap."""

import json
import logging
import threading
import time

import pytest
from django.core.cache import cache
from werkzeug import Response

from blogsite.external import weather_for_city
from tests.factories import UserFactory

WEATHER_QUERY = {"q": "Lisbon", "appid": "test-key", "units": "metric"}
EXPECTED = {"city": "Lisbon", "temperature": 21.5, "description": "clear sky", "humidity": 60}


def _dashboard(jwt_client_for, user):
    response = jwt_client_for(user).get(f"/api/users/{user.pk}/dashboard/")
    assert response.status_code == 200
    return response.json()


def test_the_weather_of_a_city(weather_service, owm_answer):
    weather_service.expect_request("/data/2.5/weather", query_string=WEATHER_QUERY).respond_with_json(owm_answer)
    assert weather_for_city(city="Lisbon").as_dict() == EXPECTED


@pytest.mark.django_db
def test_the_dashboard_shows_the_users_city_weather(weather_service, owm_answer, jwt_client_for):
    weather_service.expect_request("/data/2.5/weather", query_string=WEATHER_QUERY).respond_with_json(owm_answer)
    assert _dashboard(jwt_client_for, UserFactory(city="Lisbon"))["weather"] == EXPECTED


@pytest.mark.django_db
def test_two_dashboards_make_one_upstream_call(weather_service, owm_answer, jwt_client_for):
    weather_service.expect_request("/data/2.5/weather").respond_with_json(owm_answer)
    first, second = UserFactory(city="Lisbon"), UserFactory(city=" lisbon ")
    assert _dashboard(jwt_client_for, first)["weather"] == EXPECTED
    assert _dashboard(jwt_client_for, second)["weather"] == EXPECTED
    assert len(weather_service.log) == 1


@pytest.mark.django_db
def test_without_an_api_key_or_a_city_no_call_is_made(weather_service, settings, jwt_client_for):
    assert _dashboard(jwt_client_for, UserFactory(city=""))["weather"] is None
    settings.WEATHER_API_KEY = ""
    assert _dashboard(jwt_client_for, UserFactory(city="Lisbon"))["weather"] is None
    assert weather_service.log == []


@pytest.mark.django_db
def test_a_slow_service_gives_null_weather_once_the_timeout_passes(weather_service, owm_answer, jwt_client_for):
    called, finished = threading.Event(), threading.Event()

    def slow(request):
        called.set()
        time.sleep(1.5)  # three times EXTERNAL_TIMEOUT
        finished.set()
        return Response("{}", content_type="application/json")

    weather_service.expect_request("/data/2.5/weather").respond_with_handler(slow)
    assert _dashboard(jwt_client_for, UserFactory(city="Lisbon"))["weather"] is None
    assert called.is_set()
    finished.wait(timeout=5)  # let the server finish, so its late answer lands in no other test


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, '{"message": "internal error"}'),
        (200, "<html>not json</html>"),
        (200, '{"cod": 200, "main": {}}'),
        (401, '{"cod": 401, "message": "Invalid API key"}'),
        (200, "[" * 60_000),
        (200, "[1, 2]"),
        (200, '{"name": "Lisbon", "main": {"temp": 21.5, "humidity": 1e999}, "weather": [{"description": "x"}]}'),
        (200, '{"name": "Lisbon", "main": {"temp": 21.5, "humidity": 60}, "weather": "clear sky"}'),
    ],
    ids=[
        "server-error",
        "not-json",
        "missing-fields",
        "unauthorized",
        "nested-too-deeply",
        "a-list",
        "humidity-infinite",
        "weather-not-a-list",
    ],
)
def test_a_failing_service_gives_none_and_is_logged_without_the_key(weather_service, caplog, status, body):
    weather_service.expect_request("/data/2.5/weather").respond_with_data(body, status=status)
    with caplog.at_level(logging.WARNING, logger="blogsite.external"):
        assert weather_for_city(city="Lisbon") is None
    [record] = caplog.records
    assert "Lisbon" in record.getMessage()
    assert "test-key" not in record.getMessage()
    assert len(weather_service.log) == 1


def test_failures_are_not_cached(weather_service, owm_answer):
    weather_service.expect_ordered_request("/data/2.5/weather").respond_with_data("oops", status=503)
    weather_service.expect_ordered_request("/data/2.5/weather").respond_with_json(owm_answer)
    assert weather_for_city(city="Lisbon") is None
    assert weather_for_city(city="Lisbon").as_dict() == EXPECTED


def test_after_three_failures_the_circuit_opens_and_no_call_is_made(weather_service, caplog):
    weather_service.expect_request("/data/2.5/weather").respond_with_data("down", status=502)
    for city in ["Lisbon", "Porto", "Faro"]:
        assert weather_for_city(city=city) is None
    assert len(weather_service.log) == 3
    with caplog.at_level(logging.WARNING, logger="blogsite.external"):
        assert weather_for_city(city="Braga") is None
    assert len(weather_service.log) == 3, "no upstream call while the circuit is open"


@pytest.mark.django_db
def test_an_open_circuit_still_lets_the_dashboard_answer(weather_service, jwt_client_for):
    weather_service.expect_request("/data/2.5/weather").respond_with_data("down", status=502)
    for city in ["Lisbon", "Porto", "Faro"]:
        weather_for_city(city=city)
    assert _dashboard(jwt_client_for, UserFactory(city="Braga"))["weather"] is None
    assert len(weather_service.log) == 3


def test_a_success_resets_the_failure_count(weather_service, owm_answer):
    for answer in ["down", "down", "ok", "down", "down"]:
        request = weather_service.expect_ordered_request("/data/2.5/weather")
        if answer == "ok":
            request.respond_with_json(owm_answer)
        else:
            request.respond_with_data("down", status=502)
    results = [weather_for_city(city=city) for city in ["A", "B", "Lisbon", "C", "D"]]
    assert [r is not None for r in results] == [False, False, True, False, False]
    weather_service.expect_request("/data/2.5/weather").respond_with_json(owm_answer)
    assert weather_for_city(city="E") is not None, "two failures after a success do not open the circuit"


def test_an_answer_sent_a_byte_at_a_time_is_abandoned_at_the_deadline(weather_service, owm_answer):
    # Each byte comes well within EXTERNAL_TIMEOUT (0.5 s), the whole answer in about 3 s:
    # requests' timeout, which bounds each read, would have waited for all of it.
    body = json.dumps(owm_answer).encode()
    finished = threading.Event()

    def drip():
        for index in range(len(body)):
            yield body[index : index + 1]
            time.sleep(3 / len(body))
        finished.set()

    weather_service.expect_request("/data/2.5/weather").respond_with_handler(
        lambda request: Response(drip(), content_type="application/json")
    )
    assert weather_for_city(city="Lisbon") is None
    finished.wait(timeout=10)  # let the server finish, so its late answer lands in no other test


def test_a_redirect_is_a_failure_and_is_not_followed(weather_service, caplog):
    weather_service.expect_request("/data/2.5/weather").respond_with_data(
        "", status=302, headers={"Location": weather_service.url_for("/data/2.5/weather")}
    )
    with caplog.at_level(logging.WARNING, logger="blogsite.external"):
        assert weather_for_city(city="Lisbon") is None
    assert len(weather_service.log) == 1
    assert "HTTP 302" in caplog.records[0].getMessage()


@pytest.mark.parametrize(
    "main",
    [
        '{"temp": NaN, "humidity": 60}',
        '{"temp": 1e6, "humidity": 60}',
        '{"temp": 21.5, "humidity": 100000000000000000000}',
        '{"temp": 21.5, "humidity": -5}',
    ],
    ids=["temperature-nan", "temperature-absurd", "humidity-beyond-64-bits", "humidity-negative"],
)
def test_nonsense_values_are_a_failure_and_are_not_cached(weather_service, owm_answer, main):
    body = f'{{"name": "Lisbon", "main": {main}, "weather": [{{"description": "clear sky"}}]}}'
    weather_service.expect_ordered_request("/data/2.5/weather").respond_with_data(body)
    weather_service.expect_ordered_request("/data/2.5/weather").respond_with_json(owm_answer)
    assert weather_for_city(city="Lisbon") is None
    assert weather_for_city(city="Lisbon").as_dict() == EXPECTED


def test_an_answer_far_larger_than_any_weather_is_a_failure(weather_service, owm_answer):
    weather_service.expect_request("/data/2.5/weather").respond_with_json({**owm_answer, "padding": "x" * 100_000})
    assert weather_for_city(city="Lisbon") is None


@pytest.fixture
def clock(settings, monkeypatch):
    """Moves the clock the cache's expiry reads: entries in local memory expire by time.time()."""
    settings.CACHES = {"default": {"BACKEND": "blogsite.cache.LocMemCache", "LOCATION": "moved-clock"}}
    cache.clear()  # what an earlier test left there (with REDIS_URL, the suite clears Redis, not this)
    now = time.time()

    def advance(seconds: float) -> None:
        monkeypatch.setattr(time, "time", lambda: now + seconds)

    return advance


def test_a_citys_weather_is_kept_ten_minutes(weather_service, owm_answer, clock):
    weather_service.expect_request("/data/2.5/weather").respond_with_json(owm_answer)
    weather_for_city(city="Lisbon")

    clock(10 * 60 - 5)
    assert weather_for_city(city="Lisbon").as_dict() == EXPECTED
    assert len(weather_service.log) == 1

    clock(10 * 60 + 5)
    assert weather_for_city(city="Lisbon").as_dict() == EXPECTED
    assert len(weather_service.log) == 2


def test_an_open_circuit_makes_no_call_for_a_minute_then_tries_again(weather_service, owm_answer, clock):
    weather_service.expect_ordered_request("/data/2.5/weather").respond_with_data("down", status=502)
    weather_service.expect_ordered_request("/data/2.5/weather").respond_with_data("down", status=502)
    weather_service.expect_ordered_request("/data/2.5/weather").respond_with_data("down", status=502)
    weather_service.expect_ordered_request("/data/2.5/weather").respond_with_json(owm_answer)
    for city in ["A", "B", "C"]:
        assert weather_for_city(city=city) is None

    clock(55)
    assert weather_for_city(city="Lisbon") is None
    assert len(weather_service.log) == 3, "no call while the circuit is open"

    clock(65)
    assert weather_for_city(city="Lisbon").as_dict() == EXPECTED
    assert len(weather_service.log) == 4
