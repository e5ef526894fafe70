"""The blog in a real browser: register, log in and out, write, edit and delete a post; dashboard and profile."""

import re
import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.checks import log_in

pytestmark = pytest.mark.browser


def test_register_log_in_write_edit_and_delete_a_post(page: Page, site):
    username, password = f"flow_{secrets.token_hex(4)}", f"{secrets.token_urlsafe(12)}Aa1"
    page.goto("/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.get_by_role("button", name="Register").click()
    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_text(f"Welcome, {username}!")).to_be_visible()
    expect(page.locator(".whoami")).to_have_text(username)

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    log_in(page, username, password)
    expect(page.locator(".whoami")).to_have_text(username)

    page.get_by_role("link", name="New post").click()
    page.get_by_label("Title").fill("Written in Chromium")
    page.get_by_label("Content").fill("<p>Hello from <strong>a real browser</strong>.</p>")
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    post_url = page.url
    expect(page.get_by_text("Your post is published.")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Written in Chromium")
    expect(page.locator(".post-content strong")).to_have_text("a real browser")

    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Title")).to_have_value("Written in Chromium")
    page.get_by_label("Title").fill("Edited in Chromium")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(post_url)
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Edited in Chromium")

    page.goto(f"/users/{username}/")
    expect(page.get_by_role("link", name="Edited in Chromium")).to_be_visible()

    page.goto(post_url)
    page.get_by_role("link", name="Delete").click()
    expect(page.locator("h1")).to_have_text("Delete “Edited in Chromium”?")
    page.get_by_role("button", name="Delete").click()
    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_text("The post is deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Edited in Chromium")).to_have_count(0)
    assert page.console_errors == []
    assert page.goto(post_url).status == 404
    expect(page.locator("h1")).to_contain_text("Page not found")
    page.console_errors.clear()  # the browser logs the 404 itself


def test_someone_else_cannot_edit_a_post(page: Page, site):
    author, author_password = site.register("author")
    log_in(page, author, author_password)
    page.goto("/posts/new/")
    page.get_by_label("Title").fill("Mine alone")
    page.get_by_label("Content").fill("Only the author may change this.")
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    post_url = page.url
    page.get_by_role("button", name="Log out").click()

    other, other_password = site.register("other")
    log_in(page, other, other_password)
    page.goto(post_url)
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    assert page.goto(f"{post_url}edit/").status == 403
    expect(page.locator("h1")).to_contain_text("Forbidden")
    page.console_errors.clear()  # the browser logs the 403 itself


def test_the_dashboard_needs_a_login_and_greets_the_user(page: Page, site):
    page.goto("/dashboard/")
    expect(page).to_have_url(f"{site.url}/accounts/login/?next=/dashboard/")

    username, password = site.register("dash")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{site.url}/dashboard/")
    expect(page.locator("h1")).to_have_text("Dashboard")
    expect(page.locator("main")).to_contain_text(username)
    page.get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(f"{site.url}/dashboard/")
    expect(page.locator("main")).to_contain_text("Set your city")

    page.get_by_role("link", name="Set your city").click()
    expect(page).to_have_url(f"{site.url}/accounts/profile/")
    page.get_by_label("City").fill("Lisbon")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{site.url}/dashboard/")
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Lisbon")

    friend, _ = site.register("pal")
    page.goto(f"/users/{friend}/")
    page.get_by_role("button", name="Add friend").click()
    expect(page).to_have_url(f"{site.url}/users/{friend}/")
    expect(page.get_by_text(f"You added {friend} as a friend.")).to_be_visible()
    expect(page.get_by_role("button", name="Remove friend")).to_be_visible()
    page.goto("/dashboard/")
    expect(page.locator("dl.facts")).to_contain_text(re.compile(r"Friends\s*1"))
    assert page.console_errors == []
