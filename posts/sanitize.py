"""The one place that decides what HTML a post may hold (contract section 8).

nh3 (Ammonia) keeps the allowed tags and drops everything else: scripts,
event handlers, styles, and links whose scheme is not http, https or mailto.
"""

import nh3
from django.core.exceptions import ValidationError

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


def validate_text_survives_sanitizing(content: str) -> None:
    """Refuse content that sanitizing would leave without any text (e.g. only a <script>).

    The length rules count what the author wrote; without this a post of
    nothing but disallowed HTML was stored empty.
    """
    try:
        text = nh3.clean(content, tags=set())
    except UnicodeEncodeError:
        # A lone surrogate (JSON's "\udfff"), which no text can be encoded with: the
        # field's own validator refuses it (DRF's ProhibitSurrogateCharactersValidator).
        return
    if not text.strip():
        raise ValidationError(
            "Nothing would be left of this content once disallowed HTML is removed: write some text.",
            code="no_text",
        )
