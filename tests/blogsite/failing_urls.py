"""The site's URLs plus views that misbehave, for the error-handling and CSP tests."""

from django.http import HttpResponse
from django.urls import path

from blogsite.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken_view(request):
    raise RuntimeError("something broke")


def inline_script_view(request):
    return HttpResponse("<!DOCTYPE html><title>before</title><script>document.title = 'ran'</script>")


urlpatterns = [
    path("inline-script/", inline_script_view),
    path("api/broken/", broken_view),
    path("broken/", broken_view),
    *urlpatterns,
]
