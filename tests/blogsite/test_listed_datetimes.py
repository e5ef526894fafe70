"""blogsite.listing.ListedDatetime: a datetime column read for a list, the same instant on every database.

On SQLite and PostgreSQL it is the text DRF writes in UTC, ISO 8601 with "Z";
elsewhere the driver's aware datetime. The pages and the API turn either into
the same strings.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from blogsite.listing import ListedDatetime, as_datetime, to_local_iso
from tests.factories import UserFactory

INSTANTS = [
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    datetime(2026, 7, 8, 9, 10, 11, 120000, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
]


def _listed(instant: datetime):
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(date_joined=instant)
    return User.objects.filter(pk=user.pk).values_list(ListedDatetime("date_joined"), flat=True).get()


@pytest.mark.django_db
@pytest.mark.parametrize("instant", INSTANTS)
def test_a_listed_datetime_is_the_same_instant(instant):
    listed = _listed(instant)

    assert as_datetime(listed) == instant
    assert as_datetime(listed).utcoffset().total_seconds() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("instant", INSTANTS)
def test_on_sqlite_and_postgresql_it_is_the_text_drf_writes(instant):
    listed = _listed(instant)

    if connection.vendor in ("sqlite", "postgresql"):
        assert listed == instant.isoformat().replace("+00:00", "Z")
    else:
        assert isinstance(listed, datetime)


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("instant", INSTANTS)
def test_to_local_iso_writes_what_localtime_isoformat_writes(instant, zone):
    listed = _listed(instant)

    with timezone.override(zone):
        assert to_local_iso()(listed) == timezone.localtime(instant).isoformat()


@pytest.mark.django_db
def test_a_null_datetime_stays_null():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(last_login=None)

    assert User.objects.filter(pk=user.pk).values_list(ListedDatetime("last_login"), flat=True).get() is None
