"""The site's URLs and error handlers, plus views that fail, for the 500 tests."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from blogsite.urls import handler400, handler403, handler404, handler500
from blogsite.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def crash(request):
    raise RuntimeError("the view failed")


@api_view(["GET"])
@permission_classes([AllowAny])
def api_crash(request):
    raise RuntimeError("the API view failed")


urlpatterns = [path("crash/", crash), path("api/crash/", api_crash), *site_urlpatterns]
