"""The stack runs settle_orders and requeue_stalled_tasks every minute, as cron would in production."""

import re

import pytest

from tests.stack.conftest import STACK_DIR, wait_for

pytestmark = pytest.mark.stack

RUN_LINE = re.compile(r"^\S+ paid \d+, declined \d+, still pending \d+, too old to charge again \d+$", re.MULTILINE)
REQUEUE_LINE = re.compile(r"^\S+ \d+ stalled tasks marked READY to run again, \d+ failed after 3 runs", re.MULTILINE)


def test_the_settler_runs_against_the_stacks_database(stack):
    log = STACK_DIR / "log" / "settler.log"
    wait_for("a settle_orders run in the settler's log", lambda: log.exists() and RUN_LINE.search(log.read_text()))
    wait_for("a requeue_stalled_tasks run in the settler's log", lambda: REQUEUE_LINE.search(log.read_text()))
    assert "Traceback" not in log.read_text()
