"""Password rules and hashing (contract section 8).

The test settings hash with MD5 for speed; these tests switch to the
production hashers where hashing itself is what they check.
"""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

import blogsite.settings as production_settings
from accounts.models import User
from tests.factories import UserFactory

STRONG = "Str0ngPassw0rd"


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS


def test_argon2_is_the_production_hasher():
    assert production_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert django_settings.PRODUCTION_PASSWORD_HASHERS == production_settings.PASSWORD_HASHERS


@pytest.mark.django_db
@pytest.mark.usefixtures("production_hashers")
def test_a_site_registration_is_stored_as_argon2(client):
    client.post(
        "/accounts/register/",
        {"username": "hashed", "email": "hashed@example.com", "password1": STRONG, "password2": STRONG},
    )
    assert User.objects.get(username="hashed").password.startswith("argon2$argon2id$")


@pytest.mark.django_db
@pytest.mark.usefixtures("production_hashers")
def test_an_api_registration_is_stored_as_argon2(api_client):
    api_client.post(
        "/api/auth/register/", {"username": "hashed", "email": "h@example.com", "password": STRONG}, format="json"
    )
    user = User.objects.get(username="hashed")
    assert user.password.startswith("argon2$argon2id$")
    assert STRONG not in user.password


@pytest.mark.django_db
@pytest.mark.usefixtures("production_hashers")
def test_an_older_hash_is_upgraded_to_argon2_at_login(client):
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(password=make_password(STRONG, hasher="pbkdf2_sha256"))

    client.post("/accounts/login/", {"username": user.username, "password": STRONG})

    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1defg", "This password is too short. It must contain at least 8 characters."),
        ("lowercase1x", "Password must contain an upper case letter."),
        ("UPPERCASE1X", "Password must contain a lower case letter."),
        ("NoDigitsHere", "Password must contain a digit."),
        ("No_Digits_Here", "Password must contain a digit."),
        ("nodigitsnoupper", "Password must contain an upper case letter and a digit."),
        ("äpfelbaum1", "Password must contain an upper case letter."),
        ("ÄPFELBAUM1", "Password must contain a lower case letter."),
        ("Äpfelbaum¹", "Password must contain a digit."),  # a superscript is not a digit
        ("Password123", "This password is too common."),
        ("83749261058", "This password is entirely numeric."),
    ],
)
def test_password_rules(password, message):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, User(username="someone", email="someone@example.com"))
    assert message in caught.value.messages


def test_password_similar_to_the_username_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_password("Margaret2024", User(username="margaret", email="m@example.com"))
    assert "The password is too similar to the username." in caught.value.messages


# Letters and digits of any alphabet count: Ä is an upper case letter, Ж too, and ٣ a digit.
@pytest.mark.parametrize("password", [STRONG, "aB3aB3aB", "Correct-Horse-9", "Äpfelbaum1", "ÄÖÜäöü12", "Жёлудь٣ъы"])
def test_good_passwords_pass(password):
    validate_password(password, User(username="someone", email="someone@example.com"))


@pytest.mark.django_db
def test_the_register_form_explains_the_rules(client):
    html = client.get("/accounts/register/").content.decode()
    assert "upper case letter, a lower case letter and a digit" in html
    assert "at least 8 characters" in html
