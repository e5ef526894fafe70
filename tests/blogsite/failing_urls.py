"""The site's URLs plus two views that fail, for the error-handling tests."""

from django.urls import path

from blogsite.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken_view(request):
    raise RuntimeError("something broke")


urlpatterns = [
    path("api/broken/", broken_view),
    path("broken/", broken_view),
    *urlpatterns,
]
