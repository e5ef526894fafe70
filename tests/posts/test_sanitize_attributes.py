from posts.sanitize import sanitize_html


def test_no_attribute_survives_beyond_the_allow_list():
    """nh3 keeps lang and title on every tag unless told otherwise; only a link may keep a title."""
    html = (
        '<p title="x" lang="en">a '
        '<a href="https://example.com" title="t" lang="en" style="color:red" class="c" id="i" target="_blank">b</a></p>'
    )

    assert sanitize_html(html) == (
        '<p>a <a href="https://example.com" title="t" rel="nofollow noopener noreferrer">b</a></p>'
    )
