import pytest
from django.db import transaction

from accounts import services
from accounts.models import Friendship, Notification, User
from accounts.services import UserGone
from tests.factories import UserFactory


@pytest.mark.django_db
def test_befriending_creates_the_friendship_and_notifies_after_commit(
    auth_client, user, other_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"/api/users/{other_user.pk}/friend/")
    assert response.status_code == 201
    assert response.json()["friend"] == {"id": other_user.pk, "username": other_user.username}
    assert "created_at" in response.json()
    assert Friendship.objects.filter(from_user=user, to_user=other_user).exists()
    [notification] = Notification.objects.filter(user=other_user)
    assert notification.message == f"{user.username} added you as a friend."


@pytest.mark.django_db
def test_the_befriended_user_is_notified_only_once_the_friendship_is_committed(
    auth_client, other_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        assert auth_client.post(f"/api/users/{other_user.pk}/friend/").status_code == 201
    assert not Notification.objects.exists()

    for callback in after_commit:
        callback()

    assert Notification.objects.filter(user=other_user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_user_deleted_after_the_friendship_commits_gets_no_notification_and_the_request_no_error(
    user, other_user, caplog
):
    with transaction.atomic():  # the friendship's commit, and its notification, wait for this one
        services.friend_add(user=user, friend=other_user)
        User.objects.filter(pk=other_user.pk).delete()  # the admin, in between

    assert not Notification.objects.exists()
    assert "on_commit" in caplog.text  # Django logs the notification that could not be written


@pytest.mark.django_db(transaction=True)
def test_befriending_a_user_deleted_meanwhile_is_404_and_leaves_nothing(user, other_user):
    # The request read other_user; the admin deletes them before its friendship commits.
    User.objects.filter(pk=other_user.pk).delete()

    with pytest.raises(UserGone) as refused:
        services.friend_add(user=user, friend=other_user)

    assert refused.value.status_code == 404
    assert not Friendship.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_befriending_twice_is_200_with_the_same_friendship_and_no_second_notification(
    auth_client, other_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = auth_client.post(f"/api/users/{other_user.pk}/friend/")
        second = auth_client.post(f"/api/users/{other_user.pk}/friend/")
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert Friendship.objects.count() == 1
    assert Notification.objects.filter(user=other_user).count() == 1


@pytest.mark.django_db
def test_befriending_again_after_unfriending_notifies_again_only_once_the_first_is_read(
    auth_client, user, other_user, django_capture_on_commit_callbacks
):
    def befriend_then_unfriend():
        with django_capture_on_commit_callbacks(execute=True):
            assert auth_client.post(f"/api/users/{other_user.pk}/friend/").status_code == 201
        assert auth_client.delete(f"/api/users/{other_user.pk}/friend/").status_code == 204

    for _ in range(3):
        befriend_then_unfriend()
    assert Notification.objects.filter(user=other_user).count() == 1  # not three: it is still unread

    Notification.objects.filter(user=other_user).update(read=True)
    befriend_then_unfriend()

    assert list(Notification.objects.filter(user=other_user).values_list("read", flat=True)) == [False, True]


@pytest.mark.django_db
def test_befriending_oneself_is_400(auth_client, user):
    response = auth_client.post(f"/api/users/{user.pk}/friend/")
    assert response.status_code == 400
    assert response.json() == {"detail": "You cannot befriend yourself."}
    assert not Friendship.objects.exists()


@pytest.mark.django_db
def test_befriending_an_unknown_user_is_404(auth_client):
    assert auth_client.post("/api/users/999999/friend/").status_code == 404


@pytest.mark.django_db
def test_befriending_an_inactive_user_is_404(auth_client):
    inactive = UserFactory(is_active=False)
    assert auth_client.post(f"/api/users/{inactive.pk}/friend/").status_code == 404
    assert not Friendship.objects.exists()


@pytest.mark.django_db
def test_unfriending_is_204_and_idempotent(auth_client, user, other_user):
    Friendship.objects.create(from_user=user, to_user=other_user)
    assert auth_client.delete(f"/api/users/{other_user.pk}/friend/").status_code == 204
    assert not Friendship.objects.exists()
    assert auth_client.delete(f"/api/users/{other_user.pk}/friend/").status_code == 204


@pytest.mark.django_db
def test_unfriending_removes_only_ones_own_link(auth_client, user, other_user):
    Friendship.objects.create(from_user=other_user, to_user=user)
    assert auth_client.delete(f"/api/users/{other_user.pk}/friend/").status_code == 204
    assert Friendship.objects.filter(from_user=other_user, to_user=user).exists()


@pytest.mark.django_db
def test_friends_need_a_login(api_client, other_user):
    assert api_client.post(f"/api/users/{other_user.pk}/friend/").status_code == 401
    assert api_client.delete(f"/api/users/{other_user.pk}/friend/").status_code == 401


@pytest.mark.django_db
def test_unfriending_leaves_other_users_friendships_with_the_same_person(auth_client, user, other_user):
    third = UserFactory()
    Friendship.objects.create(from_user=user, to_user=other_user)
    Friendship.objects.create(from_user=third, to_user=other_user)

    assert auth_client.delete(f"/api/users/{other_user.pk}/friend/").status_code == 204

    assert list(Friendship.objects.values_list("from_user", "to_user")) == [(third.pk, other_user.pk)]


@pytest.mark.django_db
def test_a_deactivated_friend_can_still_be_unfriended(auth_client, user, other_user):
    Friendship.objects.create(from_user=user, to_user=other_user)
    other_user.is_active = False
    other_user.save()

    assert auth_client.delete(f"/api/users/{other_user.pk}/friend/").status_code == 204
    assert not Friendship.objects.exists()
