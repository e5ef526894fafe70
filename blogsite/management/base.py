"""What the site's management commands share: argument types, and a clean error when the database is down."""

import argparse
from contextlib import contextmanager
from datetime import timedelta

from django.core.management import CommandError
from django.db import OperationalError


def minutes(value: str) -> timedelta:
    """`--older-than 5`: a number of minutes, from 0 to a day."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number of minutes, not {value!r}") from None
    if not 0 <= number <= 24 * 60:
        raise argparse.ArgumentTypeError("between 0 and 1440 minutes")
    return timedelta(minutes=number)


@contextmanager
def database_needed(what_waits: str):
    """A database that cannot be reached ends the command with one line on stderr, not a traceback.

    The site's periodic commands run from cron or a timer, into a log: while
    PostgreSQL is down each run said so with a 40-line traceback.
    """
    try:
        yield
    except OperationalError as error:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise CommandError(f"The database is unavailable ({first_line}); {what_waits} for the next run.") from error
