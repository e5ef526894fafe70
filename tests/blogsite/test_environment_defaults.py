"""The environment variables of contract section 2: each one's default, and each one read.

Every check runs settings.py in a fresh process (settings_under), with the
production settings module and the variables under test removed from the
environment, as on a machine that sets none of them.
"""

import pytest

# variable: the setting it makes, and that setting's value while the variable is unset.
# (DJANGO_SECRET_KEY has none: it is required when debug is off, test_deploy_check.py.)
DEFAULTS = {
    "DJANGO_DEBUG": ("DEBUG", False),
    "DJANGO_ALLOWED_HOSTS": ("ALLOWED_HOSTS", ["localhost", "127.0.0.1"]),
    "DEFAULT_FROM_EMAIL": ("DEFAULT_FROM_EMAIL", "noreply@example.com"),
    "WEATHER_API_URL": ("WEATHER_API_URL", "https://api.openweathermap.org/data/2.5"),
    "WEATHER_API_KEY": ("WEATHER_API_KEY", ""),
    "PAYMENT_BACKEND": ("PAYMENT_BACKEND", "sandbox"),
    "STRIPE_API_KEY": ("STRIPE_API_KEY", ""),
    "STRIPE_API_BASE": ("STRIPE_API_BASE", "https://api.stripe.com"),
    "EXTERNAL_TIMEOUT": ("EXTERNAL_TIMEOUT", 5),
    "RATELIMIT_ENABLE": ("RATELIMIT_ENABLE", True),
    "RATELIMIT_RATE": ("RATELIMIT_RATE", "100/m"),
    "RATELIMIT_LOGIN_RATE": ("RATELIMIT_LOGIN_RATE", "10/m"),
    "NUM_PROXIES": ("NUM_PROXIES", 0),
    "DJANGO_SECURE_SSL": ("SECURE_SSL_REDIRECT", False),
    "LOG_FORMAT": ("LOG_FORMAT", "text"),
}
# The variables that choose a backend: their defaults are checked one by one below.
VARIABLES = [*DEFAULTS, "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SENDGRID_API_KEY"]


@pytest.fixture
def production_settings(settings_under):
    """settings_under with blogsite.settings itself and none of VARIABLES set, unless given."""

    def read(names: list[str], **environment: str) -> dict:
        unset = dict.fromkeys(VARIABLES)
        return settings_under(
            names,
            **{**unset, "DJANGO_SETTINGS_MODULE": "blogsite.settings", "DJANGO_SECRET_KEY": "x" * 50, **environment},
        )

    return read


def test_every_variable_has_the_contracts_default(production_settings):
    defaults = dict(DEFAULTS.values())
    values = production_settings([*defaults, "DATABASES", "CACHES", "EMAIL_BACKEND", "SESSION_COOKIE_SECURE"])

    database = values.pop("DATABASES")["default"]
    assert (database["ENGINE"], database["NAME"].rsplit("/", 1)[-1]) == ("django.db.backends.sqlite3", "db.sqlite3")
    assert values.pop("CACHES")["default"]["BACKEND"].endswith("LocMemCache")
    assert values.pop("EMAIL_BACKEND") == "django.core.mail.backends.console.EmailBackend"
    assert values.pop("SESSION_COOKIE_SECURE") is False
    assert values == defaults


# Text read as it is, into the setting of the same name.
TEXT_VALUES = {
    "DEFAULT_FROM_EMAIL": "shop@example.org",
    "WEATHER_API_URL": "http://127.0.0.1:9/owm",
    "WEATHER_API_KEY": "k123",
    "PAYMENT_BACKEND": "stripe",
    "STRIPE_API_KEY": "sk_test_1",
    "STRIPE_API_BASE": "http://127.0.0.1:9",
    "RATELIMIT_RATE": "5/m",
    "RATELIMIT_LOGIN_RATE": "3/h",
    "LOG_FORMAT": "json",
}


@pytest.mark.parametrize(("variable", "value"), TEXT_VALUES.items())
def test_each_text_variable_is_read(production_settings, variable, value):
    assert production_settings([variable], **{variable: value})[variable] == value


@pytest.mark.parametrize(
    ("variable", "value", "setting", "expected"),
    [
        ("DJANGO_DEBUG", "1", "DEBUG", True),
        ("EXTERNAL_TIMEOUT", "2.5", "EXTERNAL_TIMEOUT", 2.5),
        ("RATELIMIT_ENABLE", "0", "RATELIMIT_ENABLE", False),
        ("NUM_PROXIES", "2", "NUM_PROXIES", 2),
        ("DJANGO_SECURE_SSL", "1", "SECURE_SSL_REDIRECT", True),
        ("EMAIL_URL", "smtp://127.0.0.1:2525", "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        ("SENDGRID_API_KEY", "SG.x", "EMAIL_BACKEND", "anymail.backends.sendgrid.EmailBackend"),
        ("REDIS_URL", "redis://127.0.0.1:9/0", "CACHES", "django_redis.cache.RedisCache"),
        ("DATABASE_URL", "postgres://u:p@127.0.0.1:9/shop", "DATABASES", "django.db.backends.postgresql"),
    ],
)
def test_each_other_variable_is_read_as_its_setting_needs(production_settings, variable, value, setting, expected):
    read = production_settings([setting], **{variable: value})[setting]
    if setting == "CACHES":
        read = read["default"]["BACKEND"]
    elif setting == "DATABASES":
        read = read["default"]["ENGINE"]
    assert read == expected
