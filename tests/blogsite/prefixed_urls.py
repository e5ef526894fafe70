"""The site's URLs under /v2/: a URL configuration other than ROOT_URLCONF's, for tests."""

from django.urls import include, path

urlpatterns = [path("v2/", include("blogsite.urls"))]
