"""The posts side of the JSON API."""

from rest_framework import permissions, serializers, viewsets

from posts import services
from posts.models import Post
from posts.permissions import can_edit_post


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class PostSerializer(serializers.ModelSerializer):
    title = serializers.CharField(min_length=3, max_length=200)
    content = serializers.CharField(min_length=10, max_length=10_000)
    author = AuthorSerializer(read_only=True)

    class Meta:
        model = Post
        fields = ("id", "title", "content", "author", "created_at", "updated_at")


class IsAuthorOrStaffOrReadOnly(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or can_edit_post(request.user, obj)


class PostViewSet(viewsets.ModelViewSet):
    serializer_class = PostSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, IsAuthorOrStaffOrReadOnly]
    queryset = Post.objects.select_related("author").only(
        "id", "title", "content", "created_at", "updated_at", "author__id", "author__username"
    )

    def perform_create(self, serializer):
        serializer.instance = services.post_create(author=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.post_update(post=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.post_delete(post=instance)
