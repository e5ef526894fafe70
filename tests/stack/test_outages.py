"""Redis or PostgreSQL goes away and comes back: the site degrades, then heals by itself."""

import pytest

from tests.stack.conftest import html_login, me_with_session, new_client

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
