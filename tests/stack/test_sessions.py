"""Scale-out: a session lives in the shared database and Redis, not in an instance."""

import pytest

from tests.stack.conftest import html_login, me_with_session

pytestmark = pytest.mark.stack


def test_a_session_made_on_one_instance_is_valid_on_the_other_and_through_nginx(stack, account):
    instance_a, instance_b = stack.instances[:2]

    session_id = html_login(instance_a, account.username)

    for base_url in (instance_a, instance_b, stack.nginx):
        response = me_with_session(base_url, session_id)
        assert response.status_code == 200, f"{base_url}: {response.status_code} {response.text[:200]}"
        assert response.json()["username"] == account.username


def test_a_session_unknown_to_every_instance_is_anonymous(stack):
    response = me_with_session(stack.nginx, "no-such-session-key")

    assert response.status_code in {401, 403}
