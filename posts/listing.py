"""Posts as the HTML lists show them: the home page and a user's page."""

from collections.abc import Iterable

from django.db.models import QuerySet

from blogsite.listing import ListedDatetime, to_local_iso, url_makers


def post_values(posts: QuerySet, *, with_author: bool = False) -> QuerySet:
    """The rows post_rows() reads: (id, title, created[, author's username]), as values_list() tuples."""
    author = ("author__username",) if with_author else ()
    return posts.values_list("id", "title", ListedDatetime("created_at"), *author)


def post_rows(rows: Iterable[tuple]) -> list[tuple[str, ...]]:
    """Rows of post_values() as the templates unpack them, links and dates made once per page (blogsite.listing).

    Each row is a tuple of strings: (url, title, created_iso, created), and
    with the author (author_url, author) after them. `created` is what
    date("Y-m-d H:i") shows. The templates print the rows with autoescape off
    and escape what holds a title or a username (templates/posts/post_list.html):
    the post's link and the dates are made here from its id and dates, and
    need no escaping.
    """
    post_url, author_url = url_makers(("posts:detail", "pk"), ("user-page", "username"))
    to_iso = to_local_iso()
    result = []
    for pk, title, created, *author in rows:
        created_iso = to_iso(created)
        # isoformat() begins "YYYY-MM-DDTHH:MM": that is strftime("%Y-%m-%d %H:%M")
        # with a "T" for the space, for a tenth of strftime's cost.
        post = (post_url(pk), title, created_iso, created_iso[:16].replace("T", " "))
        if author:
            post += (author_url(author[0]), author[0])
        result.append(post)
    return result
