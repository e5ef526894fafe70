"""gunicorn settings for blogsite: `gunicorn -c deploy/gunicorn.conf.py blogsite.wsgi`.

Every value comes from the environment, with defaults that suit a small
machine behind nginx on the same host. Command-line flags (e.g. `--bind`)
still override what is set here.

| variable | default | meaning |
| --- | --- | --- |
| GUNICORN_BIND | 127.0.0.1:8000 | address to listen on (loopback: nginx is in front) |
| WEB_CONCURRENCY | with REDIS_URL: 2 x cores + 1, at most 12; without: 1 | worker processes |
| GUNICORN_THREADS | with REDIS_URL: 1; without: 2 x cores + 1, at most 12 | threads per worker (gthread above 1) |
| GUNICORN_TIMEOUT | 30 | seconds a worker may spend on one request before it is killed |
| GUNICORN_GRACEFUL_TIMEOUT | 30 | seconds to finish in-flight requests on stop or reload |
| GUNICORN_MAX_REQUESTS | 10000 | recycle a worker after this many requests (0: never) |
| GUNICORN_PRELOAD | 1 | load the app in the master before forking the workers |
| GUNICORN_ACCESSLOG | - (stdout) | access log file; empty turns it off |
| GUNICORN_LOG_LEVEL | info | error log level |
| FORWARDED_ALLOW_IPS | 127.0.0.1,::1 | proxies whose X-Forwarded-Proto is believed |
| LOG_FORMAT | text | json: gunicorn's own lines (start-up, workers, access log) are JSON objects too, like the app's |
"""

import gc
import multiprocessing
import os
from pathlib import Path

import environ
from gunicorn import glogging

# The same `.env` the Django settings read, so REDIS_URL there counts here too.
environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# The classic rule of thumb, capped so a big machine does not start more
# processes than PostgreSQL connections or memory allow.
CONCURRENCY = min(2 * multiprocessing.cpu_count() + 1, 12)
if os.environ.get("REDIS_URL"):
    # The cache, the sessions' cache and the rate-limit counters are in Redis,
    # shared by every process: sync workers, the simplest and fastest for
    # short requests (nginx buffers slow clients, so a worker is never tied up
    # by one).
    workers = _env_int("WEB_CONCURRENCY", CONCURRENCY)
    threads = _env_int("GUNICORN_THREADS", 1)
else:
    # Without Redis the cache is local memory, which only threads of one
    # process share: one process, so that a client's rate limit counts all of
    # its requests and a write is seen by the next read. Scale out with
    # REDIS_URL.
    workers = _env_int("WEB_CONCURRENCY", 1)
    threads = _env_int("GUNICORN_THREADS", CONCURRENCY)

timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Keep-alive only matters with threads (sync workers close after each
# response); nginx reuses upstream connections for that long.
keepalive = 5
# The longest request line gunicorn takes (its default is 4094): as long as
# nginx's own limit (large_client_header_buffers, 8 KB), so a long URL that
# passes nginx (a login's ?next=, many filters) reaches the site and gets its
# pages and headers, not gunicorn's bare 400.
limit_request_line = 8190

# Recycling workers bounds the damage of a slow memory leak; the jitter keeps
# them from all restarting at the same moment.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = max(max_requests // 10, 0)

# Preloading imports Django once in the master: workers fork ready to serve
# (fast start and fast recycling, shared memory pages), and a broken
# configuration fails once at start-up instead of in every worker. The price:
# `kill -HUP` does not load new code; deploy with a restart.
preload_app = _env_bool("GUNICORN_PRELOAD", True)


def pre_fork(server, worker):
    """In the master, right before it forks a worker: keep the loaded app's pages shared.

    A worker's garbage collector writes into every object it examines, and
    each write makes the worker its own copy of that memory page (copy on
    write): within a few thousand requests each worker had copied most of
    the app the master loaded. gc.freeze() moves every object the master
    holds out of the collector's reach, as Python's documentation advises
    for processes that fork without exec. Measured with 4 workers after
    40,000 requests: 27 MB private memory per worker instead of 45 MB; and
    the collector, no longer walking the app's ~100,000 objects, takes about
    49 µs a request instead of 59. The frozen objects are the app the master
    imported (with GUNICORN_PRELOAD on, the default), which lives as long as
    the process.
    """
    gc.freeze()


# The heartbeat file lives in memory, so a busy disk cannot make the master
# think a worker hung.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's own advice; only heartbeat files, owned by us  # nosec B108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None

# nginx on this host is the only proxy: trust its X-Forwarded-Proto so
# request.is_secure() is right behind TLS. Client IPs are Django's business
# (NUM_PROXIES), not gunicorn's.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Only the header nginx sets itself (replacing any the client sent). gunicorn
# also believes X-Forwarded-Ssl and X-Forwarded-Protocol by default, which
# nginx passes on as the client sent them: a client sending one that
# disagreed with nginx's got gunicorn's bare HTML 400 ("Contradictory scheme
# headers"), under /api/ too.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

proc_name = "blogsite"
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The request id is the response's X-Request-ID, the same one Django logs and
# nginx passes on, so one id follows a request through every log. %(M)s is
# the duration in milliseconds.
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" '
    'request_id=%({x-request-id}o)s forwarded_for="%({x-forwarded-for}i)s"'
)


class Logger(glogging.Logger):
    """gunicorn's logger, with what a client sent escaped in the access line.

    gunicorn escapes a quote in the request line, Referer, User-Agent and
    headers (\\"), but writes the other characters as they came: escape
    sequences reached the terminal reading the log. Here a character that
    does not print is escaped as Python writes it ("\\x1b"). X-Forwarded-For
    is quoted in the format, as the other fields a client writes.
    """

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: _printable(value) if isinstance(value, str) else value for name, value in atoms.items()}


def _printable(value: str) -> str:
    return value if value.isprintable() else value.encode("unicode_escape").decode("ascii")


logger_class = Logger


class JsonLogger(Logger):
    """gunicorn's logger, each line one JSON object (the app's blogsite.log.JsonFormatter).

    gunicorn sets up its error and access logs as configured (the access log
    and error log settings, --access-logfile and --error-logfile included);
    only their format changes. The root logger stays the app's (settings.LOGGING).
    """

    def setup(self, cfg):
        super().setup(cfg)
        from blogsite.log import JsonFormatter  # imports Django: only when asked for

        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())


# LOG_FORMAT=json (the app's setting): one JSON object per line from gunicorn as well.
if os.environ.get("LOG_FORMAT", "text").strip().lower() == "json":
    logger_class = JsonLogger
