"""blogsite settings: one module, every value read from the environment.

Production differs from development only by environment variables (see the
README's production section); nothing here branches on a "mode" beyond
DJANGO_DEBUG. A `.env` file beside manage.py is read too.
"""

import hashlib
import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import NoReturn

import environ
import orjson
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# text or json (any case): how log lines are written (LOGGING, below). Read
# first, so that a setting refused below is reported in the same format.
LOG_FORMAT = env.str("LOG_FORMAT", default="text").strip().lower()


def refuse_to_start(message: str) -> NoReturn:
    """Stop with one line naming the setting at fault: an operator's mistake, not a traceback.

    Exit status 3 is gunicorn's "worker failed to boot": with GUNICORN_PRELOAD=0,
    where each worker loads the settings, gunicorn then stops instead of
    starting the failed worker again and again. Under LOG_FORMAT=json the line
    is a JSON object, as every other line of the output is.
    """
    line = f"ImproperlyConfigured: {message}"
    if LOG_FORMAT == "json":
        from blogsite.log import JsonFormatter

        record = logging.makeLogRecord(
            {"name": "blogsite.settings", "levelno": logging.CRITICAL, "levelname": "CRITICAL", "msg": line}
        )
        line = JsonFormatter().format(record)
    print(line, file=sys.stderr)
    sys.exit(3)


