"""Outgoing HTTP calls to other services: whole-call deadlines, and the weather behind a circuit breaker.

Every call has a deadline (EXTERNAL_TIMEOUT seconds for the whole call, not
per read: `DeadlineCalls`), used here for the weather and by the Stripe
gateway (orders.payments.stripe) for payments. For the weather, every failure
is logged, and a failure (slow, down, a redirect, nonsense) is answered with
a degraded result (None) rather than an error: the pages that show the
weather must keep working without it.
"""

import contextvars
import json
import logging
import math
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as DeadlinePassed
from dataclasses import asdict, dataclass
from urllib.parse import quote

import requests
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

WEATHER_CACHE_SECONDS = 10 * 60
# OpenWeatherMap's answer is about 500 bytes; anything far larger is not one.
WEATHER_MAX_BYTES = 64 * 1024


class DeadlineCalls:
    """Calls to one service, each given a deadline for the whole call.

    requests' timeout (and so the Stripe SDK's) bounds each socket operation
    (connecting, each read), not their sum: a service that sends its answer a
    byte at a time could hold a request for minutes, past gunicorn's timeout.
    Each call runs on one of this service's threads and the caller waits
    `timeout` seconds for it in all. Past that it gets DeadlinePassed; the
    call, if it started, is abandoned to finish on its own, and if it is
    still queued behind other slow calls it never starts. Each service has
    threads of its own, so a slow one cannot hold up calls to another.
    Threads start at the first call, in the process that makes it.
    """

    def __init__(self, name: str, *, max_workers: int = 4):
        self._threads = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=f"{name}-http")

    def call(self, function, /, *args, timeout: float, **kwargs):
        # In the caller's context: a line the call logs carries the request's id.
        future = self._threads.submit(contextvars.copy_context().run, function, *args, **kwargs)
        try:
            return future.result(timeout=timeout)
        except DeadlinePassed:
            future.cancel()  # still queued: it never starts
            raise


_weather_calls = DeadlineCalls("weather")


class CircuitBreaker:
    """Stop calling a failing service for a while.

    After `failure_threshold` consecutive failures the circuit opens for
    `open_seconds`: no call is made and callers get their degraded result at
    once. The state lives in the default cache: with REDIS_URL every worker
    and instance sees the same circuit; with the local-memory cache each
    worker process keeps its own.
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
    if isinstance(exc, DeadlinePassed):
        return f"no whole answer within {settings.EXTERNAL_TIMEOUT:g} s"
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
        weather = _weather_calls.call(_fetch_weather, city, timeout=settings.EXTERNAL_TIMEOUT)
    except (
        DeadlinePassed,
        requests.RequestException,
        ValueError,  # a body that is not JSON, values out of range
        LookupError,  # fields missing
        TypeError,  # fields of the wrong shape
        ArithmeticError,  # a humidity of 1e999 (infinite) as an int
        RecursionError,  # JSON nested too deeply to read
    ) as exc:
        logger.warning("Weather service failed for city %r: %s", city, _failure_reason(exc))
        weather_circuit.record_failure()
        return None
    weather_circuit.record_success()
    cache.set(key, weather.as_dict(), timeout=WEATHER_CACHE_SECONDS)
    return weather


def _fetch_weather(city: str) -> Weather:
    """One call to the weather API; raises on anything but a sane answer."""
    with requests.get(
        f"{settings.WEATHER_API_URL.rstrip('/')}/weather",
        params={"q": city, "appid": settings.WEATHER_API_KEY, "units": "metric"},
        timeout=settings.EXTERNAL_TIMEOUT,
        allow_redirects=False,  # a redirect is not an answer (nor 30 more calls)
        stream=True,
    ) as response:
        if response.status_code != 200:
            raise requests.HTTPError(response=response)
        body = response.raw.read(WEATHER_MAX_BYTES + 1, decode_content=True)
    if len(body) > WEATHER_MAX_BYTES:
        raise ValueError("answer too large")
    data = json.loads(body)
    weather = Weather(
        city=str(data["name"]),
        temperature=float(data["main"]["temp"]),
        description=str(data["weather"][0]["description"]),
        humidity=int(data["main"]["humidity"]),
    )
    # Nonsense is a failure, not a reading: NaN, or numbers no weather has.
    if not (math.isfinite(weather.temperature) and -100 <= weather.temperature <= 100 and 0 <= weather.humidity <= 100):
        raise ValueError("values out of range")
    return weather
