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
    cleaned = nh3.clean(
        content,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    # HTML's parser drops a newline right after <pre>, and nh3 writes the block's
    # text back without it: "<pre>\n\nx" came out as "<pre>\nx", which a browser
    # shows without the author's first blank line. The newline it dropped is put
    # back. nh3 escapes "<" in text and attribute values alike and keeps no
    # attribute on <pre>, so "<pre>" here is always the tag.
    return cleaned.replace("<pre>\n", "<pre>\n\n")


CONTENT_MIN_LENGTH, CONTENT_MAX_LENGTH = 10, 10_000


def validate_text_survives_sanitizing(content: str) -> None:
    """Refuse content that sanitizing would leave without any text, or make longer than the maximum.

    The length rules (10 to 10,000 characters) count what the author wrote.
    What is stored is the sanitized HTML, which escaping makes longer (`<`
    is `&lt;`, `&` is `&amp;`) and which gives every link its `rel`: content
    over 10,000 characters once sanitized was stored, and then no form could
    save that post again, not even to fix its title, since a form sends the
    stored content back. So the maximum holds for the sanitized content too.
    """
    if not CONTENT_MIN_LENGTH <= len(content) <= CONTENT_MAX_LENGTH:
        return  # the field's own length rules refuse it, with their message
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
    stored = len(sanitize_html(content))
    if stored > CONTENT_MAX_LENGTH:
        raise ValidationError(
            "Sanitized, this content would be %(stored)s characters, over the %(max)s allowed: "
            "< and & are stored escaped (&lt;, &amp;) and every link gets a rel attribute.",
            code="sanitized_too_long",
            params={"stored": f"{stored:,}", "max": f"{CONTENT_MAX_LENGTH:,}"},
        )
