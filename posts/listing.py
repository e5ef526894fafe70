"""Posts as the HTML lists show them: the home page and a user's page."""

from collections.abc import Iterable
from types import SimpleNamespace

from django.db.models import QuerySet

from blogsite.listing import ListedDatetime, to_local_iso, url_maker


def post_values(posts: QuerySet, *fields: str) -> QuerySet:
    """posts.values() with the columns post_rows() reads, and `fields` (e.g. "author__username")."""
    return posts.values("id", "title", *fields, created=ListedDatetime("created_at"))


def post_rows(rows: Iterable[dict]) -> list[SimpleNamespace]:
    """Rows of post_values() with their links and dates made once per page (blogsite.listing)."""
    post_url, author_url = url_maker("posts:detail", "pk"), url_maker("user-page", "username")
    to_iso = to_local_iso()
    result = []
    for row in rows:
        created_iso = to_iso(row["created"])
        post = SimpleNamespace(
            title=row["title"],
            url=post_url(row["id"]),
            created_iso=created_iso,
            # isoformat() begins "YYYY-MM-DDTHH:MM": that is strftime("%Y-%m-%d %H:%M")
            # with a "T" for the space, for a tenth of strftime's cost.
            created=created_iso[:16].replace("T", " "),
        )
        if "author__username" in row:
            post.author = row["author__username"]
            post.author_url = author_url(row["author__username"])
        result.append(post)
    return result
