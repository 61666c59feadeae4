"""accounts.views.mark_all_notifications_read: POST /cuenta/notificaciones/leer-todas/."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from accounts.models import Notification
from tests.conftest import client_for, login_next
from tests.factories import NotificationFactory

URL = "/cuenta/notificaciones/leer-todas/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_resident_marks_all_their_notifications_read(resident, other_resident, resident_client):
    NotificationFactory.create_batch(3, recipient=resident)
    earlier = timezone.now() - timedelta(days=3)
    already = NotificationFactory(recipient=resident, read_at=earlier)
    NotificationFactory(recipient=other_resident)

    response = resident_client.post(URL)
    assert response.status_code == 302
    assert response.url == "/cuenta/notificaciones/"
    assert messages_of(response) == ["Marcaste todas tus notificaciones como leídas."]
    assert not Notification.objects.filter(recipient=resident, read_at__isnull=True).exists()
    already.refresh_from_db()
    assert already.read_at == earlier
    # Someone else's stay unread.
    assert Notification.objects.get(recipient=other_resident).read_at is None


def test_nothing_unread_says_nothing(resident, resident_client):
    NotificationFactory(recipient=resident, read_at=timezone.now())
    response = resident_client.post(URL)
    assert response.status_code == 302
    assert messages_of(response) == []


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_marking_all_needs_post(resident, resident_client, method):
    NotificationFactory(recipient=resident)
    assert getattr(resident_client, method)(URL).status_code == 405
    assert Notification.objects.get(recipient=resident).read_at is None


def test_anonymous_visitor_is_sent_to_login(client, resident):
    NotificationFactory(recipient=resident)
    assert login_next(client.post(URL)) == "/cuenta/notificaciones/"
    assert Notification.objects.get(recipient=resident).read_at is None


def test_marking_all_touches_only_ones_own(resident, other_resident):
    # Outsider: there is no pk to guess; one person's request never reaches another's rows.
    NotificationFactory.create_batch(2, recipient=other_resident)
    response = client_for(resident).post(URL)
    assert response.status_code == 302
    assert messages_of(response) == []
    assert Notification.objects.filter(recipient=other_resident, read_at__isnull=True).count() == 2
