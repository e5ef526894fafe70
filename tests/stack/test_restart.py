"""Data lives in PostgreSQL, not in the processes (nor in Redis: a cache, kept in memory only)."""

import pytest

from tests.stack.conftest import html_login, me_with_session, new_client

pytestmark = pytest.mark.stack


def test_nothing_written_before_a_full_restart_is_lost(stack, account):
    client = new_client()
    client.headers["Authorization"] = f"Bearer {account.access_token}"
    created = client.post(
        f"{stack.nginx}/api/posts/",
        json={"title": "Written before the restart", "content": "This post must survive a full restart."},
    )
    assert created.status_code == 201, created.text
    session_id = html_login(stack.nginx, account.username)

    stack.run("restart")
    stack.wait_ready()

    response = client.get(f"{stack.nginx}/api/posts/{created.json()['id']}/")
    assert response.status_code == 200
    assert response.json()["title"] == "Written before the restart"
    me = me_with_session(stack.nginx, session_id)
    assert me.status_code == 200
    assert me.json()["username"] == account.username
