"""Writes for accounts: registration and profile changes."""

from django.db import IntegrityError, transaction

from accounts.models import User
from blogsite.exceptions import ApplicationError


class UserAlreadyExists(ApplicationError):
    """Two sign-ups raced for the same username or email; the database kept one."""

    default_detail = "A user with that username or email already exists."


def user_create(*, username: str, email: str, password: str) -> User:
    """Create a user; inputs are validated by the form or serializer first."""
    try:
        with transaction.atomic():
            return User.objects.create_user(username=username, email=email, password=password)
    except IntegrityError as exc:
        raise UserAlreadyExists from exc


def user_update(*, user: User, email: str | None = None, city: str | None = None) -> User:
    fields = []
    if email is not None:
        user.email = User.objects.normalize_email(email)
        fields.append("email")
    if city is not None:
        user.city = city
        fields.append("city")
    if fields:
        user.save(update_fields=fields)
    return user
