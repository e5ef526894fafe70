"""Input rules for accounts (contract section 8), shared by admin, site and API."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _

username_validator = RegexValidator(
    regex=r"^[A-Za-z0-9_]{3,20}\Z",
    message="Username must be 3 to 20 characters: letters, digits and underscores only.",
    code="invalid_username",
)


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
            raise ValidationError(
                _("Password must contain %(missing)s.") % {"missing": ", ".join(missing)},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain an upper case letter, a lower case letter and a digit.")
