"""The site's URLs plus views that misbehave, for the error-handling and CSP tests."""

from csp.decorators import csp_update
from django.http import HttpResponse
from django.urls import path

from blogsite.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken_view(request):
    raise RuntimeError("something broke")


def inline_script_view(request):
    return HttpResponse("<!DOCTYPE html><title>before</title><script>document.title = 'ran'</script>")


def nonce_view(request):
    return HttpResponse(f"<!DOCTYPE html><title>nonce</title><script nonce='{request.csp_nonce}'></script>")


@csp_update({"img-src": "https://images.example.com"})
def csp_update_view(request):
    return HttpResponse("<!DOCTYPE html><title>images</title>")


urlpatterns = [
    path("inline-script/", inline_script_view),
    path("csp-nonce/", nonce_view),
    path("csp-update/", csp_update_view),
    path("api/broken/", broken_view),
    path("broken/", broken_view),
    *urlpatterns,
]
