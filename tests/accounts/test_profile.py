"""The profile page, /accounts/profile/: a user's own email and city, as PATCH /api/users/me/ changes them."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory

URL = "/accounts/profile/"


@pytest.fixture
def me(db):
    return UserFactory(username="alice", email="alice@example.com", city="Porto")


@pytest.fixture
def my_client(client, me):
    client.force_login(me)
    return client


def submit(client, data: dict, shown: tuple[str, str] = ("alice@example.com", "Porto")):
    """POST the form as a browser sends it: the fields, and the values the page showed them with."""
    email, city = shown
    return client.post(URL, {**data, "initial-email": email, "initial-city": city})


def stored(user) -> tuple[str, str, str]:
    user.refresh_from_db()
    return user.username, user.email, user.city


@pytest.mark.django_db
def test_the_page_needs_a_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={URL}"


@pytest.mark.django_db
def test_the_form_shows_the_current_email_and_city_in_labelled_fields(my_client):
    response = my_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_email"' in html and 'value="alice@example.com"' in html
    assert '<label for="id_city"' in html and 'value="Porto"' in html
    assert 'name="username"' not in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_saving_stores_the_email_lower_case_and_the_city_then_goes_to_the_dashboard(my_client, me):
    response = submit(my_client, {"email": "  Alice.New@Example.COM ", "city": " Lisbon "})

    assert response.status_code == 302
    assert response.url == "/dashboard/"
    assert stored(me) == ("alice", "alice.new@example.com", "Lisbon")
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Your profile is saved."]
    dashboard = my_client.get("/dashboard/").content.decode()
    assert "alice.new@example.com" in dashboard and "Lisbon" in dashboard


@pytest.mark.django_db
def test_an_empty_city_clears_it(my_client, me):
    response = submit(my_client, {"email": "alice@example.com", "city": ""})

    assert response.status_code == 302
    assert stored(me) == ("alice", "alice@example.com", "")
    assert "Set your city" in my_client.get("/dashboard/").content.decode()


@pytest.mark.django_db
def test_only_what_was_changed_on_this_page_is_written(my_client, me):
    # Two tabs: the second saved a city after the first showed the form; the first changes the email.
    User.objects.filter(pk=me.pk).update(city="Paris")

    response = submit(
        my_client, {"email": "alice.new@example.com", "city": "Porto"}, shown=("alice@example.com", "Porto")
    )

    assert response.status_code == 302
    assert stored(me) == ("alice", "alice.new@example.com", "Paris")


@pytest.mark.django_db
def test_the_form_carries_the_values_it_showed(my_client):
    html = my_client.get(URL).content.decode()

    assert 'name="initial-email" value="alice@example.com"' in html
    assert 'name="initial-city" value="Porto"' in html


@pytest.mark.django_db
def test_the_username_cannot_be_changed_here(my_client, me):
    submit(my_client, {"email": "alice@example.com", "city": "Porto", "username": "mallory", "is_staff": "on"})

    me.refresh_from_db()
    assert (me.username, me.is_staff) == ("alice", False)


BAD_INPUTS = [
    pytest.param({"email": ""}, "email", id="email-missing"),
    pytest.param({"email": "not-an-email"}, "email", id="email-malformed"),
    pytest.param({"email": "a" * 243 + "@example.com"}, "email", id="email-too-long"),
    pytest.param({"city": "x" * 101}, "city", id="city-too-long"),
    pytest.param({"email": "Bob@Example.com"}, "email", id="email-taken-other-case"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), BAD_INPUTS)
def test_bad_input_shows_the_form_again_with_one_message_and_changes_nothing(my_client, me, overrides, field):
    UserFactory(username="bob", email="bob@example.com")

    response = submit(my_client, {"email": "alice.new@example.com", "city": "Lisbon", **overrides})

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert len(form.errors[field]) == 1
    assert stored(me) == ("alice", "alice@example.com", "Porto")
    html = response.content.decode()
    assert form.errors[field][0].replace("'", "&#x27;") in html
    typed = {"email": "alice.new@example.com", "city": "Lisbon", **overrides}
    for name in ("email", "city"):  # what was typed is kept (an empty field has no value)
        assert (f'value="{typed[name]}"' in html) == bool(typed[name])


@pytest.mark.django_db
def test_a_refused_email_does_not_leak_into_the_logged_in_user(my_client, me):
    UserFactory(email="bob@example.com")

    response = submit(my_client, {"email": "bob@example.com", "city": "Lisbon"})

    assert response.status_code == 200
    assert response.wsgi_request.user.email == "alice@example.com"
    assert response.wsgi_request.user.city == "Porto"


@pytest.mark.django_db
def test_the_edges_of_the_rules_are_accepted(my_client, me):
    email = "a" * 242 + "@example.com"

    response = submit(my_client, {"email": email, "city": "x" * 100})

    assert response.status_code == 302
    assert stored(me) == ("alice", email, "x" * 100)


@pytest.mark.django_db
def test_keeping_ones_own_email_is_not_a_duplicate(my_client, me):
    response = submit(my_client, {"email": "ALICE@example.com", "city": "Faro"})

    assert response.status_code == 302
    assert stored(me) == ("alice", "alice@example.com", "Faro")


@pytest.mark.django_db
def test_saving_needs_the_csrf_token(me):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(me)

    response = submit(csrf_client, {"email": "alice.new@example.com", "city": "Lisbon"})

    assert response.status_code == 403
    assert stored(me) == ("alice", "alice@example.com", "Porto")


@pytest.mark.django_db
def test_an_email_taken_by_a_racing_request_is_told_on_the_field(my_client, me, rival_sign_up):
    # Validation passes; another user saved with the email first, and the unique constraint refuses this save.
    rival_sign_up({"email": "alice.new@example.com"})

    response = submit(my_client, {"email": "alice.new@example.com", "city": "Lisbon"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["A user with that email already exists."]}
    assert stored(me) == ("alice", "alice@example.com", "Porto")


@pytest.mark.django_db
def test_the_dashboard_links_to_the_profile(my_client):
    html = my_client.get("/dashboard/").content.decode()

    assert f'href="{URL}"' in html
