"""Reads for accounts."""

from accounts.models import User


def user_email_taken(*, email: str, exclude: User | None = None) -> bool:
    """Whether another user has this email; emails are compared normalised (lower case)."""
    others = User.objects.exclude(pk=exclude.pk) if exclude else User.objects.all()
    return others.filter(email=User.objects.normalize_email(email)).exists()
