"""Writes for accounts: registration and profile changes."""

from django.db import IntegrityError, transaction

from accounts import selectors
from accounts.models import EMAIL_TAKEN, USERNAME_TAKEN, Friendship, Notification, User
from blogsite import mail
from blogsite.caching import content_version_bump
from blogsite.exceptions import ApplicationError


class CannotBefriendSelf(ApplicationError):
    default_detail = "You cannot befriend yourself."


class UserGone(ApplicationError):
    status_code = 404
    default_detail = "No User matches the given query."  # as get_object_or_404's answer for an unknown id


class UserAlreadyExists(ApplicationError):
    """Two requests raced for the same username or email, both validated; the database kept the first.

    `field` names the one taken, and the answer is the same as validation's.
    """

    def __init__(self, field: str):
        super().__init__(USERNAME_TAKEN if field == "username" else EMAIL_TAKEN)
        self.field = field

    def response_data(self) -> dict:
        return {self.field: [self.detail]}


def user_create(*, username: str, email: str, password: str) -> User:
    """Create a user; inputs are validated by the form or serializer first."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, email=email, password=password)
            mail.enqueue_with(mail.welcome_send, user_id=user.pk)
    except IntegrityError as exc:
        # Which unique constraint refused it: the rival's row is committed by now.
        raise UserAlreadyExists("username" if selectors.user_username_taken(username=username) else "email") from exc
    content_version_bump()  # the user lists show the new user on the next read
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
        try:
            with transaction.atomic():
                user.save(update_fields=fields)
        except IntegrityError as exc:
            raise UserAlreadyExists("email") from exc  # the only unique field here
        content_version_bump()
    return user


# --- Friends and notifications ----------------------------------------------


def notification_create(*, user: User, message: str) -> Notification:
    return Notification.objects.create(user=user, message=message[:500])


def friend_add(*, user: User, friend: User) -> tuple[Friendship, bool]:
    """`user` befriends `friend`; returns the friendship and whether it is new.

    Befriending someone twice is not an error: the friendship already exists.
    The befriended user is notified once the friendship is committed (robust:
    a user deleted in between gets no notification, and the request no error),
    unless they have that notification unread already: befriending and
    unfriending someone over and over tells them once, until they read it.
    """
    if user.pk == friend.pk:
        raise CannotBefriendSelf()
    try:
        with transaction.atomic():
            friendship, created = Friendship.objects.get_or_create(from_user=user, to_user=friend)
            if created:
                message = f"{user.username} added you as a friend."
                transaction.on_commit(lambda: _notify_unless_unread(user=friend, message=message), robust=True)
    except IntegrityError as exc:
        # Django's foreign keys are checked at the commit: one of the two
        # users was deleted (in the admin) since this request read them.
        raise UserGone() from exc
    return friendship, created


def _notify_unless_unread(*, user: User, message: str) -> None:
    if not Notification.objects.filter(user=user, message=message, read=False).exists():
        notification_create(user=user, message=message)


def friend_remove(*, user: User, friend: User) -> bool:
    """Idempotent: removing someone who is not a friend leaves nothing to do. Returns whether one was removed."""
    deleted, _ = Friendship.objects.filter(from_user=user, to_user=friend).delete()
    return deleted > 0


def notification_mark_read(*, notification: Notification) -> Notification:
    if not notification.read:
        notification.read = True
        notification.save(update_fields=["read"])
    return notification
