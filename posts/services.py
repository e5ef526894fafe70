"""Writes for posts. Content is sanitized here, once, before it is stored.

Each write bumps the content version, so cached pages and counts that show
posts are fresh on the next read (blogsite.caching).
"""

from blogsite.caching import content_version_bump
from posts.models import Post
from posts.sanitize import sanitize_html


def post_create(*, author, title: str, content: str) -> Post:
    post = Post.objects.create(author=author, title=title.strip(), content=sanitize_html(content))
    content_version_bump()
    return post


def post_update(*, post: Post, title: str | None = None, content: str | None = None) -> Post:
    if title is not None:
        post.title = title.strip()
    if content is not None:
        post.content = sanitize_html(content)
    post.save(update_fields=["title", "content", "updated_at"])
    content_version_bump()
    return post


def post_delete(*, post: Post) -> None:
    post.delete()
    content_version_bump()
