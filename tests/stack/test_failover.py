"""An instance dies under load; nginx sends its share to the others."""

import threading
import time

import pytest
import requests

from tests.stack.conftest import new_address, raw_request, wait_for

pytestmark = pytest.mark.stack

CLIENTS = 4
REQUESTS_BEFORE_KILL = 40
REQUESTS_AFTER_KILL = 200


def test_killing_an_instance_under_load_loses_no_request(stack):
    victim = stack.instances[0]
    statuses: list[tuple[bool, int]] = []  # (sent after the kill, status)
    killed = threading.Event()
    lock = threading.Lock()
    deadline = time.monotonic() + 60

    def client_loop():
        # Each request from a new client address: many clients, none near its rate limit.
        while time.monotonic() < deadline:
            with lock:
                if sum(after for after, _ in statuses) >= REQUESTS_AFTER_KILL:
                    return
                address = new_address()
            after_kill = killed.is_set()
            status = raw_request(stack.nginx, "GET", "/api/posts/" if len(statuses) % 2 else "/", address)
            with lock:
                statuses.append((after_kill, status))

    threads = [threading.Thread(target=client_loop) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        wait_for("the load to start", lambda: len(statuses) >= REQUESTS_BEFORE_KILL, seconds=30)
        stack.run("instance-kill", "1")
        killed.set()
        for thread in threads:
            thread.join(timeout=90)
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{victim}/healthz", timeout=5)
    finally:
        killed.set()
        for thread in threads:
            thread.join(timeout=90)
        stack.run("instance-start", "1")

    after = [status for after_kill, status in statuses if after_kill]
    assert len(after) >= REQUESTS_AFTER_KILL
    failed = [status for _, status in statuses if not 200 <= status < 500]
    failed_after = [status for status in after if not 200 <= status < 500]
    assert failed_after == [], f"{len(failed_after)} of {len(after)} requests sent after the kill failed"
    # A request the instance had in hand when it died is sent to another one,
    # unless its answer had begun: nginx cannot take back what it sent. At
    # most one per client was in flight.
    assert len(failed) <= CLIENTS, f"{len(failed)} of {len(statuses)} requests failed: {sorted(set(failed))}"
    stack.wait_ready()


def test_stopping_an_instance_under_a_load_of_posts_fails_none(stack):
    # instance-stop takes the instance out of nginx before its TERM. Stopped
    # while nginx still sent it requests, it closed its socket on those it had
    # not yet taken up, and nginx answered them 503 (a POST is not sent again).
    statuses: list[int] = []
    lock = threading.Lock()
    stopped = threading.Event()

    def client_loop():
        while not stopped.is_set():
            # An order without a token: the app answers 401, and nothing is written.
            status = raw_request(stack.nginx, "POST", "/api/orders/", new_address(), json_body="{}")
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=client_loop) for _ in range(CLIENTS * 2)]
    for thread in threads:
        thread.start()
    try:
        wait_for("the load to start", lambda: len(statuses) >= REQUESTS_BEFORE_KILL, seconds=30)
        stack.run("instance-stop", "1")
        time.sleep(1)  # and go on a little with one instance
    finally:
        stopped.set()
        for thread in threads:
            thread.join(timeout=90)
        stack.run("instance-start", "1")
        stack.wait_ready()

    assert len(statuses) > REQUESTS_BEFORE_KILL
    assert set(statuses) == {401}, f"{sum(s != 401 for s in statuses)} of {len(statuses)}: {sorted(set(statuses))}"


def test_with_no_instance_left_the_api_still_answers_json_and_pages_a_503_page(stack):
    for n in range(1, len(stack.instances) + 1):
        stack.run("instance-stop", str(n))
    try:
        api = requests.get(f"{stack.nginx}/api/posts/", timeout=15)
        page = requests.get(f"{stack.nginx}/", timeout=15)
    finally:
        for n in range(1, len(stack.instances) + 1):
            stack.run("instance-start", str(n))
        stack.wait_ready()
        # instance-start puts each back in nginx with a reload, which also
        # forgets the failures nginx counted against them.
        wait_for("nginx to use the instances again", lambda: all(_healthz_through_nginx(stack) for _ in range(6)))

    # nginx's own error, made when no instance answers: JSON like every API error.
    assert api.status_code == 503
    assert api.headers["Content-Type"] == "application/json"
    assert api.json() == {"detail": "Service temporarily unavailable."}
    assert api.headers["Retry-After"] == "30"
    assert api.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in api.headers["Content-Security-Policy"]
    # A page gets the site's 503 page, made by nginx.
    assert page.status_code == 503
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<h1>503 · Service unavailable</h1>" in page.text
    assert page.headers["Retry-After"] == "30"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def _healthz_through_nginx(stack) -> bool:
    return requests.get(f"{stack.nginx}/healthz", timeout=5).status_code == 200  # wait_for retries on errors
