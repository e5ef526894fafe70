import pytest

from tests.factories import PostFactory


@pytest.mark.django_db
def test_home_lists_posts(client):
    post = PostFactory()
    response = client.get("/")
    assert response.status_code == 200
    assert post.title in response.content.decode()
