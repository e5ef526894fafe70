"""Settings for the test suite: the real settings, made fast and quiet.

DATABASE_URL and REDIS_URL are honoured, so the same suite runs against
SQLite and local memory (`make test`) and against PostgreSQL and Redis
(the CI's second leg).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")

from blogsite.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests check it is configured (test_passwords.py)
# but hash with MD5 so the suite stays fast.
PRODUCTION_PASSWORD_HASHERS = PASSWORD_HASHERS  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Static files come from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than Django's in-memory test database: shared in-memory
    # databases lock whole tables and ignore the busy timeout, so threaded
    # tests could not show how WAL and IMMEDIATE transactions queue writers.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / "test-db.sqlite3"}  # noqa: F405
