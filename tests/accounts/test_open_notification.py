"""accounts.views.open_notification: POST /cuenta/notificaciones/<pk>/abrir/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from tests.conftest import client_for, login_next
from tests.factories import NotificationFactory


def url_for(notification: Notification) -> str:
    return f"/cuenta/notificaciones/{notification.pk}/abrir/"


def test_opening_a_notification_marks_it_read_and_follows_its_link(resident, resident_client):
    notification = NotificationFactory(recipient=resident, url="/privacidad/")
    response = resident_client.post(url_for(notification))
    assert response.status_code == 302
    assert response.url == "/privacidad/"
    notification.refresh_from_db()
    assert notification.is_read


def test_a_notification_without_link_returns_to_the_centre(resident, resident_client):
    notification = NotificationFactory(recipient=resident, url="")
    response = resident_client.post(url_for(notification))
    assert response.status_code == 302
    assert response.url == "/cuenta/notificaciones/"
    notification.refresh_from_db()
    assert notification.is_read


@pytest.mark.parametrize(
    "target", ["https://malicioso.example/", "//malicioso.example/", "javascript:alert(1)"]
)
def test_an_external_link_is_never_followed(resident, resident_client, target):
    notification = NotificationFactory(recipient=resident, url=target)
    response = resident_client.post(url_for(notification))
    assert response.status_code == 302
    assert response.url == "/cuenta/notificaciones/"


def test_opening_twice_keeps_the_first_reading_time(resident, resident_client):
    first_read = timezone.now() - timedelta(days=2)
    notification = NotificationFactory(recipient=resident, read_at=first_read)
    resident_client.post(url_for(notification))
    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_opening_needs_post(resident, resident_client):
    notification = NotificationFactory(recipient=resident)
    assert resident_client.get(url_for(notification)).status_code == 405
    notification.refresh_from_db()
    assert not notification.is_read


def test_anonymous_visitor_is_sent_to_login(client, resident):
    notification = NotificationFactory(recipient=resident)
    response = client.post(url_for(notification))
    assert login_next(response) == "/cuenta/notificaciones/"
    notification.refresh_from_db()
    assert not notification.is_read


def test_resident_cannot_open_someone_elses_notification(resident, other_resident):
    notification = NotificationFactory(recipient=other_resident, url="/privacidad/")
    response = client_for(resident).post(url_for(notification))
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()
    notification.refresh_from_db()
    assert not notification.is_read

    # Its recipient can: the refusal came from ownership.
    response = client_for(other_resident).post(url_for(notification))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.is_read


def test_a_missing_notification_is_not_found(resident_client):
    assert resident_client.post("/cuenta/notificaciones/999999/abrir/").status_code == 404
