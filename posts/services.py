"""Writes for posts. Content is sanitized here, once, before it is stored."""

from posts.models import Post
from posts.sanitize import sanitize_html


def post_create(*, author, title: str, content: str) -> Post:
    return Post.objects.create(author=author, title=title.strip(), content=sanitize_html(content))


def post_update(*, post: Post, title: str | None = None, content: str | None = None) -> Post:
    if title is not None:
        post.title = title.strip()
    if content is not None:
        post.content = sanitize_html(content)
    post.save(update_fields=["title", "content", "updated_at"])
    return post


def post_delete(*, post: Post) -> None:
    post.delete()
