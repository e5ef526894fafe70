"""Input rules for accounts (contract section 8), shared by admin, site and API.

The model field carries the username rules, so every path that validates a
User (ModelForm, admin, ModelSerializer) applies them; AUTH_PASSWORD_VALIDATORS
carries the password rules for the same reason.
"""

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
    """At least one upper case letter, one lower case letter and one digit.

    In any alphabet, as Python's str methods tell them: "Äpfelbaum1" has its
    upper case letter. (Usernames, unlike passwords, are ASCII by rule.)
    """

    rules = (
        (str.isupper, "an upper case letter"),
        (str.islower, "a lower case letter"),
        (str.isdecimal, "a digit"),
    )

    def validate(self, password: str, user=None) -> None:
        missing = [label for is_one, label in self.rules if not any(map(is_one, password))]
        if missing:
            listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
            raise ValidationError(
                _("Password must contain %(missing)s.") % {"missing": listed},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain an upper case letter, a lower case letter and a digit.")
