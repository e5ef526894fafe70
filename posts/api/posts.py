"""The posts side of the JSON API."""

from django.db import transaction
from rest_framework import permissions, serializers, viewsets

from blogsite import serializers as strict
from blogsite.listing import ListedDatetime, PrecompiledRows
from posts import services
from posts.models import Post
from posts.permissions import can_edit_post


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class PostSerializer(strict.ModelSerializer):
    author = AuthorSerializer(read_only=True)

    class Meta:
        model = Post
        fields = ("id", "title", "content", "author", "created_at", "updated_at")


class IsAuthorOrStaffOrReadOnly(permissions.BasePermission):
    allows_every_read = True  # so the schema lists no 403 on a read (blogsite.schema)

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or can_edit_post(request.user, obj)


class PostViewSet(viewsets.ModelViewSet):
    serializer_class = PostSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, IsAuthorOrStaffOrReadOnly]
    lookup_value_regex = r"[0-9]+"
    queryset = Post.objects.select_related("author").only(
        "id", "title", "content", "created_at", "updated_at", "author__id", "author__username"
    )
    count_key = "posts"  # the list's total is cached (blogsite.pagination)
    # PostSerializer's output built from plain dicts: no model instances and no
    # field-by-field serialization, which were most of this request. Built once,
    # like `queryset`, and compiled to SQL once per page window
    # (blogsite.listing.PrecompiledRows): building and compiling the join for
    # author__username on every request cost half of reading its rows.
    # The dates as ISO text made by the database, SQLite or PostgreSQL (blogsite.listing.ListedDatetime).
    list_rows = PrecompiledRows(
        Post.objects.values_list(
            "id",
            "title",
            "content",
            "author_id",
            "author__username",
            ListedDatetime("created_at"),
            ListedDatetime("updated_at"),
        )
    )

    def list(self, request, *args, **kwargs):
        rows = [
            {
                "id": pk,
                "title": title,
                "content": content,
                "author": {"id": author_id, "username": author_username},
                "created_at": created_at,
                "updated_at": updated_at,
            }
            for pk, title, content, author_id, author_username, created_at, updated_at in self.paginate_queryset(
                self.list_rows
            )
        ]
        return self.get_paginated_response(strict.format_datetimes(rows, "created_at", "updated_at"))

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method in permissions.SAFE_METHODS:
            return queryset
        # A write reads its post under a row lock, in update()'s or destroy()'s
        # transaction: an edit and a delete of one post at once run one after
        # the other, and the second finds the post gone (404), not a 500.
        return queryset.select_for_update(of=("self",))

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.post_create(author=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.post_update(post=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.post_delete(post=instance)
