"""Argument types the site's management commands share."""

import argparse
from datetime import timedelta


def minutes(value: str) -> timedelta:
    """`--older-than 5`: a number of minutes, from 0 to a day."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number of minutes, not {value!r}") from None
    if not 0 <= number <= 24 * 60:
        raise argparse.ArgumentTypeError("between 0 and 1440 minutes")
    return timedelta(minutes=number)
