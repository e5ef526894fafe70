"""Two template engines, each finding only its own templates.

The site's pages, layout and emails (templates/) are Jinja2; the admin, DRF's
browsable API and the Swagger page keep the templates their apps ship for
Django's engine.
"""

import pytest
from django.template import TemplateDoesNotExist, engines


@pytest.mark.parametrize("name", ["base.html", "posts/post_list.html", "emails/welcome.txt"])
def test_the_site_templates_are_jinja2_only(name):
    assert engines["jinja2"].get_template(name)
    with pytest.raises(TemplateDoesNotExist):
        engines["django"].get_template(name)


@pytest.mark.parametrize("name", ["admin/base_site.html", "rest_framework/api.html"])
def test_the_apps_templates_are_djangos_only(name):
    assert engines["django"].get_template(name)
    with pytest.raises(TemplateDoesNotExist):
        engines["jinja2"].get_template(name)


@pytest.mark.django_db
def test_the_admin_and_the_browsable_api_still_render(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    api = admin_client.get("/api/posts/", HTTP_ACCEPT="text/html")
    assert api.status_code == 200
    assert api["Content-Type"].startswith("text/html")
    assert admin_client.get("/api/docs/").status_code == 200
