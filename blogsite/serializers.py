"""Serializer building blocks shared by every app's API.

DRF's CharField turns a JSON number into a string (123 -> "123") and its
IntegerField a JSON string into a number ("2", " 2 ", "2.0", even "٣"); the
contract wants a wrong type to be a 400 naming the field, so text fields here
accept JSON strings only and whole-number fields JSON integers only (or ASCII
digits from an HTML form, all text: the browsable API's). `ModelSerializer`
maps model text fields to them.
"""

import re

from django.db import models
from django.utils import timezone
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

from blogsite.listing import as_datetime, current_zone_is_utc


class _StringOnly:
    def run_validation(self, data=empty):
        # The limit counts what the client sent, as the schema's maxLength
        # does: DRF trims surrounding whitespace before its own max_length
        # check, which let a string over the limit through when it began or
        # ended with whitespace.
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CharField(_StringOnly, serializers.CharField):
    pass


class EmailField(_StringOnly, serializers.EmailField):
    pass


class IntegerField(serializers.IntegerField):
    _DIGITS = re.compile(r"-?[0-9]+")

    def to_internal_value(self, data):
        from_form = html.is_html_input(getattr(self.root, "initial_data", None))
        if from_form and isinstance(data, str) and self._DIGITS.fullmatch(data.strip()):
            return super().to_internal_value(data)  # DRF's own checks: length first, then int()
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CharField,
        models.TextField: CharField,
        models.EmailField: EmailField,
        models.IntegerField: IntegerField,
        models.PositiveIntegerField: IntegerField,
        models.PositiveSmallIntegerField: IntegerField,
        models.SmallIntegerField: IntegerField,
        models.BigIntegerField: IntegerField,
    }


def format_datetimes(rows: list[dict], *fields: str) -> list[dict]:
    """Make the datetime `fields` of list rows come out as DRF's DateTimeField writes them.

    That is ISO 8601 in the current time zone, with "Z" for UTC. The fields are
    read with blogsite.listing.ListedDatetime: on SQLite and PostgreSQL they
    are already that text in UTC; elsewhere they are datetime objects, which
    both of the API's renderers write that way (orjson with OPT_UTC_Z, DRF's
    JSONEncoder for the browsable API). So the only work left is the time zone:
    none at all under the default TIME_ZONE = "UTC". Formatting each value
    here in Python was a fifth of a 100-row list.
    """
    if current_zone_is_utc():
        return rows
    tz = timezone.get_current_timezone()
    for row in rows:
        for field in fields:
            if row[field] is not None:
                row[field] = as_datetime(row[field]).astimezone(tz)
    return rows
