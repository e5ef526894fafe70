"""Friends, notifications and the dashboard in the JSON API."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.models import Notification, User
from blogsite.schema import ERROR_RESPONSES, ErrorSerializer


class FriendSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class FriendshipSerializer(serializers.Serializer):
    friend = FriendSerializer(source="to_user", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class FriendView(APIView):
    """Befriend (POST) or unfriend (DELETE) the user with this id."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="users_befriend",
        request=None,
        responses={
            201: FriendshipSerializer,
            200: FriendshipSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Befriending yourself"),
        },
        description="201 when the friendship is new, 200 when it already existed; befriending yourself is 400.",
    )
    def post(self, request, pk: int):
        friend = get_object_or_404(User, pk=pk, is_active=True)
        friendship, created = services.friend_add(user=request.user, friend=friend)
        return Response(
            FriendshipSerializer(friendship).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(
        operation_id="users_unfriend",
        request=None,
        responses={204: None},
        description="Unfriend the user with this id; 204 whether or not they were a friend.",
    )
    def delete(self, request, pk: int):
        friend = get_object_or_404(User, pk=pk)
        services.friend_remove(user=request.user, friend=friend)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ("id", "message", "read", "created_at")
        read_only_fields = fields


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The current user's notifications, newest first."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notification.objects.none()
        return Notification.objects.filter(user=self.request.user)

    @extend_schema(
        operation_id="notifications_mark_read",
        request=None,
        responses={200: NotificationSerializer},
        description="Mark one of your notifications read; another user's is 404.",
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(notification=self.get_object())
        return Response(NotificationSerializer(notification).data)


class DashboardUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    city = serializers.CharField()
    post_count = serializers.IntegerField()
    last_post = serializers.DateTimeField(allow_null=True)


class DashboardPostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    created_at = serializers.DateTimeField()


class WeatherSerializer(serializers.Serializer):
    city = serializers.CharField()
    temperature = serializers.FloatField()
    description = serializers.CharField()
    humidity = serializers.IntegerField()


class DashboardStatisticsSerializer(serializers.Serializer):
    friend_count = serializers.IntegerField()
    unread_notifications = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    user = DashboardUserSerializer()
    recent_posts = DashboardPostSerializer(many=True)
    weather = WeatherSerializer(allow_null=True)
    statistics = DashboardStatisticsSerializer()
    generated_at = serializers.DateTimeField()


class DashboardView(APIView):
    """A user's dashboard: their own, or anyone's for staff."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: DashboardSerializer, 403: ERROR_RESPONSES["403"]})
    def get(self, request, pk: int):
        if request.user.pk != pk and not request.user.is_staff:
            raise PermissionDenied("You can only see your own dashboard.")
        user = request.user if request.user.pk == pk else get_object_or_404(User, pk=pk)
        return Response(DashboardSerializer(selectors.dashboard_for_user(user=user)).data)
