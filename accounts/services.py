"""Writes for accounts: registration and profile changes."""

from django.db import transaction

from accounts.models import User
from blogsite import mail


@transaction.atomic
def user_create(*, username: str, email: str, password: str) -> User:
    """Create a user; inputs are validated by the form or serializer first."""
    user = User.objects.create_user(username=username, email=email, password=password)
    transaction.on_commit(lambda: mail.welcome_send.enqueue(user_id=user.pk), robust=True)
    return user


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
