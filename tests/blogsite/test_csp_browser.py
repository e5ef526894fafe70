"""The Content-Security-Policy in a real browser: the admin, Swagger UI and the browsable API still work.

Headless Chromium (Debian's) through Playwright, against pytest-django's live server.
"""

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Records every CSP violation the page reports, from before its first script runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which
    # makes Django refuse database calls here; the live server has its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


def _assert_no_csp_violation(page):
    assert page.evaluate("window.__cspViolations") == []
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []


def test_an_inline_script_is_blocked_and_reported(page, live_server, settings):
    """The checks below would notice a violation."""
    settings.ROOT_URLCONF = "tests.blogsite.failing_urls"
    page.goto(f"{live_server.url}/inline-script/")
    assert page.title() == "before"
    assert page.evaluate("window.__cspViolations") == ["script-src-elem inline"]


def test_swagger_ui_renders_the_operations_and_calls_them_from_this_site_alone(page, live_server):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    response = page.goto(f"{live_server.url}/api/docs/")
    directives = [d.strip() for d in response.headers["content-security-policy"].split(";")]
    assert "script-src 'self'" in directives  # django-csp does not keep the directives' order
    page.wait_for_selector(".opblock", timeout=15_000)
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/posts/" in operations
    assert "/api/users/{id}/dashboard/" in operations

    # Try it out: Swagger UI calls the API from the page (the policy's connect-src).
    probe = page.locator(".opblock", has=page.locator(".opblock-summary-path", has_text="/healthz"))
    probe.locator(".opblock-summary").click()
    probe.get_by_role("button", name="Try it out").click()
    probe.get_by_role("button", name="Execute").click()
    expect(probe.locator(".live-responses-table tbody .response-col_status")).to_have_text("200")
    expect(probe.locator(".live-responses-table")).to_contain_text('"status": "ok"')

    assert hosts == {urlsplit(live_server.url).netloc}  # scripts, styles and schema: no CDN
    _assert_no_csp_violation(page)


def test_the_admin_login_works(page, live_server):
    admin = UserFactory(is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert "Site administration" in page.content()
    page.goto(f"{live_server.url}/admin/accounts/notification/add/")
    page.wait_for_selector("#notification_form")
    _assert_no_csp_violation(page)


def test_the_browsable_api_works(page, live_server):
    page.goto(f"{live_server.url}/api/posts/")
    page.wait_for_selector(".response-info")
    assert page.evaluate("typeof window.jQuery") == "function", "DRF's scripts loaded"
    _assert_no_csp_violation(page)


def test_the_site_pages_break_no_rule(page, live_server):
    for path in ["/", "/about/", "/accounts/login/", "/no-such-page/"]:
        page.goto(f"{live_server.url}{path}")
        _assert_no_csp_violation(page)
