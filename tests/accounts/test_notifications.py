import pytest

from accounts.models import Notification


@pytest.fixture
def notifications(user, other_user):
    mine = [Notification.objects.create(user=user, message=f"note {n}") for n in range(3)]
    Notification.objects.create(user=other_user, message="not yours")
    return mine


@pytest.mark.django_db
def test_the_list_is_ones_own_newest_first_paginated(auth_client, notifications):
    response = auth_client.get("/api/notifications/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert {"next", "previous"} <= set(body)
    assert [n["message"] for n in body["results"]] == ["note 2", "note 1", "note 0"]
    assert set(body["results"][0]) == {"id", "message", "read", "created_at"}
    assert body["results"][0]["read"] is False


@pytest.mark.django_db
def test_page_size_is_honoured(auth_client, notifications):
    body = auth_client.get("/api/notifications/?page_size=2").json()
    assert len(body["results"]) == 2
    assert body["next"]


@pytest.mark.django_db
def test_marking_read(auth_client, notifications):
    note = notifications[0]
    response = auth_client.post(f"/api/notifications/{note.pk}/read/")
    assert response.status_code == 200
    assert response.json() == {
        "id": note.pk,
        "message": "note 0",
        "read": True,
        "created_at": response.json()["created_at"],
    }
    note.refresh_from_db()
    assert note.read is True
    assert auth_client.post(f"/api/notifications/{note.pk}/read/").status_code == 200


@pytest.mark.django_db
def test_anothers_notification_is_404(auth_client, other_user, notifications):
    theirs = Notification.objects.get(user=other_user)
    assert auth_client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read is False


@pytest.mark.django_db
def test_notifications_need_a_login(api_client, notifications):
    assert api_client.get("/api/notifications/").status_code == 401
    assert api_client.post(f"/api/notifications/{notifications[0].pk}/read/").status_code == 401
