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


@pytest.fixture
def rival_sign_up():
    """Another request's user, saved just before this request's own: the race the unique constraints decide.

    `rival_sign_up({"email": ...})` arms it once: right before the next save of
    a user (after every validation passed), Django's pre_save signal stores a
    rival user with those fields. It is saved inside the request's own
    transaction, so it is rolled back with it: the database is left as if
    the request had not been made (the rival's commit is not played).
    """
    from django.db.models.signals import pre_save

    from accounts.models import User
    from tests.factories import UserFactory

    armed = []

    def save_the_rival_first(sender, instance, **kwargs):
        if armed:
            UserFactory(**armed.pop())

    pre_save.connect(save_the_rival_first, sender=User, weak=False)
    yield armed.append
    pre_save.disconnect(save_the_rival_first, sender=User)
