"""Reads for accounts that are more than one line."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Friendship, Notification, User
from blogsite.external import weather_for_city
from posts.models import Post

RECENT_POSTS = 5


def _count(queryset, *, owner_field: str):
    """A correlated COUNT(*) subquery over `queryset`'s rows that belong to the outer user."""
    counted = (
        queryset.filter(**{owner_field: OuterRef("pk")})
        .order_by()
        .values(owner_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def dashboard_for_user(*, user: User) -> dict:
    """Everything on a user's dashboard (contract section 5), in two queries plus the cached weather.

    Each count is a correlated subquery rather than a join: joined, the posts,
    friends and notifications would multiply into posts x friends x
    notifications rows before counting. Each subquery reads only this user's
    rows, through the index on its owner column.
    """
    figures = (
        User.objects.filter(pk=user.pk)
        .annotate(
            post_count=_count(Post.objects.all(), owner_field="author"),
            last_post=Subquery(
                Post.objects.filter(author=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
            ),
            friend_count=_count(Friendship.objects.all(), owner_field="from_user"),
            unread_notifications=_count(Notification.objects.filter(read=False), owner_field="user"),
        )
        .values("post_count", "last_post", "friend_count", "unread_notifications")
        .get()
    )
    newest_first = Post.objects.filter(author=user).order_by("-created_at", "-id")
    recent_posts = list(newest_first.values("id", "title", "created_at")[:RECENT_POSTS])
    weather = weather_for_city(city=user.city)
    return {
        "user": {
            "id": user.pk,
            "username": user.username,
            "email": user.email,
            "city": user.city,
            "post_count": figures["post_count"],
            "last_post": figures["last_post"],
        },
        "recent_posts": recent_posts,
        "weather": weather.as_dict() if weather else None,
        "statistics": {
            "friend_count": figures["friend_count"],
            "unread_notifications": figures["unread_notifications"],
        },
        "generated_at": timezone.now(),
    }


def user_username_taken(*, username: str) -> bool:
    """Whether a user has this username, compared ignoring case (the rule: unique ignoring case)."""
    return User.objects.filter(username__iexact=username).exists()


def user_email_taken(*, email: str, exclude: User | None = None) -> bool:
    """Whether another user has this email; emails are compared normalised (lower case)."""
    others = User.objects.exclude(pk=exclude.pk) if exclude else User.objects.all()
    return others.filter(email=User.objects.normalize_email(email)).exists()


def user_is_friend(*, user: User, friend: User) -> bool:
    """Whether `user` has befriended `friend` (a friendship goes one way, as in the API)."""
    return Friendship.objects.filter(from_user=user, to_user=friend).exists()
