"""The accounts side of the JSON API: registration, users, the current user."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from rest_framework import generics, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import services
from accounts.models import USERNAME_TAKEN, User
from blogsite import serializers as strict

EMAIL_TAKEN = "A user with that email already exists."


def _email_available(email: str, *, exclude: User | None = None) -> str:
    """The email, normalised, unless another user already has it."""
    email = User.objects.normalize_email(email)
    others = User.objects.exclude(pk=exclude.pk) if exclude else User.objects.all()
    if others.filter(email=email).exists():
        raise serializers.ValidationError(EMAIL_TAKEN)
    return email


class RegisterSerializer(strict.ModelSerializer):
    password = strict.CharField(
        write_only=True, max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = ("id", "username", "email", "password")
        extra_kwargs = {"email": {"required": True, "allow_blank": False}}

    def validate_username(self, value: str) -> str:
        if User.objects.filter(username__iexact=value).exists():
            raise serializers.ValidationError(USERNAME_TAKEN)
        return value

    def validate_email(self, value: str) -> str:
        return _email_available(value)

    def validate(self, attrs):
        candidate = User(username=attrs["username"], email=attrs["email"])
        try:
            validate_password(attrs["password"], candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


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
        return _email_available(value, exclude=self.instance)


class RegisterView(generics.CreateAPIView):
    serializer_class = RegisterSerializer
    permission_classes = [permissions.AllowAny]

    def perform_create(self, serializer):
        serializer.instance = services.user_create(**serializer.validated_data)


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        users = User.objects.filter(is_active=True).order_by("id")
        if self.action == "retrieve":
            return users.annotate(post_count=Count("posts"))
        return users.only("id", "username", "date_joined")

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