if LOG_FORMAT not in ("text", "json"):
    refuse_to_start(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        refuse_to_start("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
    SECRET_KEY = "django-insecure-development-only-key-not-for-production"  # noqa: S105


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma list from the environment: "a.example, b.example" is both, without the spaces."""
    return [item.strip() for item in env.list(name, default=default) if item.strip()]


ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_simplejwt",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",  # its system check verifies the rate-limit cache is shared
    # The project package, for its management commands (requeue_stalled_tasks) and two
    # start-up steps (blogsite/apps.py: Django's idle request receivers disconnected, the
    # query timer put on each database connection); no models.
    "blogsite",
    "accounts",
    "posts",
    "orders",
]

# Order matters: a request goes down this list and the response comes back up.
MIDDLEWARE = [
    # Outermost: everything below sees a HEAD's response whole (the response
    # cache stores it for GETs), and only the server's copy loses its body.
    "blogsite.middleware.HeadWithoutBodyMiddleware",
    # Then: every response carries X-Request-ID (even one an inner
    # middleware produced), and every log line of the request has the id.
    "blogsite.middleware.RequestIdMiddleware",
    # request.client_ip, set once for the access log, the rate limits and the views.
    "blogsite.middleware.ClientIpMiddleware",
    # Logs the final status of everything below: redirects, 429s, 500s.
    "blogsite.middleware.AccessLogMiddleware",
    # Times everything below it, the rest of the middleware included.
    "blogsite.middleware.ServerTimingMiddleware",
    # Anonymous reads of a few public lists answered from the cache, above the
    # security headers: those are the same on every such answer of a page, so
    # they are stored with it and the three middlewares that add them are
    # skipped on a hit. The cache counts a hit against the rate limit itself
    # (a request counts once); one over the limit goes on down, and its 429
    # comes from RateLimitMiddleware, below the security headers.
    "blogsite.response_cache.AnonymousResponseCacheMiddleware",
    # HTTPS redirect before any work, and the security headers on every response below.
    "django.middleware.security.SecurityMiddleware",
    # django-csp's CSPMiddleware, with the site-wide policy built once per process.
    "blogsite.content_security_policy.CachedPolicyCSPMiddleware",
    # X-Frame-Options: DENY on every response, the admin's included.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Static files right after the security headers (WhiteNoise's rule). They
    # do not count against the rate limit: in production nginx serves them
    # and they never reach Django.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, auth and views: a throttled request costs one cache
    # increment and no database query.
    "blogsite.middleware.RateLimitMiddleware",
    # Django's own order from here (its middleware docs): the session first,
    # since CSRF, auth and messages read it; CommonMiddleware's trailing-slash
    # redirect before the views; CSRF checked on every unsafe HTML request
    # (DRF's views are exempt here and check it themselves, only for a
    # request logged in by its session); then request.user from the session
    # (the API reads a JWT in DRF's authentication) and the one-time
    # messages the pages show.
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Innermost, so its process_exception turns a view's database error into a 503 first.
    "blogsite.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "blogsite.urls"
WSGI_APPLICATION = "blogsite.wsgi.application"

# Two engines, each finding only its own templates. The site's pages, layout and
# emails (templates/) are Jinja2: a 100-row table renders several times faster
# than with Django's template language. Django's engine keeps the templates
# that ship inside installed apps: the admin, DRF's browsable API, the Swagger
# page. (Form widgets render through FORM_RENDERER, Django's engine by default.)
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "blogsite.jinja2.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blogsite.context_processors.nav_urls",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# Persistent connections (CONN_MAX_AGE) with health checks, so a connection
# the server closed is replaced instead of failing the next request. The
# health checks also let blogsite/request_signals.py skip Django's look at
# every connection at the start of each request.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE transactions take the
    # write lock at BEGIN, so concurrent writers queue (up to the timeout)
    # instead of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=3)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                # Redis down: cache reads miss and writes are dropped instead of
                # failing the request; sessions then come from the database and
                # rate limits fail open (RATELIMIT_FAIL_OPEN). Logged below, once
                # a minute (LOGGING).
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # Django's local-memory cache, without the per-operation memcached key check.
    CACHES = {"default": {"BACKEND": "blogsite.cache.LocMemCache"}}

# Anonymous pages answered from the cache (blogsite.response_cache.AnonymousResponseCacheMiddleware):
# path -> seconds an entry lives at most. Writes through the services make
# entries stale at once (blogsite.caching); the TTL bounds writes made around
# them (admin, shell). The home page shows the current time, to the second:
# its entries live one second, so the time shown is at most a second old.
RESPONSE_CACHE_ENABLE = env.bool("RESPONSE_CACHE_ENABLE", default=True)
RESPONSE_CACHE_TTLS = {"/": 1, "/users/": 60, "/api/users/": 60, "/api/posts/": 60}

# Sessions are read from the cache and written through to the database, so
# they survive a cache flush or outage.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 24
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "blogsite.views.csrf_failure"

# --- Auth -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MixedCharacterPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "blogsite.storage.StaticFilesStorage"},
}
# `collectstatic` gives hashed, compressed, far-future-cached files. A server
# started before it ran still answers pages, with unhashed static URLs served
# from the apps' folders (blogsite/storage.py), instead of a 500 on every page.
WHITENOISE_USE_FINDERS = True

# --- Email ----------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@example.com")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------
# The immediate backend runs a task in-process when it is enqueued; production
# sets TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

# --- External services ----------------------------------------------------
EXTERNAL_TIMEOUT = env.float("EXTERNAL_TIMEOUT", default=5.0)
# Django's SMTP backend reads EMAIL_TIMEOUT; anymail's SendGrid backend (an HTTP API) its own
# REQUESTS_TIMEOUT, which would otherwise be 30 s. Both bound each network step, not a whole send.
EMAIL_TIMEOUT = EXTERNAL_TIMEOUT
SENDGRID_API_KEY = env.str("SENDGRID_API_KEY", default="")
if SENDGRID_API_KEY:
    EMAIL_BACKEND = "anymail.backends.sendgrid.EmailBackend"
    ANYMAIL = {"SENDGRID_API_KEY": SENDGRID_API_KEY, "REQUESTS_TIMEOUT": EXTERNAL_TIMEOUT}
WEATHER_API_URL = env.str("WEATHER_API_URL", default="https://api.openweathermap.org/data/2.5")
WEATHER_API_KEY = env.str("WEATHER_API_KEY", default="")
PAYMENT_BACKEND = env.str("PAYMENT_BACKEND", default="sandbox").strip().lower()
if PAYMENT_BACKEND not in ("sandbox", "stripe"):
    # Refused now, not at the first order (which would be left pending).
    refuse_to_start(f"PAYMENT_BACKEND must be sandbox or stripe, not {PAYMENT_BACKEND!r}")
STRIPE_API_KEY = env.str("STRIPE_API_KEY", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")

# --- Rate limits ----------------------------------------------------------
# django-ratelimit counts in the default cache: Redis when REDIS_URL is set,
# shared by every worker and instance. See blogsite/ratelimits.py.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_RATE = env.str("RATELIMIT_RATE", default="100/m")
RATELIMIT_LOGIN_RATE = env.str("RATELIMIT_LOGIN_RATE", default="10/m")
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "blogsite.middleware.get_client_ip"
# A cache that cannot count (Redis down) lets requests through rather than
# refusing everyone.
RATELIMIT_FAIL_OPEN = True
# django-ratelimit's defaults, spelled out: it reads them with getattr(settings,
# name, default) on every request, and Django caches only settings that exist
# (a missing one raises and is caught each time). The hash algorithm is the
# function itself: as a dotted string it would be imported on every request.
RATELIMIT_CACHE_PREFIX = "rl:"
RATELIMIT_HASH_ALGORITHM = hashlib.sha256
RATELIMIT_IPV4_MASK = 32
RATELIMIT_IPV6_MASK = 64
if not REDIS_URL:
    # django-ratelimit refuses local memory because each process counts on its
    # own. Without REDIS_URL the site is meant for one process (development,
    # tests, a single-worker demo); production sets REDIS_URL and the check runs.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- Security -------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
# django-csp: no inline or eval'd script anywhere (the admin, DRF's browsable
# API and the split Swagger UI view all load scripts from files). Inline
# styles stay allowed: Swagger UI and the admin use them, and they run no code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL = env.bool("DJANGO_SECURE_SSL", default=False)
if SECURE_SSL:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    # What `check --deploy` asks for. Both commit more than this host: every
    # subdomain to HTTPS, and (preload) the browsers' built-in list, slow to
    # leave. A site whose subdomains are not all HTTPS turns them off.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# Refuse oversized bodies early (a post is at most 10,000 characters).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# --- REST framework -------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # orjson renders JSON several times faster than the standard library. Its
    # options keep DRF's output: UTC times end in "Z", and the numeric keys of
    # per-line errors ({"items": {"0": ...}}) become strings.
    "DEFAULT_RENDERER_CLASSES": [
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_UTC_Z, orjson.OPT_NON_STR_KEYS),
    # DRF's JSONParser, with JSON nested too deep for Python's parser a 400
    # rather than a 500. The form parsers serve the browsable API.
    "DEFAULT_PARSER_CLASSES": [
        "blogsite.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "blogsite.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "blogsite.schema.AutoSchema",
    "EXCEPTION_HANDLER": "blogsite.exceptions.api_exception_handler",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    # So /api/users/me/ shows when the user last signed in, by form or by token.
    "UPDATE_LAST_LOGIN": True,
    # A token carries a hash of its user's password hash: once the password
    # changes (the admin's reset, `changepassword`), every token issued
    # before, refresh tokens included (accounts.api.auth), is refused.
    "CHECK_REVOKE_TOKEN": True,
    "TOKEN_OBTAIN_SERIALIZER": "accounts.api.auth.TokenObtainPairSerializer",
    "TOKEN_REFRESH_SERIALIZER": "accounts.api.auth.TokenRefreshSerializer",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "blogsite API",
    "DESCRIPTION": "Accounts, posts and a small shop: the JSON side of blogsite.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # validatorUrl None: Swagger UI would otherwise load a badge from validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags and operation ids from the path after /api/: operations grouped by
    # resource (auth, posts, users...) in Swagger UI and in generated clients,
    # named posts_list, orders_create..., not all "api" and api_posts_list.
    "SCHEMA_PATH_PREFIX": r"/api/",
    # A JSON API: request bodies are documented as JSON only (DRF still parses
    # the browsable API's HTML forms).
    "PARSER_WHITELIST": ["blogsite.parsers.JSONParser"],
    # /readyz's two checks share one set of states: one enum, named once.
    "ENUM_NAME_OVERRIDES": {"CheckStateEnum": "blogsite.health.CHECK_STATES"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "blogsite.schema.drop_post_content_lengths",
        "blogsite.schema.drop_partial_update_defaults",
        "blogsite.schema.name_shared_shapes",
    ],
}

# --- Logging --------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
if LOG_FORMAT == "json" and EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
    # The console backend's emails are raw lines on stdout: here one JSON log line each.
    EMAIL_BACKEND = "blogsite.log.ConsoleLogEmailBackend"
if LOG_FORMAT == "json":
    from blogsite.log import log_uncaught_exception

    # An error that stops a process (a command, the task worker) is a JSON line too.
    sys.excepthook = log_uncaught_exception
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "blogsite.log.RequestIdFilter"},
        # One instance per logger it guards: each counts its own interval, per message.
        "once_a_minute": {"()": "blogsite.log.OncePerInterval", "seconds": 60},
        "database_once_a_minute": {"()": "blogsite.log.OncePerInterval", "seconds": 60},
        "as_warning": {"()": "blogsite.log.AsWarning"},
        # Django logs every 5xx at error level; the site's 503s are its own, on
        # purpose (the database is down), and logged once a minute above.
        "not_our_503s": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: getattr(record, "status_code", None) != 503,
        },
    },
    "formatters": {
        "text": {
            "()": "blogsite.log.TimeOncePerSecondFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "blogsite.log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's loggers write through the root's handler only. Configuring
        # the logger removes the handlers Django's defaults gave it: with debug
        # on, its own console handler printed every line of Django's (a 404's
        # "Not Found", a 500's traceback) a second time, without the request id.
        "django": {"level": "INFO"},
        # Our access log (blogsite.access) replaces runserver's request lines.
        "django.server": {"level": "WARNING"},
        # An email the console backend writes to the log (LOG_FORMAT=json) shows whatever LOG_LEVEL says.
        "blogsite.email": {"level": "INFO"},
        # While Redis is down every cache call fails and django-redis logs each
        # one with its traceback: one a minute per process, with the count.
        "django_redis.cache": {"filters": ["once_a_minute"]},
        # While PostgreSQL is down every request fails over to the 503 page:
        # one line with the traceback a minute per process, with the count
        # (blogsite.middleware), and not Django's own error line for each 503
        # (the access log has every request and its status).
        "blogsite.database": {"filters": ["database_once_a_minute"]},
        "django.request": {"filters": ["not_our_503s"]},
        # A client's bad Host header or oversized body: a warning, not an error with a traceback.
        "django.security.DisallowedHost": {"filters": ["as_warning"]},
        "django.security.RequestDataTooBig": {"filters": ["as_warning"]},
    },
}
