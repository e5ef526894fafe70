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
    ("username", "email", "field", "message"),
    [
        ("ALICE", "new@example.com", "username", "A user with that username already exists."),
        ("newname", "alice@example.com", "email", "A user with that email already exists."),
        ("Alice", "alice@example.com", "username", "A user with that username already exists."),
    ],
    ids=["username-other-case", "email", "both"],
)
def test_a_duplicate_that_slipped_past_validation_names_the_field_taken(username, email, field, message):
    # Two sign-ups racing: both pass validation, the database's unique constraints decide.
    UserFactory(username="alice", email="alice@example.com")

    with pytest.raises(services.UserAlreadyExists) as raised:
        services.user_create(username=username, email=email, password="Str0ngPassw0rd")

    assert User.objects.count() == 1
    assert (raised.value.status_code, raised.value.field) == (400, field)
    assert raised.value.response_data() == {field: [message]}  # the API's answer, as validation's


@pytest.mark.django_db
def test_an_email_change_that_slipped_past_validation_is_refused_whole(user):
    UserFactory(email="taken@example.com")
    before = (user.email, user.city)

    with pytest.raises(services.UserAlreadyExists) as raised:
        services.user_update(user=user, email="taken@example.com", city="Rome")

    assert raised.value.field == "email"
    user.refresh_from_db()
    assert (user.email, user.city) == before


@pytest.mark.django_db
def test_user_update_changes_only_what_is_given(user):
    services.user_update(user=user, city="Porto")
    user.refresh_from_db()
    assert user.city == "Porto"
    assert user.email.endswith("@example.com")


@pytest.mark.django_db
def test_user_update_stores_the_email_lower_case(user):
    services.user_update(user=user, email=" New.Address@Example.COM ")
    user.refresh_from_db()
    assert user.email == "new.address@example.com"


@pytest.mark.django_db
def test_a_notification_is_cut_to_500_characters(user):
    services.notification_create(user=user, message="x" * 600)
    assert user.notifications.get().message == "x" * 500
