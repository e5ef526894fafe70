"""Registration and JWT tokens for the JSON API.

The token serializers are simplejwt's with text fields that accept JSON
strings only (SIMPLE_JWT's TOKEN_*_SERIALIZER settings point here), so a
wrong type is a 400 naming the field, like everywhere else in the API.

simplejwt's refresh looks the token's user up with `.get()`: a user deleted
since failed with an exception, a 500. Here it is a 401, as for an inactive
user (accounts.authentication does the same for access tokens). And a
refresh token issued before its user's password changed is refused too:
simplejwt's CHECK_REVOKE_TOKEN refuses such access tokens, but its refresh
went on handing them out. Both 401s carry a `code`, as simplejwt's own do
(its AuthenticationFailed), so a client can tell them apart without the text.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import generics, permissions, serializers
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from accounts import selectors, services
from accounts.models import EMAIL_TAKEN, USERNAME_TAKEN, User
from blogsite import serializers as strict


def available_email(value: str, *, exclude: User | None = None) -> str:
    """A serializer check: the email, normalised, unless another user has it."""
    if selectors.user_email_taken(email=value, exclude=exclude):
        raise serializers.ValidationError(EMAIL_TAKEN)
    return User.objects.normalize_email(value)


def _password_field() -> strict.CharField:
    return strict.CharField(write_only=True, max_length=128, trim_whitespace=False, style={"input_type": "password"})


class RegisterSerializer(strict.ModelSerializer):
    password = _password_field()

    class Meta:
        model = User
        fields = ("id", "username", "email", "password")
        extra_kwargs = {"email": {"required": True, "allow_blank": False}}

    def validate_username(self, value: str) -> str:
        if selectors.user_username_taken(username=value):
            raise serializers.ValidationError(USERNAME_TAKEN)
        return value

    def validate_email(self, value: str) -> str:
        return available_email(value)

    def validate_password(self, value: str) -> str:
        # A field's own check, so a weak password is named beside the other
        # fields' problems: DRF runs validate() only once every field passed.
        # The similarity check compares it with the username and email as sent.
        sent = self.initial_data
        username, email = (sent.get(name) for name in ("username", "email"))
        candidate = User(
            username=username if isinstance(username, str) else "",
            email=email if isinstance(email, str) else "",
        )
        try:
            password_validation.validate_password(value, candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(list(exc.messages)) from exc
        return value


class RegisterView(generics.CreateAPIView):
    serializer_class = RegisterSerializer
    # Public, like the token views: no credentials are read, so no session CSRF check either.
    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    def perform_create(self, serializer):
        serializer.instance = services.user_create(**serializer.validated_data)


# A username that no account here can have (over 20 characters) is still just
# a wrong credential, a 401, as simplejwt and Django's login form treat it.
# Only one longer than any Django site's usernames (AbstractUser's 150) is
# refused as over-long input, a 400 naming the field.
TOKEN_USERNAME_MAX_LENGTH = 150


class TokenObtainPairSerializer(jwt_serializers.TokenObtainPairSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.username_field] = strict.CharField(write_only=True, max_length=TOKEN_USERNAME_MAX_LENGTH)
        self.fields["password"] = _password_field()


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    refresh = strict.CharField()

    def validate(self, attrs):
        try:
            # Before simplejwt's own refresh, which would hand out a new access token.
            if api_settings.CHECK_REVOKE_TOKEN:
                self._refuse_if_password_changed(attrs["refresh"])
            return super().validate(attrs)
        except (User.DoesNotExist, ValueError, TypeError):
            # The token's user is gone, or its id is not one (ValueError,
            # TypeError: Django refusing the lookup's value). A bad token
            # itself raises TokenError, which simplejwt's view makes a 401.
            raise AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account") from None

    def _refuse_if_password_changed(self, refresh: str) -> None:
        token = self.token_class(refresh)
        user_id = token.get(api_settings.USER_ID_CLAIM)
        if user_id is None:
            raise User.DoesNotExist
        user = User.objects.get(**{api_settings.USER_ID_FIELD: user_id})
        if token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
            raise AuthenticationFailed("The user's password has been changed.", code="password_changed")
