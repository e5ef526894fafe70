"""Logging pieces wired in settings.LOGGING: the request id on every record, and JSON lines.

The request id lives in a context variable set by RequestIdMiddleware, so any
log call made while a request is handled (ours, Django's, a library's) carries
it without being passed around.
"""

import contextvars
import json
import logging
import sys
import time

from django.core.mail.backends import console

# The Logging HOWTO's "Optimization": stop collecting, for every record, fields
# that no format here prints. Neither the text nor the JSON format shows the
# caller's file, line and function (found by walking the stack), the thread or
# the multiprocessing process name. Process ids stay on: gunicorn's own log
# lines print %(process)d. Set once, when settings.LOGGING is applied.
logging._srcfile = None
logging.logThreads = False
logging.logMultiprocessing = False
# Python's warnings (a library's UserWarning, such as WhiteNoise's "No directory
# at: staticfiles/") go through logging as well, on the "py.warnings" logger:
# lines in the configured format (one JSON object each under LOG_FORMAT=json)
# instead of raw text on stderr.
logging.captureWarnings(True)

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# Attributes every LogRecord has; anything else was passed with `extra=` and belongs in the JSON object.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (or "-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class AsWarning(logging.Filter):
    """Logs a record at WARNING, without its traceback.

    For what any client can make Django log at ERROR, with a traceback, by
    itself: a Host header this site does not serve, a body over the limit.
    The client got its 400 or 413 and the access log has the line; an error
    would page someone for nothing, as often as a client likes.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True


class OncePerInterval(logging.Filter):
    """Lets one record of each message through per `seconds`, and says how many it dropped in between.

    For a logger that fails on every call while a dependency is down:
    django-redis logs each cache call it could not make, with its traceback,
    several per request while Redis is away. One record a minute per process
    says the same. Each message has its own interval: a second kind of
    failure ("no such table" behind "connection refused") is not hidden
    behind the first. The count of the records dropped goes out with the next
    record of that message let through, which can come long after the
    outage, so it names when the first and the last of them were made.
    """

    MAX_MESSAGES = 100  # messages followed at once; past that, the oldest intervals are forgotten

    def __init__(self, seconds: float = 60):
        super().__init__()
        self.seconds = seconds
        self._next_at: dict[str, float] = {}
        self._dropped: dict[str, tuple[int, float, float]] = {}  # message: (count, first made, last made)

    def filter(self, record: logging.LogRecord) -> bool:
        now, message = time.monotonic(), record.getMessage()
        if now < self._next_at.get(message, 0.0):
            count, first, _ = self._dropped.get(message, (0, record.created, 0.0))
            self._dropped[message] = (count + 1, first, record.created)
            return False
        if dropped := self._dropped.pop(message, None):
            count, first, last = dropped
            record.msg = f"{message} ({count} more like it not logged, from {_clock(first)} to {_clock(last)})"
            record.args = ()
        if len(self._next_at) >= self.MAX_MESSAGES:
            self._next_at = {key: at for key, at in self._next_at.items() if at > now}
            self._dropped = {key: dropped for key, dropped in self._dropped.items() if key in self._next_at}
        self._next_at[message] = now + self.seconds
        return True


def _clock(created: float) -> str:
    """A record's time as the log lines show it (local time, which Django sets to TIME_ZONE), to the second."""
    return time.strftime("%H:%M:%S", time.localtime(created))


class TimeOncePerSecondFormatter(logging.Formatter):
    """logging.Formatter, with the date and time part of a record's time formatted once per second.

    localtime() and strftime() are most of what formatting one line costs, and
    every line within one second shares their result; only the milliseconds
    (in the default format) are added per record.
    """

    # (second, datefmt, text): one tuple, replaced whole, so a thread never reads half of it.
    _last = (None, None, "")

    def formatTime(self, record, datefmt=None):
        second = int(record.created)
        last_second, last_datefmt, text = self._last
        if second != last_second or datefmt != last_datefmt:
            text = time.strftime(datefmt or self.default_time_format, self.converter(second))
            self._last = (second, datefmt, text)
        if datefmt or not self.default_msec_format:
            return text
        return self.default_msec_format % (text, record.msecs)


class JsonFormatter(TimeOncePerSecondFormatter):
    """One JSON object per line: time, level, logger, message, request id, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        # Only the fields a caller chose to pass with `extra=`, never the record's
        # arguments: gunicorn's access line is formatted from a mapping holding
        # every request header, Authorization and Cookie included.
        entry.update({key: value for key, value in vars(record).items() if key not in _RECORD_ATTRIBUTES})
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def log_uncaught_exception(exc_type, exc, tb) -> None:
    """sys.excepthook under LOG_FORMAT=json: an error nothing caught (a command that
    stops on it, such as the task worker while the database is down) is one JSON
    log line with its traceback, not raw lines on stderr."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    logging.getLogger("blogsite").critical("Uncaught %s: %s", exc_type.__name__, exc, exc_info=(exc_type, exc, tb))


class ConsoleLogEmailBackend(console.EmailBackend):
    """Django's console email backend, each email written as one log record (logger "blogsite.email").

    The console backend prints an email as it would be sent, many raw lines
    on stdout. Under LOG_FORMAT=json every line of the output is a JSON
    object, so there settings use this backend instead of the console one:
    the whole email is one record's message, one JSON line.
    """

    def write_message(self, message):
        email_logger.info("Email not sent (console backend):\n%s", message.message().as_string())


email_logger = logging.getLogger("blogsite.email")
