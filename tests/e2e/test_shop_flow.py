"""The shop in a real browser: choose a product, pay at checkout, find the order."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def stock_of(page: Page, product: str) -> int:
    page.goto("/shop/")
    row = page.locator("tbody tr").filter(has=page.get_by_text(product, exact=True))
    return int(row.locator("td.num").nth(1).inner_text())


def test_checkout_pays_and_the_order_is_listed(logged_in):
    page, _ = logged_in
    page.get_by_role("link", name="Shop").click()
    first_row = page.locator("tbody tr").first
    product = first_row.locator("strong").inner_text()
    stock = stock_of(page, product)

    page.get_by_role("link", name=f"Buy {product}").click()
    quantity = page.get_by_label(re.compile(rf"^{re.escape(product)} \("))
    expect(quantity).to_have_value("1")
    expect(page.get_by_label("Payment token")).to_have_value("pm_card_visa")
    quantity.fill("2")
    page.get_by_role("button", name="Place order and pay").click()

    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    order_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    expect(page.get_by_text(f"Thank you! Order #{order_id} is paid.")).to_be_visible()
    expect(page.locator("h1")).to_have_text(f"Order #{order_id}")
    expect(page.locator("main")).to_contain_text("Paid")
    item = page.locator("tbody tr").first
    expect(item.locator("td").nth(0)).to_have_text(product)
    expect(item.locator("td").nth(1)).to_have_text("2")

    page.get_by_role("link", name="Orders", exact=True).click()
    row = page.locator("tbody tr").filter(has=page.get_by_role("link", name=f"#{order_id}"))
    expect(row).to_contain_text("Paid")
    assert stock_of(page, product) == stock - 2

    # The paid order's notification: from the dashboard's unread count to the notifications page.
    page.get_by_role("link", name="Dashboard").click()
    page.locator("dl.facts a[href='/accounts/notifications/']").click()
    note = page.locator(".notification-list li").filter(has_text=f"Your order #{order_id} is paid")
    expect(note).to_contain_text("new")
    note.get_by_role("button", name="Mark as read").click()
    expect(page).to_have_url(re.compile(r"/accounts/notifications/\?page=1&page_size=20#notification-\d+$"))
    expect(note).to_contain_text("read")
    expect(note.get_by_role("button", name="Mark as read")).to_have_count(0)
    assert page.console_errors == []


def test_a_declined_card_is_explained_and_the_order_kept_as_failed(logged_in):
    page, _ = logged_in
    page.goto("/shop/")
    product = page.locator("tbody tr strong").first.inner_text()
    stock = stock_of(page, product)
    page.get_by_role("link", name=f"Buy {product}").click()
    page.get_by_label("Payment token").fill("pm_card_chargeDeclined")
    page.get_by_role("button", name="Place order and pay").click()

    expect(page).to_have_url(re.compile(r"/shop/checkout/"))
    error = page.get_by_role("alert")
    expect(error).to_contain_text("failed; nothing was charged")
    order_id = re.search(r"Order #(\d+) failed", error.inner_text()).group(1)
    page.goto("/orders/")
    expect(page.locator("tbody tr").filter(has=page.get_by_role("link", name=f"#{order_id}"))).to_contain_text("Failed")
    assert stock_of(page, product) == stock
    assert page.console_errors == []


def test_back_to_a_paid_checkout_and_another_quantity_place_a_second_order(logged_in):
    # Chromium fetches the checkout page again on Back: a new form, a new key.
    # (A browser that restores the old form, key included, gets a message and
    # a new key instead: tests/orders/test_shop_pages.py.)
    page, _ = logged_in
    page.goto("/shop/")
    product = page.locator("tbody tr strong").first.inner_text()
    page.get_by_role("link", name=f"Buy {product}").click()
    page.get_by_role("button", name="Place order and pay").click()
    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    first_id = page.url.rstrip("/").rsplit("/", 1)[-1]

    page.go_back()
    page.get_by_label(re.compile(rf"^{re.escape(product)} \(")).fill("3")
    page.get_by_role("button", name="Place order and pay").click()

    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    second_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert second_id != first_id
    expect(page.locator("tbody tr").first.locator("td").nth(1)).to_have_text("3")
    page.goto(f"/orders/{first_id}/")
    expect(page.locator("tbody tr").first.locator("td").nth(1)).to_have_text("1")  # the first order as it was
    assert page.console_errors == []
