"""Outgoing HTTP calls to other services: the weather, behind a shared circuit breaker.

Every call has a timeout (EXTERNAL_TIMEOUT seconds), every failure is logged,
and a failure is answered with a degraded result (None) rather than an error:
the pages that show the weather must keep working without it.
"""

import logging
from dataclasses import asdict, dataclass
from urllib.parse import quote

import requests
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

WEATHER_CACHE_SECONDS = 10 * 60


class CircuitBreaker:
    """Stop calling a failing service for a while.

    After `failure_threshold` consecutive failures the circuit opens for
    `open_seconds`: no call is made and callers get their degraded result at
    once. The state lives in the shared cache, so every worker and instance
    sees the same circuit.
    """

    def __init__(self, name: str, *, failure_threshold: int = 3, open_seconds: int = 60):
        self.failures_key = f"circuit:{name}:failures"
        self.open_key = f"circuit:{name}:open"
        self.name = name
        self.failure_threshold = failure_threshold
        self.open_seconds = open_seconds

    def is_open(self) -> bool:
        return bool(cache.get(self.open_key))

    def record_success(self) -> None:
        cache.delete(self.failures_key)

    def record_failure(self) -> None:
        cache.add(self.failures_key, 0, timeout=self.open_seconds * 10)
        try:
            failures = cache.incr(self.failures_key)
        except ValueError:  # the key expired or the cache dropped it in between
            failures = 1
        if (failures or 0) >= self.failure_threshold:
            logger.warning("Circuit %s open for %ss after %s failures", self.name, self.open_seconds, failures)
            cache.set(self.open_key, True, timeout=self.open_seconds)
            cache.delete(self.failures_key)


weather_circuit = CircuitBreaker("weather")


@dataclass(frozen=True)
class Weather:
    city: str
    temperature: float
    description: str
    humidity: int

    def as_dict(self) -> dict:
        return asdict(self)


def _weather_cache_key(city: str) -> str:
    return f"weather:{quote(city.casefold())}"


def _failure_reason(exc: Exception) -> str:
    """What went wrong, without the URL: it carries the API key."""
    if isinstance(exc, requests.HTTPError):
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, requests.RequestException):
        return type(exc).__name__
    return f"unexpected response ({type(exc).__name__})"


def weather_for_city(*, city: str) -> Weather | None:
    """Current weather for `city` from an OpenWeatherMap-compatible API, cached for ten minutes.

    None when no API key is configured, the city is empty, the circuit is
    open, or the service is slow, failing or answers nonsense.
    """
    city = city.strip()
    if not settings.WEATHER_API_KEY or not city:
        return None
    key = _weather_cache_key(city)
    cached = cache.get(key)
    if cached is not None:
        return Weather(**cached)
    if weather_circuit.is_open():
        return None
    try:
        response = requests.get(
            f"{settings.WEATHER_API_URL.rstrip('/')}/weather",
            params={"q": city, "appid": settings.WEATHER_API_KEY, "units": "metric"},
            timeout=settings.EXTERNAL_TIMEOUT,
        )
        response.raise_for_status()
        data = response.json()
        weather = Weather(
            city=str(data["name"]),
            temperature=float(data["main"]["temp"]),
            description=str(data["weather"][0]["description"]),
            humidity=int(data["main"]["humidity"]),
        )
    except (requests.RequestException, ValueError, KeyError, IndexError, TypeError) as exc:
        # ValueError also covers a body that is not JSON (requests' JSONDecodeError).
        logger.warning("Weather service failed for city %r: %s", city, _failure_reason(exc))
        weather_circuit.record_failure()
        return None
    weather_circuit.record_success()
    cache.set(key, weather.as_dict(), timeout=WEATHER_CACHE_SECONDS)
    return weather
