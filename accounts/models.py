from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower

from accounts.validators import USERNAME_MAX_LENGTH, username_validators

USERNAME_TAKEN = "A user with that username already exists."
EMAIL_TAKEN = "A user with that email already exists."


class UserManager(DjangoUserManager):
    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # Emails are stored lower case, so uniqueness ignores case everywhere.
        # AbstractUser.clean() calls this too, so admin forms normalise as well.
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str) -> "User":
        # Usernames are unique ignoring case, so logging in ignores case too;
        # comparing lower(username) lets the database use the unique index.
        return self.alias(username_lower=Lower("username")).get(username_lower=username.lower())


class User(AbstractUser):
    username = models.CharField(
        max_length=USERNAME_MAX_LENGTH,
        unique=True,
        validators=username_validators,
        help_text="3 to 20 characters: letters, digits and underscores.",
        error_messages={"unique": USERNAME_TAKEN},
    )
    email = models.EmailField(max_length=254, unique=True, error_messages={"unique": EMAIL_TAKEN})
    city = models.CharField(max_length=100, blank=True)

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_code="unique",
                violation_error_message=USERNAME_TAKEN,
            ),
        ]
        indexes = [models.Index(fields=["date_joined"], name="accounts_user_joined_idx")]


class Friendship(models.Model):
    """A one-way "friend" link: from_user befriends to_user."""

    from_user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="friendships")
    to_user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="befriended_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_user", "to_user"], name="accounts_friendship_unique"),
            models.CheckConstraint(
                condition=~models.Q(from_user=models.F("to_user")),
                name="accounts_friendship_not_self",
                # What the admin's form says (the API's own answer is the same).
                violation_error_message="You cannot befriend yourself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_user_id} → {self.to_user_id}"


class Notification(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=500)
    read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read"], name="accounts_notif_user_read_idx")]

    def __str__(self) -> str:
        return self.message
