"""blogsite.external.DeadlineCalls: a deadline for a whole outgoing call."""

import contextvars
import threading

import pytest

from blogsite.external import DeadlineCalls, DeadlinePassed


def test_a_call_within_its_deadline_gives_its_result_or_its_exception():
    calls = DeadlineCalls("test")

    assert calls.call(sum, [1, 2, 3], timeout=5) == 6
    with pytest.raises(ZeroDivisionError):
        calls.call(divmod, 1, 0, timeout=5)


def test_a_call_past_its_deadline_is_abandoned_and_one_still_queued_never_runs():
    calls = DeadlineCalls("test", max_workers=1)
    release, ran = threading.Event(), []

    with pytest.raises(DeadlinePassed):
        calls.call(release.wait, 10, timeout=0.1)  # holds the only thread until released (10 s at most)
    with pytest.raises(DeadlinePassed):
        calls.call(ran.append, "queued", timeout=0.1)
    release.set()
    calls.call(ran.append, "after", timeout=5)

    assert ran == ["after"]


def test_a_call_runs_in_the_callers_context():
    """So a line it logs carries the request's id (a context variable)."""
    request_id = contextvars.ContextVar("request_id", default="-")
    request_id.set("req-1")

    assert DeadlineCalls("test").call(request_id.get, timeout=5) == "req-1"
