"""Serializer building blocks shared by every app's API.

DRF's CharField turns a JSON number into a string (123 -> "123"); the contract
wants a wrong type to be a 400 naming the field, so text fields here accept
JSON strings only. `ModelSerializer` maps model text fields to them.
"""

from django.db import models
from rest_framework import serializers


class _StringOnly:
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CharField(_StringOnly, serializers.CharField):
    pass


class EmailField(_StringOnly, serializers.EmailField):
    pass


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CharField,
        models.TextField: CharField,
        models.EmailField: EmailField,
    }
