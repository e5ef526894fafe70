"""The rate limit counts in Redis, so every instance counts the same client together."""

import pytest

from tests.stack.conftest import new_client

pytestmark = pytest.mark.stack


def _requests_before_429(stack, limit: int) -> tuple[int, dict]:
    """Alternate A, B, A, B... from one new client address; how many got through, and the 429's headers."""
    client = new_client()
    instance_a, instance_b = stack.instances[:2]
    for sent in range(2 * limit + 2):
        response = client.get(f"{(instance_a, instance_b)[sent % 2]}/about/")
        if response.status_code == 429:
            return sent, response.headers
        assert response.status_code == 200, response.text[:200]
    return 2 * limit + 2, {}


def test_the_rate_limit_counts_requests_to_both_instances_together(stack):
    if stack.rate_limit is None:
        pytest.fail("rate limits are off in this stack (RATELIMIT_ENABLE=0): start it with them on")
    limit, _period = stack.rate_limit

    allowed, headers = _requests_before_429(stack, limit)
    if allowed != limit:
        # The fixed window may have rolled over during the burst; a second
        # burst right after cannot meet another boundary.
        allowed, headers = _requests_before_429(stack, limit)

    # Counted per instance, the client would get `limit` requests from each.
    assert allowed == limit
    assert int(headers["Retry-After"]) > 0
