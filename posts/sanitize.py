"""The one place that decides what HTML a post may hold (contract section 8).

nh3 (Ammonia) keeps the allowed tags and drops everything else: scripts,
event handlers, styles, and links whose scheme is not http, https or mailto.
"""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a"}
# "*": nothing. Without it nh3 keeps Ammonia's generic attributes (lang and
# title) on every allowed tag, beyond this list.
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(content: str) -> str:
    return nh3.clean(
        content,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
