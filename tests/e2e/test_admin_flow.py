"""The Django admin in a real browser: a superuser logs in and looks at an order with its items."""

import re

import pytest
import requests
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def paid_order(site) -> dict:
    """An order placed through the API by the seeded user."""
    product = requests.get(f"{site.url}/api/products/", timeout=10).json()["results"][0]
    response = requests.post(
        f"{site.url}/api/orders/",
        json={"items": [{"product_id": product["id"], "quantity": 3}], "payment_token": "pm_card_visa"},
        headers={"Authorization": f"Bearer {site.access_token()}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return {**response.json(), "product": product}


def test_a_superuser_finds_an_order_and_its_items_in_the_admin(page: Page, site, paid_order):
    page.goto("/admin/")
    expect(page).to_have_url(f"{site.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(site.admin_username)
    page.get_by_label("Password").fill(site.admin_password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()

    page.get_by_role("link", name="Orders", exact=True).click()
    page.locator("#searchbar").fill(str(paid_order["id"]))
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name=str(paid_order["id"]), exact=True).click()

    expect(page).to_have_url(re.compile(rf"/admin/orders/order/{paid_order['id']}/change/"))
    expect(page.locator(".field-user")).to_contain_text(site.username)
    expect(page.locator(".field-status")).to_contain_text("Paid")
    expect(page.locator(".field-total_amount")).to_contain_text(paid_order["total_amount"])
    items = page.locator("#items-group")
    expect(items).to_contain_text(paid_order["product"]["name"])
    expect(items.locator("td.field-quantity")).to_have_text("3")
    expect(items.locator("td.field-unit_price")).to_have_text(paid_order["product"]["price"])
    assert page.console_errors == []
