"""One router for the whole JSON API."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from accounts.api import auth as auth_api
from accounts.api import users as users_api
from posts.api import posts as posts_api

router = DefaultRouter()
router.register("users", users_api.UserViewSet, basename="user")
router.register("posts", posts_api.PostViewSet, basename="post")

urlpatterns = [
    path("auth/register/", auth_api.RegisterView.as_view(), name="api-register"),
    path("auth/token/", TokenObtainPairView.as_view(), name="token-obtain"),
    path("auth/token/refresh/", TokenRefreshView.as_view(), name="token-refresh"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    *router.urls,
]
