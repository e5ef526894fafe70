import pytest


@pytest.fixture
def weather_service(settings, httpserver):
    """The weather API, played by a local HTTP server."""
    settings.WEATHER_API_URL = httpserver.url_for("/data/2.5")
    settings.WEATHER_API_KEY = "test-key"
    settings.EXTERNAL_TIMEOUT = 0.5
    return httpserver


@pytest.fixture
def owm_answer():
    """OpenWeatherMap's /weather answer: the fields we read, plus some we ignore."""
    return {
        "name": "Lisbon",
        "main": {"temp": 21.5, "humidity": 60, "pressure": 1012},
        "weather": [{"id": 800, "main": "Clear", "description": "clear sky"}],
        "wind": {"speed": 3.1},
    }
