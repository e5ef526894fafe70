"""The site in a real browser: register, log out, log in, write a post, read it.

Drives Debian's headless Chromium (/usr/bin/chromium) with Playwright against
a live server; screenshots go to test-artifacts/ for a human to look at.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from accounts.models import Notification
from posts.models import Post
from tests.factories import DEFAULT_PASSWORD, PostFactory, UserFactory

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Br0wserPassw0rd"


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API keeps an event loop in this thread; the ORM calls
    # made here (live_server's flush, the assertions) are still synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Any alert() would mean user content ran as script.
    page.on("dialog", lambda dialog: pytest.fail(f"a script ran: {dialog.message}"))
    yield page
    context.close()


def screenshot(page: Page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def assert_page_is_well_formed(page: Page) -> None:
    """One h1, a language, and a label for every visible form field."""
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "en"
    fields = page.locator("main form input:not([type=hidden]), main form textarea, main form select")
    for i in range(fields.count()):
        field_id = fields.nth(i).get_attribute("id")
        assert field_id, "a form field without an id cannot have a label"
        expect(page.locator(f'label[for="{field_id}"]')).to_be_visible()


def register(page: Page, username: str) -> None:
    page.goto("/accounts/register/")
    assert_page_is_well_formed(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()


@pytest.mark.django_db(transaction=True)
def test_register_log_in_write_and_read_a_post(page: Page, live_server):
    register(page, "browser_user")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Welcome, browser_user!")).to_be_visible()
    expect(page.locator(".whoami")).to_have_text("browser_user")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    expect(page.get_by_role("link", name="New post")).to_have_count(0)
    page.goto("/posts/new/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/posts/new/$"))
    assert_page_is_well_formed(page)
    page.get_by_label("Username").fill("browser_user")
    page.get_by_label("Password").fill(PASSWORD)
    screenshot(page, "login")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/posts/new/")

    assert_page_is_well_formed(page)
    page.get_by_label("Title").fill("Written in a real browser")
    page.get_by_label("Content").fill(
        "<p>Hello from <strong>Chromium</strong>.</p><script>alert('xss')</script>"
        '<p><a href="https://www.djangoproject.com/">Django</a> <img src=x onerror="alert(1)"></p>'
    )
    screenshot(page, "post_form")
    page.get_by_role("button", name="Publish").click()

    post = Post.objects.get()
    expect(page).to_have_url(f"{live_server.url}/posts/{post.pk}/")
    assert_page_is_well_formed(page)
    expect(page.locator("h1")).to_have_text("Written in a real browser")
    expect(page.locator(".post-content strong")).to_have_text("Chromium")
    expect(page.locator(".post-content a")).to_have_attribute("rel", "nofollow noopener noreferrer")
    assert page.locator(".post-content script, .post-content img").count() == 0
    expect(page.get_by_text("Your post is published.")).to_be_visible()
    screenshot(page, "post_detail")

    page.get_by_role("link", name="Posts", exact=True).click()
    expect(page.get_by_role("link", name="Written in a real browser")).to_be_visible()
    expect(page.get_by_text("Hello, browser_user")).to_be_visible()
    assert_page_is_well_formed(page)
    screenshot(page, "home")


@pytest.mark.django_db(transaction=True)
def test_bad_input_is_explained_next_to_the_field(page: Page):
    page.goto("/accounts/register/")
    page.get_by_label("Username").fill("no")
    page.get_by_label("Email").fill("not-an-email")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("short")
    page.get_by_role("button", name="Register").click()

    expect(page.locator("#id_username_error")).to_contain_text("at least 3 characters")
    expect(page.locator("#id_email_error")).to_contain_text("valid email")
    expect(page.get_by_label("Username")).to_have_value("no")
    expect(page.locator("#id_password1")).to_have_value("")
    assert_page_is_well_formed(page)
    screenshot(page, "register_errors")


@pytest.mark.django_db(transaction=True)
def test_pages_read_well_on_a_phone(browser, live_server):
    PostFactory.create_batch(4, title="A post title long enough to wrap on a narrow phone screen")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path, name in [("/", "phone_home"), ("/users/", "phone_users"), ("/about/", "phone_about")]:
        page.goto(path)
        assert_page_is_well_formed(page)
        # Nothing wider than the screen: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, name)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_logged_in_users_pages_read_well_on_a_phone(browser, live_server):
    """A long email or city on the dashboard, or a long notification, wraps instead of widening the page."""
    user = UserFactory(
        username="phone_user", email="firstname.lastname.of.someone@company-example.com", city="Llanfair" * 12
    )
    Notification.objects.create(user=user, message="A" * 500)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("phone_user")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for path, name in [
        ("/dashboard/", "phone_dashboard"),
        ("/accounts/notifications/", "phone_notifications"),
        ("/accounts/profile/", "phone_profile"),
        ("/shop/", "phone_shop"),
        ("/orders/", "phone_orders"),
    ]:
        page.goto(path)
        assert_page_is_well_formed(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        screenshot(page, name)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_api_docs_load_everything_from_this_site(page: Page, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("blogsite API")
    expect(page.get_by_text("/api/posts/", exact=True).first).to_be_visible()
    screenshot(page, "api_docs")

    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested
