"""consultations.views.list_consultations: /consultas/, with filters and search."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Comuna
from consultations.actions import refresh_consultation_search
from consultations.models import Consultation, Phase
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory, PhaseFactory, consultation_in

URL = "/consultas/"


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="consultation-card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def several(db):
    now = timezone.now()
    open_ = consultation_in(
        Phase.Kind.PROPOSALS,
        title="Ciclovías para Valparaíso",
        summary="Propón ciclovías.",
        topics=["Movilidad"],
    )
    upcoming = consultation_in(
        upcoming=(Phase.Kind.INFORMATION,), title="Cultura regional", topics=["Cultura"]
    )
    finished = ConsultationFactory(title="Agua potable rural", whole_region=False)
    finished.comunas.set([Comuna.objects.get(cut="05803")])
    PhaseFactory(
        consultation=finished,
        kind=Phase.Kind.RESULTS,
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=1),
    )
    draft = ConsultationFactory(title="Borrador secreto", status=Consultation.Status.DRAFT)
    refresh_consultation_search([c.pk for c in (open_, upcoming, finished, draft)])
    return open_, upcoming, finished, draft


def test_anyone_sees_published_consultations_and_what_is_possible_now(client, several):
    response = client.get(URL)
    assert response.status_code == 200
    assert set(titles(response)) == {
        "Ciclovías para Valparaíso",
        "Cultura regional",
        "Agua potable rural",
    }
    html = response.content.decode()
    assert "Escribe y publica propuestas" in html
    assert "Próxima fase: <strong>Información</strong>" in html
    assert "Esta consulta terminó el" in html
    assert "Olmué" in html  # its territory
    assert 'aria-current="page">Consultas</a>' in html  # the section link in the header


def test_officials_also_see_drafts_marked_as_such(official_client, several):
    html = official_client.get(URL).content.decode()
    assert "Borrador secreto" in html
    assert "Borrador: solo lo ve el equipo del Gobierno Regional" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"estado": "abiertas"}, ["Ciclovías para Valparaíso"]),
        ({"estado": "proximas"}, ["Cultura regional"]),
        ({"estado": "finalizadas"}, ["Agua potable rural"]),
        ({"fase": "proposals"}, ["Ciclovías para Valparaíso"]),
        ({"fase": "results"}, []),
        ({"tema": "cultura"}, ["Cultura regional"]),
        # A whole-region consultation concerns every comuna.
        (
            {"comuna": "05803"},
            ["Agua potable rural", "Ciclovías para Valparaíso", "Cultura regional"],
        ),
        ({"comuna": "05101"}, ["Ciclovías para Valparaíso", "Cultura regional"]),
        ({"q": "ciclovías"}, ["Ciclovías para Valparaíso"]),
        ({"q": "agua"}, ["Agua potable rural"]),
        ({"q": "secreto"}, []),
    ],
)
def test_filters_and_search(client, several, params, expected):
    assert sorted(titles(client.get(URL, params))) == sorted(expected)


def test_an_empty_result_says_so_and_offers_to_clear(client, several):
    html = client.get(URL, {"q": "inexistente"}).content.decode()
    assert "Ninguna consulta coincide con tu búsqueda." in html
    assert "Quitar filtros" in html
    assert 'value="inexistente"' in html


def test_a_bad_filter_value_is_reported_and_ignored(client, several):
    response = client.get(URL, {"estado": "cualquiera", "tema": "cultura"})
    assert response.status_code == 200
    assert "Elige una opción válida" in response.content.decode()
    assert titles(response) == ["Cultura regional"]


def test_cards_show_topics_in_alphabetical_order(client, db):
    consultation_in(Phase.Kind.PROPOSALS, topics=["Ruralidad", "Áreas verdes", "Agua"])
    html = client.get(URL).content.decode()
    assert (
        '<span class="tag">Agua</span> <span class="tag">Áreas verdes</span> '
        '<span class="tag">Ruralidad</span>' in html
    )


def test_no_consultations_yet(client, db):
    assert "Todavía no hay consultas publicadas." in client.get(URL).content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_list_refuses_other_methods(client, db, method):
    assert getattr(client, method)(URL).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_list_queries_do_not_grow(resident, db, django_assert_max_num_queries, count):
    for n in range(count):
        consultation = consultation_in(
            Phase.Kind.PROPOSALS, upcoming=(Phase.Kind.SUPPORTS,), topics=["Movilidad"]
        )
        if n % 2:
            consultation.whole_region = False
            consultation.save()
            consultation.comunas.set(["05101", "05109"])
    client = client_for(resident)
    # 1. session, 2. user, 3. topics for the filter, 4. count, 5. the page of
    # consultations, 6. their phases, 7. their comunas, 8. their topics, 9. unread
    # notifications.
    with django_assert_max_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200
