"""The site end to end: Debian's headless Chromium (Playwright) against a live gunicorn.

One gunicorn for the whole run (tests/live_site.py): production settings,
its own database, the rate limits off. Tests use fresh users (registered
through the API) so they do not depend on each other's data.

A failing test leaves a full-page screenshot in test-artifacts/. With
E2E_SCREENSHOTS=1 the accessibility walk saves one per page as well.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.checks import log_in
from tests.live_site import LiveSite, live_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[_FAILED] = True
    return report


@pytest.fixture(scope="session")
def site() -> Iterator[LiveSite]:
    with live_site() as running:
        yield running


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, site: LiveSite, request) -> Iterator[Page]:
    """A fresh browser tab on the live site that records dialogs, console errors and page errors.

    A dialog (alert, confirm, prompt) means a script ran that the site did not
    write; the tests assert these lists stay empty.
    """
    context = browser.new_context(base_url=site.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.dialogs = []
    page.console_errors = []

    def on_dialog(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message} (on {page.url})")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(f"{msg.text} (on {page.url})"))
    page.on("pageerror", lambda error: page.console_errors.append(f"{error} (on {page.url})"))
    yield page
    if request.node.stash.get(_FAILED, False):
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    context.close()
    assert page.dialogs == [], "a script ran in the page"


@pytest.fixture
def logged_in(page: Page, site: LiveSite) -> tuple[Page, str]:
    """The page, logged in through the login form as a new user; returns (page, username)."""
    username, password = site.register()
    log_in(page, username, password)
    return page, username
