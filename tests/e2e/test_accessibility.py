"""Keyboard and screen-reader basics on every main page, checked in the browser.

Each page: exactly one h1, <html lang>, a label for every visible form field,
and every list of field errors tied to its field (aria-describedby and
aria-invalid). Form pages are checked with their errors showing.
"""

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.e2e.checks import accessibility_problems, log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pages"


def submit_register_errors(page: Page) -> None:
    page.get_by_label("Username").fill("x!")
    page.get_by_label("Email").fill("not-an-email")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("different")
    page.get_by_role("button", name="Register").click()


def submit_empty_login(page: Page) -> None:
    page.get_by_role("button", name="Log in").click()


def submit_post_errors(page: Page) -> None:
    page.get_by_label("Title").fill("ab")
    page.get_by_label("Content").fill("short")
    page.get_by_role("button", name="Publish").click()


def submit_profile_errors(page: Page) -> None:
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Save").click()


def submit_checkout_errors(page: Page) -> None:
    page.locator("input.quantity").first.fill("101")
    page.get_by_label("Payment token").fill("")
    page.get_by_role("button", name="Place order and pay").click()


# name, path ({username} and {post} are filled in), logged in, what to submit for errors
PAGES: list[tuple[str, str, bool, Callable[[Page], None] | None]] = [
    ("home", "/", False, None),
    ("about", "/about/", False, None),
    ("users", "/users/", False, None),
    ("user", "/users/{username}/", False, None),
    ("post", "/posts/{post}/", False, None),
    ("register-errors", "/accounts/register/", False, submit_register_errors),
    ("login-errors", "/accounts/login/", False, submit_empty_login),
    ("post-form-errors", "/posts/new/", True, submit_post_errors),
    ("post-delete", "/posts/{post}/delete/", True, None),
    ("shop", "/shop/", False, None),
    ("checkout-errors", "/shop/checkout/", True, submit_checkout_errors),
    ("orders", "/orders/", True, None),
    ("order", "/orders/{order}/", True, None),
    ("dashboard", "/dashboard/", True, None),
    ("profile-errors", "/accounts/profile/", True, submit_profile_errors),
    ("notifications", "/accounts/notifications/", True, None),
]


@pytest.fixture(scope="module")
def member(site) -> dict:
    """A user with a post and an order, so their pages have content."""
    username, password = site.register("a11y")
    headers = {"Authorization": f"Bearer {site.access_token(username, password)}"}
    post = requests.post(
        f"{site.url}/api/posts/",
        json={"title": "A post to look at", "content": "<p>Some <em>content</em> to read.</p>"},
        headers=headers,
        timeout=10,
    )
    product = requests.get(f"{site.url}/api/products/", timeout=10).json()["results"][0]
    order = requests.post(
        f"{site.url}/api/orders/",
        json={"items": [{"product_id": product["id"], "quantity": 1}], "payment_token": "pm_card_visa"},
        headers=headers,
        timeout=10,
    )
    assert post.status_code == order.status_code == 201
    return {"username": username, "password": password, "post": post.json()["id"], "order": order.json()["id"]}


@pytest.mark.parametrize(("name", "path", "needs_login", "submit_errors"), PAGES, ids=[page[0] for page in PAGES])
def test_page_basics(page: Page, member, name, path, needs_login, submit_errors):
    if needs_login:
        log_in(page, member["username"], member["password"])
    response = page.goto(path.format(**member))
    assert response.status == 200
    if submit_errors:
        submit_errors(page)
        expect(page.locator("ul.errorlist").first).to_be_visible()
    if os.environ.get("E2E_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    assert accessibility_problems(page) == []
    assert page.console_errors == []


def test_the_skip_link_is_the_keyboards_first_stop(page: Page):
    page.goto("/about/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    # The fragment navigation lands a moment after the key press: wait for it.
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    expect(page.locator("main:focus, main :focus")).to_have_count(1)


def test_a_form_is_usable_with_the_keyboard_alone(page: Page, member):
    page.goto("/accounts/login/")
    expect(page.get_by_label("Username")).to_be_focused()  # autofocus
    page.keyboard.type(member["username"])
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(member["password"])
    page.keyboard.press("Enter")
    expect(page.locator(".whoami")).to_have_text(member["username"])
