"""Nothing a user writes runs as script: the XSS corpus as post titles and content, viewed in Chromium.

Every payload is posted alone (its title and its content) and the whole
corpus once more in a few big posts (so payloads meet each other), through
the API with a JWT and through the site's form. The post pages, the home list
and the author's page must fire no dialog, log no console error, and keep
nothing in the post content beyond the allowed tags; titles are plain text.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page

from tests.e2e.checks import POST_TAGS, log_in, script_hooks, unsafe_markup
from tests.live_site import LiveSite

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xss_payloads.txt"
MAX_CONTENT = 10_000
MAX_TITLE = 200


def load_payloads() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


def corpus_chunks(payloads: list[str]) -> list[str]:
    """The payloads joined by newlines, in pieces a post's content can hold."""
    chunks, current = [], ""
    for payload in payloads:
        if current and len(current) + 1 + len(payload) > MAX_CONTENT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{payload}" if current else payload
    return [*chunks, current]


@dataclass(frozen=True)
class XssAuthor:
    username: str
    password: str
    posts: dict[int, str]  # id -> title as stored


@pytest.fixture(scope="module")
def xss_author(site: LiveSite) -> XssAuthor:
    username, password = site.register("xss")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {site.access_token(username, password)}"
    payloads = load_payloads()
    bodies = [
        {"title": payload[:MAX_TITLE], "content": f"Payload {number}: {payload}"[:MAX_CONTENT]}
        for number, payload in enumerate(payloads, start=1)
    ]
    bodies += [
        {"title": f"The whole corpus, part {part}", "content": chunk}
        for part, chunk in enumerate(corpus_chunks(payloads), start=1)
    ]
    posts = {}
    for body in bodies:
        response = session.post(f"{site.url}/api/posts/", json=body, timeout=10)
        assert response.status_code == 201, (body, response.text)
        posts[response.json()["id"]] = response.json()["title"]
    return XssAuthor(username, password, posts)


def assert_nothing_ran(page: Page) -> None:
    assert page.dialogs == []
    assert page.console_errors == []


def test_the_checks_catch_a_script_that_runs(page: Page):
    """The detectors below would notice: a dialog, a console error, a handler left in the DOM."""
    page.set_content('<p><img src="data:," onerror="alert(\'caught\')"><a href="javascript:void 0">x</a></p>')
    page.wait_for_function("document.readyState === 'complete'")
    page.evaluate("console.error('logged')")
    assert page.dialogs and "caught" in page.dialogs[0]
    assert any("logged" in error for error in page.console_errors)
    assert any("onerror" in problem for problem in script_hooks(page))
    assert any("javascript:" in problem for problem in unsafe_markup(page, "p", POST_TAGS))
    page.dialogs.clear()


def test_post_pages_run_no_payload(page: Page, xss_author: XssAuthor):
    problems = []
    for post_id, title in xss_author.posts.items():
        page.goto(f"/posts/{post_id}/")
        heading = page.locator("h1")
        if heading.text_content() != title or heading.locator("*").count():
            problems.append(f"post {post_id}: title shown as {heading.inner_html()!r}, stored {title!r}")
        problems += [f"post {post_id}: {p}" for p in unsafe_markup(page, ".post-content", POST_TAGS)]
        problems += [f"post {post_id}: {p}" for p in script_hooks(page)]
    assert problems == []
    assert_nothing_ran(page)


def test_lists_show_the_titles_as_plain_text(page: Page, xss_author: XssAuthor):
    titles = {title.strip() for title in xss_author.posts.values()}
    for path in [f"/users/{xss_author.username}/?page_size=100", "/?page_size=100"]:
        shown = []
        page.goto(path)
        while True:
            links = page.locator(".post-list a[href^='/posts/']")
            assert links.locator("*").count() == 0, "markup inside a title link"
            shown += links.all_text_contents()
            assert script_hooks(page) == []
            next_page = page.locator(".pagination a[rel=next]")
            if not next_page.count():
                break
            # click() returns once the next page's navigation commits, before
            # its list is parsed: wait for the load, or the next read sees
            # an empty list and the loop stops one page early.
            current = page.url
            next_page.first.click()
            page.wait_for_url(lambda url, current=current: url != current)
        assert titles <= set(shown), path
    assert_nothing_ran(page)


def test_the_corpus_posted_through_the_form_runs_nowhere(page: Page, xss_author: XssAuthor):
    log_in(page, xss_author.username, xss_author.password)
    payloads = load_payloads()
    page.goto("/posts/new/")
    page.get_by_label("Title").fill(payloads[0])
    page.get_by_label("Content").fill(corpus_chunks(payloads)[0])
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/posts/*/")
    assert page.locator("h1").text_content() == payloads[0]
    assert unsafe_markup(page, ".post-content", POST_TAGS) == []
    assert script_hooks(page) == []
    page.goto("/")
    assert script_hooks(page) == []
    assert_nothing_ran(page)
