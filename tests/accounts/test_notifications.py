"""accounts.views.notifications: /cuenta/notificaciones/, the person's notification centre."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import NotificationFactory

URL = "/cuenta/notificaciones/"


def test_resident_sees_their_notifications_newest_first(resident, resident_client):
    now = timezone.now()
    NotificationFactory(
        recipient=resident, subject="Respondieron tu propuesta", created_at=now - timedelta(days=1)
    )
    NotificationFactory(
        recipient=resident,
        subject="Nueva consulta en tu comuna",
        body="Línea uno\nLínea dos",
        created_at=now,
    )
    response = resident_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Notificaciones</h1>" in html
    assert html.index("Nueva consulta en tu comuna") < html.index("Respondieron tu propuesta")
    assert "Línea uno<br>Línea dos" in html
    assert "Tienes 2 notificaciones sin leer." in html
    assert "Marcar todas como leídas" in html


def test_dates_are_written_in_spanish_without_a_capital_month(resident, resident_client):
    NotificationFactory(
        recipient=resident, created_at=timezone.make_aware(timezone.datetime(2026, 11, 25, 13, 50))
    )
    html = resident_client.get(URL).content.decode()
    assert "25 de noviembre de 2026 a las 13:50" in html
    assert "Nov" not in html


def test_unread_counter_uses_the_singular_for_one(resident, resident_client):
    NotificationFactory(recipient=resident)
    NotificationFactory(recipient=resident, read_at=timezone.now())
    html = resident_client.get(URL).content.decode()
    assert "Tienes 1 notificación sin leer." in html
    assert html.count(">Nueva</span>") == 1


def test_read_notifications_offer_no_mark_all_button(resident, resident_client):
    NotificationFactory(recipient=resident, read_at=timezone.now(), subject="Ya leída")
    html = resident_client.get(URL).content.decode()
    assert "Ya leída" in html
    assert "Tienes 0 notificaciones sin leer." in html
    assert "Marcar todas como leídas" not in html


def test_empty_centre_explains_itself(resident_client):
    html = resident_client.get(URL).content.decode()
    assert "Aún no tienes notificaciones." in html


def test_resident_never_sees_someone_elses_notifications(resident, other_resident):
    NotificationFactory(recipient=other_resident, subject="Aviso privado de Jorge")
    NotificationFactory(recipient=resident, subject="Aviso de Camila")
    html = client_for(resident).get(URL).content.decode()
    assert "Aviso de Camila" in html
    assert "Aviso privado de Jorge" not in html
    assert "Tienes 1 notificación sin leer." in html


def test_notifications_are_paginated_by_twenty(resident, resident_client):
    now = timezone.now()
    for n in range(25):
        NotificationFactory(
            recipient=resident, subject=f"Aviso número {n:02d}", created_at=now - timedelta(n)
        )
    first = resident_client.get(URL).content.decode()
    assert "Página 1 de 2" in first
    assert "Aviso número 00" in first
    assert "Aviso número 19" in first
    assert "Aviso número 20" not in first
    second = resident_client.get(URL, {"pagina": 2}).content.decode()
    assert "Página 2 de 2" in second
    assert "Aviso número 24" in second
    assert "Aviso número 19" not in second


@pytest.mark.parametrize(("page", "expected"), [("abc", "Página 1 de 2"), ("99", "Página 2 de 2")])
def test_a_malformed_page_number_shows_a_valid_page(resident, resident_client, page, expected):
    NotificationFactory.create_batch(21, recipient=resident)
    response = resident_client.get(URL, {"pagina": page})
    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_notification_centre_refuses_other_methods(resident_client, method):
    assert getattr(resident_client, method)(URL).status_code == 405


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == "/cuenta/login/?next=/cuenta/notificaciones/"


def test_header_badge_counts_unread_notifications(resident, resident_client):
    NotificationFactory.create_batch(3, recipient=resident)
    html = resident_client.get("/").content.decode()
    assert '<span class="badge" data-unread-count>3<span class="visually-hidden"> sin leer' in html


@pytest.mark.parametrize("count", [3, 30])
def test_notification_centre_queries_do_not_grow_with_data(
    resident, other_resident, django_assert_max_num_queries, count
):
    NotificationFactory.create_batch(count, recipient=resident)
    NotificationFactory.create_batch(count, recipient=other_resident)
    client = client_for(resident)
    # 1. session, 2. user, 3. paginator COUNT, 4. unread COUNT (header and counter share
    # it), 5. the page of notifications.
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert response.status_code == 200
