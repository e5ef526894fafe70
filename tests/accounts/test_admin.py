"""Admin for users, friendships and notifications: it opens, searches, filters
and applies the same input rules as the site and the API."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.models import Friendship, Notification, User
from tests.factories import UserFactory

ADD_USER = "/admin/accounts/user/add/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/?q=alice",
        "/admin/accounts/user/?is_staff__exact=1",
        "/admin/accounts/user/?is_active__exact=0",
        ADD_USER,
        "/admin/accounts/friendship/",
        "/admin/accounts/friendship/add/",
        "/admin/accounts/notification/",
        "/admin/accounts/notification/?read__exact=0",
        "/admin/accounts/notification/add/",
    ],
)
def test_a_superuser_can_open_the_pages(admin_client, path):
    UserFactory(username="alice")
    assert admin_client.get(path).status_code == 200


@pytest.mark.django_db
def test_the_user_changelist_shows_the_columns_and_searches(admin_client):
    UserFactory(username="alice", email="alice@example.com", city="Porto")
    UserFactory(username="bob")

    html = admin_client.get("/admin/accounts/user/?q=porto").content.decode()

    assert "alice@example.com" in html
    assert "column-date_joined" in html
    assert ">bob<" not in html


@pytest.mark.django_db
def test_the_user_change_page_opens_with_read_only_timestamps(admin_client):
    user = UserFactory()

    response = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="city"' in html
    assert 'name="date_joined' not in html
    assert 'name="last_login' not in html


@pytest.mark.django_db
def test_friendship_and_notification_change_pages_open(admin_client):
    alice, bob = UserFactory(), UserFactory()
    friendship = Friendship.objects.create(from_user=alice, to_user=bob)
    notification = Notification.objects.create(user=alice, message="Hello")

    assert admin_client.get(f"/admin/accounts/friendship/{friendship.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/accounts/notification/{notification.pk}/change/").status_code == 200


def add_user_data(**overrides):
    return {
        "username": "from_admin",
        "email": "From.Admin@Example.com",
        "password1": "Str0ngPassw0rd",
        "password2": "Str0ngPassw0rd",
        **overrides,
    }


@pytest.mark.django_db
def test_adding_a_user_stores_the_email_lower_case(admin_client):
    response = admin_client.post(ADD_USER, add_user_data())

    assert response.status_code == 302
    assert User.objects.get(username="from_admin").email == "from.admin@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"username": "ALICE"}, "username", id="username-taken-other-case"),
        pytest.param({"username": "ab"}, "username", id="username-too-short"),
        pytest.param({"username": "bad-name"}, "username", id="username-bad-character"),
        pytest.param({"email": "ALICE@example.com"}, "email", id="email-taken-other-case"),
        pytest.param({"password1": "weakpass", "password2": "weakpass"}, "password2", id="password-weak"),
    ],
)
def test_adding_a_user_applies_the_site_rules(admin_client, overrides, field):
    UserFactory(username="alice", email="alice@example.com")

    response = admin_client.post(ADD_USER, add_user_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not User.objects.filter(email__iexact="from.admin@example.com").exists()
    assert User.objects.count() == 2  # alice and the admin


@pytest.mark.django_db
def test_renaming_a_user_to_a_taken_name_in_another_case_is_refused(admin_client):
    UserFactory(username="alice")
    bob = UserFactory(username="bob")

    response = admin_client.post(
        f"/admin/accounts/user/{bob.pk}/change/", {"username": "Alice", "email": bob.email, "is_active": "on"}
    )

    assert response.status_code == 200
    assert "A user with that username already exists." in response.content.decode()
    bob.refresh_from_db()
    assert bob.username == "bob"


@pytest.mark.django_db
def test_changing_a_user_saves_and_normalises_the_email(admin_client):
    bob = UserFactory(username="bob")

    response = admin_client.post(
        f"/admin/accounts/user/{bob.pk}/change/",
        {"username": "robert", "email": "Robert@Example.com", "city": "Faro", "is_active": "on"},
    )

    assert response.status_code == 302
    bob.refresh_from_db()
    assert (bob.username, bob.email, bob.city) == ("robert", "robert@example.com", "Faro")


@pytest.mark.django_db
def test_a_friendship_with_oneself_is_refused_in_the_admin_in_the_apis_words(admin_client):
    alice = UserFactory(username="alice")

    response = admin_client.post("/admin/accounts/friendship/add/", {"from_user": alice.pk, "to_user": alice.pk})

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["You cannot befriend yourself."]
    assert not Friendship.objects.exists()


@pytest.fixture
def user_manager(client):
    """A staff member allowed to view and change users, and nothing more."""
    manager = UserFactory(username="manager", is_staff=True)
    manager.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="accounts", codename__in=["view_user", "change_user"])
    )
    client.force_login(manager)
    return manager


def change_form(user, **overrides):
    return {"username": user.username, "email": user.email, "city": "", "is_active": "on", **overrides}


@pytest.mark.django_db
def test_a_staff_member_who_may_change_users_cannot_give_themselves_rights(client, user_manager):
    group = Group.objects.create(name="everything")
    everything = Permission.objects.filter(content_type__app_label="orders")

    response = client.post(
        f"/admin/accounts/user/{user_manager.pk}/change/",
        change_form(
            user_manager,
            city="Faro",
            is_superuser="on",
            groups=[group.pk],
            user_permissions=[p.pk for p in everything],
        ),
    )

    assert response.status_code == 302
    user_manager.refresh_from_db()
    assert user_manager.city == "Faro"  # the rest of the form is saved
    assert not user_manager.is_superuser
    assert not user_manager.groups.exists()
    assert set(user_manager.user_permissions.values_list("codename", flat=True)) == {"view_user", "change_user"}


@pytest.mark.django_db
def test_a_staff_member_who_may_change_users_cannot_make_another_staff(client, user_manager):
    bob = UserFactory(username="bob")

    html = client.get(f"/admin/accounts/user/{bob.pk}/change/").content.decode()
    client.post(f"/admin/accounts/user/{bob.pk}/change/", change_form(bob, is_staff="on", is_superuser="on"))

    assert 'name="is_staff"' not in html and 'name="is_superuser"' not in html
    bob.refresh_from_db()
    assert not bob.is_staff and not bob.is_superuser


@pytest.mark.django_db
def test_a_staff_member_cannot_change_delete_or_reset_a_superuser(client, user_manager):
    user_manager.user_permissions.add(Permission.objects.get(codename="delete_user"))
    root = UserFactory(username="root", is_staff=True, is_superuser=True, email="root@example.com")

    change = client.post(f"/admin/accounts/user/{root.pk}/change/", change_form(root, email="mine@example.com"))
    password = client.post(
        f"/admin/accounts/user/{root.pk}/password/",
        {"password1": "Taken-0ver-pw", "password2": "Taken-0ver-pw", "usable_password": "true"},
    )

    delete = client.post(f"/admin/accounts/user/{root.pk}/delete/", {"post": "yes"})
    client.post("/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [root.pk], "post": "yes"})

    assert change.status_code == 403
    assert password.status_code == 403
    assert delete.status_code == 403
    root.refresh_from_db()
    assert root.email == "root@example.com"  # and the bulk deletion left the superuser there
    assert not root.check_password("Taken-0ver-pw")


@pytest.mark.django_db
def test_a_superuser_grants_rights_in_the_admin(admin_client):
    bob = UserFactory(username="bob")

    response = admin_client.post(f"/admin/accounts/user/{bob.pk}/change/", change_form(bob, is_staff="on"))

    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.is_staff
