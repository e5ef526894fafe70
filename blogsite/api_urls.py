"""One router for the whole JSON API."""

from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api import auth as auth_api
from accounts.api import social as social_api
from accounts.api import users as users_api
from blogsite import api_views
from orders.api import orders as orders_api
from orders.api import products as products_api
from posts.api import posts as posts_api

router = DefaultRouter()
router.register("users", users_api.UserViewSet, basename="user")
router.register("posts", posts_api.PostViewSet, basename="post")
router.register("products", products_api.ProductViewSet, basename="product")
router.register("orders", orders_api.OrderViewSet, basename="order")
router.register("notifications", social_api.NotificationViewSet, basename="notification")

urlpatterns = [
    path("auth/register/", auth_api.RegisterView.as_view(), name="api-register"),
    path("auth/token/", api_views.LoginRateLimitedTokenView.as_view(), name="token-obtain"),
    path("auth/token/refresh/", api_views.TokenRefreshView.as_view(), name="token-refresh"),
    path("schema/", api_views.SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("users/<int:pk>/friend/", social_api.FriendView.as_view(), name="user-friend"),
    path("users/<int:pk>/dashboard/", social_api.DashboardView.as_view(), name="user-dashboard"),
    path("server-info/", api_views.ServerInfoView.as_view(), name="server-info"),
    path("connection-info/", api_views.ConnectionInfoView.as_view(), name="connection-info"),
    *router.urls,
]
