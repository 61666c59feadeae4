"""config.views.home: / (the front page)."""

import pytest

from tests.conftest import client_for
from tests.factories import NotificationFactory, UserFactory


@pytest.mark.django_db
def test_home_is_spanish_with_an_empty_state(client, django_assert_max_num_queries):
    # Anonymous: no session or user query; 1. open consultations (none, so no phases).
    with django_assert_max_num_queries(1):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es-CL">' in html
    assert "Procesos abiertos" in html
    assert "No hay procesos abiertos en este momento." in html
    assert 'href="#contenido"' in html


def test_anonymous_visitors_are_invited_to_sign_up(client, db):
    html = client.get("/").content.decode()
    assert 'href="/cuenta/signup/"' in html
    assert 'href="/cuenta/login/"' in html


def test_signed_in_residents_see_their_account_links(resident_client):
    html = resident_client.get("/").content.decode()
    assert 'href="/cuenta/signup/"' not in html
    assert "Mi perfil" in html
    assert 'href="/cuenta/notificaciones/"' in html
    assert 'href="/cuenta/privacidad/"' in html


def test_the_footer_links_to_planning_and_open_data(client, db):
    # On every page (base.html): residents find these sections from anywhere.
    for path in ("/", "/consultas/", "/privacidad/"):
        html = client.get(path).content.decode()
        footer = html[html.index('<footer class="site-footer">') : html.index("</footer>")]
        assert '<a href="/planificacion/">Planificación</a>' in footer
        assert '<a href="/datos/">Datos abiertos</a>' in footer
        assert '<a href="/privacidad/">Privacidad</a>' in footer
    assert client.get("/planificacion/").status_code == 200
    assert client.get("/datos/").status_code == 200


def test_the_profile_link_names_the_person_without_nested_brackets(db):
    # Screen readers read "Mi perfil: Paula Contreras (DIPLADE)", not "(… (DIPLADE))".
    official = UserFactory(display_name="Paula Contreras (DIPLADE)")
    html = client_for(official).get("/").content.decode()
    assert 'Mi perfil<span class="visually-hidden">: Paula Contreras (DIPLADE)</span></a>' in html
    assert "(DIPLADE))" not in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_home_refuses_other_methods(client, db, method):
    assert getattr(client, method)("/").status_code == 405


def test_home_answers_head(client, db):
    assert client.head("/").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_home_queries_for_a_resident_do_not_grow_with_data(
    resident, django_assert_max_num_queries, count
):
    NotificationFactory.create_batch(count, recipient=resident)
    client = client_for(resident)
    # 1. session, 2. user, 3. open consultations (none: no phase prefetch),
    # 4. unread notification count (header badge).
    with django_assert_max_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_home_lists_open_consultations_with_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    from tests.consultations.factories import ConsultationFactory, consultation_in

    ConsultationFactory(title="Borrador oculto")  # a draft never shows
    for number in range(3):
        consultation_in("proposals", title=f"Consulta abierta {number}")
    # consultations with a running phase (LIMIT 6), their phases (prefetch)
    with django_assert_max_num_queries(2):
        html = client.get("/").content.decode()
    assert "Consulta abierta 0" in html
    assert "Borrador oculto" not in html
    assert "No hay procesos abiertos" not in html
    for number in range(3, 12):
        consultation_in("supports", title=f"Consulta abierta {number}")
    with django_assert_max_num_queries(2):
        html = client.get("/").content.decode()
    assert html.count('class="card"') <= 6
