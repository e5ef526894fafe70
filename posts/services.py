"""Writes for posts. Content is sanitized here, once, before it is stored.

Each write bumps the content version, so cached pages and counts that show
posts are fresh on the next read (blogsite.caching).
"""

from blogsite.caching import content_version_bump
from posts.models import Post
from posts.sanitize import sanitize_html


def post_create(*, author, title: str, content: str) -> Post:
    return post_save(post=Post(author=author, title=title, content=content))


def post_save(*, post: Post, update_fields: list[str] | None = None) -> Post:
    """Store a post, new or changed, as written: title trimmed, content sanitized (the admin's form uses this).

    Sanitizing content that was sanitized already leaves it as it is.
    """
    post.title = post.title.strip()
    post.content = sanitize_html(post.content)
    post.save(update_fields=update_fields)
    content_version_bump()
    return post


def post_update(*, post: Post, title: str | None = None, content: str | None = None) -> Post:
    """Change the fields given, and only those: a PATCH of the title leaves another's new content alone."""
    changed = {"title": title, "content": content}
    changed = {field: value for field, value in changed.items() if value is not None}
    for field, value in changed.items():
        setattr(post, field, value)
    return post_save(post=post, update_fields=[*changed, "updated_at"])


def post_delete(*, post: Post) -> None:
    post.delete()
    content_version_bump()
