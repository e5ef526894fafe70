"""Redis or PostgreSQL goes away and comes back: the site degrades, then heals by itself."""

import uuid

import pytest

from tests.stack.conftest import PASSWORD, html_login, html_logout, me_with_session, new_client, stack_log, wait_for

pytestmark = pytest.mark.stack


def test_while_redis_is_down_the_site_serves_degraded_then_recovers(stack, account):
    session_id = html_login(stack.nginx, account.username)
    client = new_client()
    stack.run("redis-stop")
    try:
        for path in ("/", "/about/", "/api/posts/"):
            response = client.get(f"{stack.nginx}{path}")
            assert response.status_code == 200, f"{path}: {response.status_code} {response.text[:300]}"
        # Sessions are written through to the database: still logged in.
        assert me_with_session(stack.nginx, session_id).status_code == 200
        for base_url in (stack.nginx, *stack.instances):
            status, body = stack.readyz(base_url)
            assert status == 200
            assert body == {"status": "degraded", "checks": {"database": "ok", "cache": "unavailable"}}
    finally:
        stack.run("redis-start")

    stack.wait_ready()
    assert me_with_session(stack.nginx, session_id).status_code == 200


def test_while_postgres_is_down_pages_are_a_clean_503_then_it_recovers(stack):
    client = new_client()
    stack.run("pg-stop")
    try:
        for base_url in (stack.nginx, *stack.instances):
            assert client.get(f"{base_url}/healthz").status_code == 200
            status, body = stack.readyz(base_url)
            assert status == 503
            assert body == {"status": "unavailable", "checks": {"database": "unavailable", "cache": "ok"}}

        page = client.get(f"{stack.nginx}/")
        assert page.status_code == 503
        assert page.headers["Content-Type"].startswith("text/html")
        assert "Traceback" not in page.text
        assert "<h1" in page.text

        api = client.get(f"{stack.nginx}/api/posts/")
        assert api.status_code == 503
        assert api.headers["Content-Type"].startswith("application/json")
        assert "detail" in api.json()
    finally:
        stack.run("pg-start")

    stack.wait_ready()
    assert client.get(f"{stack.nginx}/").status_code == 200


def test_a_logout_while_redis_is_down_still_holds_once_it_is_back(stack, account):
    session_id = html_login(stack.nginx, account.username)
    assert me_with_session(stack.nginx, session_id).status_code == 200  # now in Redis too
    stack.run("redis-stop")
    try:
        html_logout(stack.nginx, session_id)
    finally:
        stack.run("redis-start")
    stack.wait_ready()

    for base_url in (stack.nginx, *stack.instances):
        assert me_with_session(base_url, session_id).status_code in (401, 403)


def test_a_post_written_while_redis_is_down_is_on_the_next_read_once_it_is_back(stack, account):
    reader = new_client()
    for _ in range(2):  # the second answer comes from the response cache
        assert reader.get(f"{stack.nginx}/api/posts/").status_code == 200
    writer = new_client()
    writer.headers["Authorization"] = f"Bearer {account.access_token}"
    stack.run("redis-stop")
    try:
        created = writer.post(
            f"{stack.nginx}/api/posts/",
            json={"title": "Written while Redis was down", "content": "The next anonymous read must show it."},
        )
        assert created.status_code == 201, created.text
    finally:
        stack.run("redis-start")
    stack.wait_ready()

    for base_url in (stack.nginx, *stack.instances):
        newest = reader.get(f"{base_url}/api/posts/").json()["results"][0]
        assert newest["id"] == created.json()["id"]


def test_the_task_worker_comes_back_after_postgres_does(stack):
    log = stack_log("worker.log")
    start = log.stat().st_size

    def logged_since_start() -> str:
        return log.read_bytes()[start:].decode(errors="replace")

    stack.run("pg-stop")
    try:
        # The worker polls the database: it notices, and exits.
        wait_for("the task worker to lose the database", lambda: "db_worker exited" in logged_since_start())
    finally:
        stack.run("pg-start")
    stack.wait_ready()

    # A new account's welcome email is sent by the worker (console email: into its log).
    username = f"st_{uuid.uuid4().hex[:12]}"
    response = new_client().post(
        f"{stack.nginx}/api/auth/register/",
        json={"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )
    assert response.status_code == 201, response.text
    wait_for("the welcome email", lambda: f"To: {username}@example.com" in logged_since_start())
