"""The accounts side of the JSON API: users and the current user."""

from django.db.models import Count
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import services
from accounts.api.auth import available_email
from accounts.models import User
from blogsite import serializers as strict
from blogsite.listing import ListedDatetime, PrecompiledRows


class UserSerializer(strict.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "username", "date_joined")


class UserDetailSerializer(UserSerializer):
    post_count = serializers.IntegerField(read_only=True)

    class Meta(UserSerializer.Meta):
        fields = (*UserSerializer.Meta.fields, "post_count")


class MeSerializer(strict.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "username", "email", "city", "date_joined", "last_login")
        read_only_fields = ("id", "username", "date_joined", "last_login")

    def validate_email(self, value: str) -> str:
        return available_email(value, exclude=self.instance)


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    lookup_value_regex = r"[0-9]+"
    count_key = "users:active"  # the list's total is cached (blogsite.pagination)
    # The list's rows: UserSerializer's fields read as plain tuples, the date
    # as ISO text made by the database (blogsite.listing.ListedDatetime). Building
    # a model instance per row and serializing it field by field was about 80%
    # of the request. Built once, like DRF's `queryset` attribute, and compiled
    # to SQL once per page window (blogsite.listing.PrecompiledRows): building
    # and compiling the query on each request cost half of reading its rows.
    list_rows = PrecompiledRows(
        User.objects.filter(is_active=True).order_by("id").values_list("id", "username", ListedDatetime("date_joined"))
    )

    def get_queryset(self):
        users = User.objects.filter(is_active=True).order_by("id")
        if self.action == "retrieve":
            return users.annotate(post_count=Count("posts"))
        return users

    def list(self, request, *args, **kwargs):
        rows = [
            {"id": pk, "username": username, "date_joined": joined}
            for pk, username, joined in self.paginate_queryset(self.list_rows)
        ]
        return self.get_paginated_response(strict.format_datetimes(rows, "date_joined"))

    def get_serializer_class(self):
        if self.action == "retrieve":
            return UserDetailSerializer
        if self.action == "me":
            return MeSerializer
        return UserSerializer

    @action(detail=False, methods=["get", "patch"], permission_classes=[permissions.IsAuthenticated])
    def me(self, request):
        if request.method == "GET":
            return Response(MeSerializer(request.user).data)
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **serializer.validated_data)
        return Response(MeSerializer(user).data)
