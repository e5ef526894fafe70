"""Posts as the HTML lists show them: the home page and a user's page."""

from collections.abc import Iterable
from types import SimpleNamespace

from blogsite.listing import to_local_time, url_maker

# The columns post_rows() reads; "author__username" too where the author is shown.
POST_ROW_FIELDS = ("id", "title", "created_at")


def post_rows(rows: Iterable[dict]) -> list[SimpleNamespace]:
    """Rows of values(*POST_ROW_FIELDS) with their links and dates made once per page (blogsite.listing)."""
    post_url, author_url = url_maker("posts:detail", "pk"), url_maker("user-page", "username")
    local = to_local_time()
    result = []
    for row in rows:
        created_iso = local(row["created_at"]).isoformat()
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
