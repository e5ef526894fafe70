"""Input rules for accounts (contract section 8), shared by admin, site and API.

The model field carries the username rules, so every path that validates a
User (ModelForm, admin, ModelSerializer) applies them; AUTH_PASSWORD_VALIDATORS
carries the password rules for the same reason.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.utils.translation import gettext as _

USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = 20

# The length has its own validators, so a problem gets one message.
username_validators = [
    RegexValidator(
        regex=r"^[A-Za-z0-9_]+\Z",
        message="Username may contain only letters, digits and underscores.",
        code="invalid_username",
    ),
    MinLengthValidator(USERNAME_MIN_LENGTH),
]


class MixedCharacterPasswordValidator:
    """At least one upper case letter, one lower case letter and one digit."""

    rules = (
        (re.compile(r"[A-Z]"), "an upper case letter"),
        (re.compile(r"[a-z]"), "a lower case letter"),
        (re.compile(r"[0-9]"), "a digit"),
    )

    def validate(self, password: str, user=None) -> None:
        missing = [label for pattern, label in self.rules if not pattern.search(password)]
        if missing:
            listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
            raise ValidationError(
                _("Password must contain %(missing)s.") % {"missing": listed},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain an upper case letter, a lower case letter and a digit.")
