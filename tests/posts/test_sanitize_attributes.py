from html.parser import HTMLParser

import nh3
import pytest

from posts.sanitize import sanitize_html

REL = "nofollow noopener noreferrer"


def test_no_attribute_survives_beyond_the_allow_list():
    """nh3 keeps lang and title on every tag unless told otherwise; only a link may keep a title."""
    html = (
        '<p title="x" lang="en">a '
        '<a href="https://example.com" title="t" lang="en" style="color:red" class="c" id="i" target="_blank">b</a></p>'
    )

    assert sanitize_html(html) == (
        '<p>a <a href="https://example.com" title="t" rel="nofollow noopener noreferrer">b</a></p>'
    )


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


# Every attribute nh3 keeps on some tag by default, and the usual others.
ATTRIBUTES = sorted(
    set().union(*nh3.ALLOWED_ATTRIBUTES.values())
    | {"class", "id", "style", "lang", "dir", "title", "target", "rel", "cite", "start", "reversed", "type", "value"}
)
CONTRACT_TAGS = ["p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a"]


@pytest.mark.parametrize("tag", CONTRACT_TAGS)
def test_an_allowed_tag_keeps_no_attribute_but_a_links_href_and_title(tag):
    """nh3 keeps cite on blockquote, start on ol, hreflang on a... by default: not here."""
    attributes = " ".join(f'{name}="https://example.com/{name}"' for name in ATTRIBUTES)
    closing = "" if tag == "br" else f"</{tag}>"  # a void element: "</br>" is read as another <br>
    parser = _StartTags()

    parser.feed(sanitize_html(f"<{tag} {attributes}>text{closing}"))

    assert [name for name, _ in parser.tags] == [tag]
    expected = (
        {"href": "https://example.com/href", "title": "https://example.com/title", "rel": REL} if tag == "a" else {}
    )
    assert parser.tags[0][1] == expected
