"""The admin's date drill-down (date_hierarchy) on posts and orders: a date past the calendar is a bad lookup."""

import pytest
from django.contrib.admin import site

from blogsite.admin import DateDrillDownChangeList


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "created_at__year=9999",
        "created_at__year=9999&created_at__month=12",
        "created_at__year=9999&created_at__month=12&created_at__day=31",
        "created_at__year=99999",
        "created_at__year=0",
    ],
)
@pytest.mark.parametrize("changelist", ["/admin/posts/post/", "/admin/orders/order/"])
def test_a_date_drill_down_past_the_calendar_goes_back_to_the_list(admin_client, changelist, query):
    response = admin_client.get(f"{changelist}?{query}")

    assert response.status_code == 302
    assert response["Location"] == f"{changelist}?e=1"
    assert admin_client.get(response["Location"]).status_code == 200


def test_every_admin_with_a_date_drill_down_takes_a_date_past_the_calendar_as_a_bad_lookup(rf, admin_user):
    # A ModelAdmin given date_hierarchy later, without DateDrillDownAdminMixin, would answer such a query with a 500.
    request = rf.get("/admin/")
    request.user = admin_user
    with_drill_down = [model_admin for model_admin in site._registry.values() if model_admin.date_hierarchy]

    assert with_drill_down  # posts and orders
    for model_admin in with_drill_down:
        assert issubclass(model_admin.get_changelist(request), DateDrillDownChangeList), type(model_admin).__name__
