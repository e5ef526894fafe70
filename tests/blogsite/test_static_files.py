import pytest
from django.core.management import call_command


@pytest.fixture
def production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "blogsite.storage.StaticFilesStorage"}}


@pytest.mark.django_db
def test_pages_render_before_collectstatic_with_unhashed_static_urls(client, production_storage):
    response = client.get("/")

    assert response.status_code == 200
    assert 'href="/static/css/site.css"' in response.content.decode()


@pytest.mark.django_db
def test_collected_files_get_hashed_urls(client, production_storage):
    call_command("collectstatic", "--noinput", verbosity=0)
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/css/site." in page
    assert 'href="/static/css/site.css"' not in page


@pytest.mark.django_db
def test_static_urls_follow_a_change_of_the_settings(client, production_storage, settings):
    assert 'href="/static/css/site.css"' in client.get("/about/").content.decode()

    settings.STATIC_URL = "/assets/"

    assert 'href="/assets/css/site.css"' in client.get("/about/").content.decode()
