"""The URL map: the HTML site, the JSON API under /api/, admin and health."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from accounts import views as accounts_views
from blogsite import health
from blogsite.ratelimits import login_rate_limited
from posts import views as posts_views

urlpatterns = [
    path("", posts_views.PostListView.as_view(), name="home"),
    path("about/", TemplateView.as_view(template_name="about.html"), name="about"),
    path("users/", accounts_views.UserListView.as_view(), name="users"),
    path("users/<str:username>/", accounts_views.UserDetailView.as_view(), name="user-page"),
    path("users/<str:username>/befriend/", accounts_views.FriendView.as_view(add=True), name="user-befriend"),
    path("users/<str:username>/unfriend/", accounts_views.FriendView.as_view(add=False), name="user-unfriend"),
    path("dashboard/", accounts_views.DashboardView.as_view(), name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("posts/", include("posts.urls")),
    path("", include("orders.urls")),
    path("api/", include("blogsite.api_urls")),
    # The admin's own login under the login rate limit (its staff passwords most
    # of all); listed first, so it answers /admin/login/ and reverse("admin:login").
    path("admin/login/", login_rate_limited(admin.site.login)),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin, the API docs).
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True)),
]

handler400 = "blogsite.views.bad_request"
handler403 = "blogsite.views.permission_denied"
handler404 = "blogsite.views.page_not_found"
handler500 = "blogsite.views.server_error"
