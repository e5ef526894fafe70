"""Account services, called directly: what the views rely on."""

import pytest

from accounts import services
from accounts.models import User
from tests.factories import UserFactory


@pytest.mark.django_db
def test_user_create_stores_the_email_lower_case():
    user = services.user_create(username="someone", email="Some.One@Example.COM", password="Str0ngPassw0rd")
    assert user.email == "some.one@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "email"),
    [("ALICE", "new@example.com"), ("newname", "alice@example.com")],
    ids=["username-other-case", "email"],
)
def test_a_duplicate_that_slipped_past_validation_is_an_application_error(username, email):
    # Two sign-ups racing: both pass validation, the database's unique constraints decide.
    UserFactory(username="alice", email="alice@example.com")

    with pytest.raises(services.UserAlreadyExists):
        services.user_create(username=username, email=email, password="Str0ngPassw0rd")

    assert User.objects.count() == 1
    assert services.UserAlreadyExists.status_code == 400


@pytest.mark.django_db
def test_user_update_changes_only_what_is_given(user):
    services.user_update(user=user, city="Porto")
    user.refresh_from_db()
    assert user.city == "Porto"
    assert user.email.endswith("@example.com")
