from datetime import timedelta

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.urls import reverse

from posts.sanitize import CONTENT_MAX_LENGTH, CONTENT_MIN_LENGTH, validate_text_survives_sanitizing


class Post(models.Model):
    # The length rules live on the fields, so admin, site and API share them.
    # Content is sanitized (posts/sanitize.py) by posts.services before it is stored.
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    content = models.TextField(
        max_length=CONTENT_MAX_LENGTH,
        validators=[MinLengthValidator(CONTENT_MIN_LENGTH), validate_text_survives_sanitizing],
        help_text="Allowed HTML: p, br, strong, em, ul, ol, li, blockquote, code, pre and links.",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The home page and the API list: newest first.
            models.Index(fields=["-created_at", "-id"], name="posts_post_newest_idx"),
            # A user's page and dashboard: one author's posts, newest first, in
            # the full ordering (ties on created_at broken by id), so the page is
            # read straight from the index with no sort.
            models.Index(fields=["author", "-created_at", "-id"], name="posts_post_author_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("posts:detail", kwargs={"pk": self.pk})

    @property
    def edited(self) -> bool:
        """Changed after it was published: its times a second apart at least.

        Creation reads now() once for each, and the two can fall on either
        side of a second.
        """
        return self.updated_at - self.created_at >= timedelta(seconds=1)
