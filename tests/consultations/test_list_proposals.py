"""consultations.views.list_proposals: /consultas/<slug>/propuestas/, sorted, filtered,
paginated, with a support button per proposal during the supports phase."""

import re

import pytest
from django.utils import timezone

from consultations.actions import refresh_proposal_search
from consultations.models import Consultation, Phase, Proposal, Support
from tests.conftest import client_for
from tests.consultations.factories import (
    ConsultationFactory,
    ProposalFactory,
    SupportFactory,
    consultation_in,
)
from tests.factories import UserFactory

URL = "/consultas/ciclovias/propuestas/"


def titles(response) -> list[str]:
    return re.findall(
        r'class="proposal-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def three(supports_consultation):
    """Created in order a, b, c; supports b 3 > c 2 > a 1; comments c 5 > a 1 > b 0."""
    now = timezone.now()
    a = ProposalFactory(
        consultation=supports_consultation,
        title="Ciclovía costanera",
        body="Una ciclovía junto al mar.",
        created_at=now - timezone.timedelta(days=3),
        support_count=1,
        comment_count=1,
    )
    b = ProposalFactory(
        consultation=supports_consultation,
        title="Estacionamientos de bicicletas",
        body="Bicicleteros seguros en estaciones.",
        created_at=now - timezone.timedelta(days=2),
        support_count=3,
        comment_count=0,
    )
    c = ProposalFactory(
        consultation=supports_consultation,
        title="Semáforos para ciclistas",
        body="Cruces seguros.",
        created_at=now - timezone.timedelta(days=1),
        support_count=2,
        comment_count=5,
    )
    # What the actions do after writing (factories skip them): PostgreSQL's search.
    refresh_proposal_search([a.pk, b.pk, c.pk])
    return a, b, c


def test_anyone_sees_the_proposals_newest_first(client, three):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == [
        "Semáforos para ciclistas",
        "Estacionamientos de bicicletas",
        "Ciclovía costanera",
    ]
    html = response.content.decode()
    assert "3 propuestas" in html
    assert "Ingresa para apoyar propuestas" in html


def test_cards_write_the_date_in_spanish_without_a_capital_month(client, supports_consultation):
    # "j M Y" printed "18 Nov 2026": Spanish writes months in lower case.
    ProposalFactory(
        consultation=supports_consultation,
        created_at=timezone.make_aware(timezone.datetime(2026, 11, 18, 12)),
    )
    html = client.get(URL).content.decode()
    assert "18 de noviembre de 2026" in html
    assert "Nov" not in html


def test_cards_show_topics_in_alphabetical_order(client, supports_consultation):
    ProposalFactory(consultation=supports_consultation, topics=["Ruralidad", "Agua"])
    html = client.get(URL).content.decode()
    assert '<span class="tag">Agua</span> <span class="tag">Ruralidad</span>' in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "recientes",
            ["Semáforos para ciclistas", "Estacionamientos de bicicletas", "Ciclovía costanera"],
        ),
        (
            "mas-apoyadas",
            ["Estacionamientos de bicicletas", "Semáforos para ciclistas", "Ciclovía costanera"],
        ),
        (
            "mas-comentadas",
            ["Semáforos para ciclistas", "Ciclovía costanera", "Estacionamientos de bicicletas"],
        ),
    ],
)
def test_proposals_can_be_sorted(client, three, sort, expected):
    assert titles(client.get(URL, {"orden": sort})) == expected


def test_random_order_is_stable_for_a_visitor_and_differs_between_visitors(supports_consultation):
    for n in range(30):
        ProposalFactory(consultation=supports_consultation, title=f"Idea {n:02}")
    first, second = client_for(UserFactory()), client_for(UserFactory())
    order = titles(first.get(URL, {"orden": "aleatorio"}))
    assert len(order) == 20
    # Same visitor, same order (page 1 again, then page 2 continues without repeats).
    assert titles(first.get(URL, {"orden": "aleatorio"})) == order
    rest = titles(first.get(URL, {"orden": "aleatorio", "pagina": 2}))
    assert len(rest) == 10
    assert not set(rest) & set(order)
    # Other visitors get other orders. A seed is one of 64 starting points of the shared
    # shuffle, which has 30 places here, so one other visitor repeats the order with a
    # chance of about 1/20: ask four (a false failure about once in 160,000 runs).
    others = [second] + [client_for(UserFactory()) for _ in range(3)]
    assert any(titles(other.get(URL, {"orden": "aleatorio"})) != order for other in others)
    assert sorted(order + rest) == sorted(f"Idea {n:02}" for n in range(30))


def test_anonymous_visitors_keep_their_random_order_too(client, supports_consultation):
    for n in range(25):
        ProposalFactory(consultation=supports_consultation, title=f"Idea {n:02}")
    order = titles(client.get(URL, {"orden": "aleatorio"}))
    assert titles(client.get(URL, {"orden": "aleatorio"})) == order


def test_proposals_are_filtered_by_topic_comuna_and_state(client, supports_consultation):
    supports_consultation.topics.set(["Seguridad", "Movilidad"])
    ProposalFactory(consultation=supports_consultation, title="Con tema", topics=["Seguridad"])
    ProposalFactory(consultation=supports_consultation, title="En Viña", comuna_id="05109")
    ProposalFactory(
        consultation=supports_consultation, title="Aceptada", state=Proposal.State.ACCEPTED
    )
    ProposalFactory(
        consultation=supports_consultation,
        title="Retirada",
        moderation_status=Proposal.ModerationStatus.WITHDRAWN,
    )
    assert titles(client.get(URL, {"tema": "seguridad"})) == ["Con tema"]
    assert titles(client.get(URL, {"comuna": "05109"})) == ["En Viña"]
    assert titles(client.get(URL, {"estado": "aceptadas"})) == ["Aceptada"]
    # Withdrawn proposals are out of the default list, and listed under their filter.
    assert "Retirada" not in titles(client.get(URL))
    assert titles(client.get(URL, {"estado": "retiradas"})) == ["Retirada"]


def test_search_finds_words_in_title_and_body(client, three):
    assert titles(client.get(URL, {"q": "mar"})) == ["Ciclovía costanera"]
    assert titles(client.get(URL, {"q": "bicicletas"})) == ["Estacionamientos de bicicletas"]
    response = client.get(URL, {"q": "zzzz"})
    assert "Ninguna propuesta coincide con tu búsqueda." in response.content.decode()


def test_bad_filter_values_are_reported_and_the_rest_still_applies(client, three):
    response = client.get(URL, {"orden": "peores", "q": "mar"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Elige una opción válida" in html
    assert titles(response) == ["Ciclovía costanera"]
    # What was typed stays in the search box.
    assert 'value="mar"' in html


def test_pagination_keeps_the_filters(client, supports_consultation):
    for n in range(25):
        ProposalFactory(consultation=supports_consultation, title=f"Idea {n:02}")
    html = client.get(URL, {"orden": "mas-apoyadas"}).content.decode()
    assert "Página 1 de 2" in html
    assert 'href="?orden=mas-apoyadas&amp;pagina=2"' in html
    assert len(titles(client.get(URL, {"orden": "mas-apoyadas", "pagina": 2}))) == 5


def test_resident_sees_support_buttons_and_what_they_already_support(
    resident, supports_consultation
):
    supported = ProposalFactory(consultation=supports_consultation, title="Apoyada")
    ProposalFactory(consultation=supports_consultation, title="Sin apoyo")
    SupportFactory(proposal=supported, user=resident)
    html = client_for(resident).get(URL).content.decode()
    assert f'action="/consultas/ciclovias/propuestas/{supported.pk}/quitar-apoyo/"' in html
    assert html.count('action="/consultas/ciclovias/propuestas/') == 2
    assert "Apoyas esta propuesta" in html


def test_support_limit_shows_what_is_left(resident, supports_consultation):
    supports_consultation.support_limit = 3
    supports_consultation.save()
    SupportFactory(proposal=ProposalFactory(consultation=supports_consultation), user=resident)
    html = client_for(resident).get(URL).content.decode()
    assert "Te quedan 2 apoyos de 3." in html


def test_used_up_supports_show_a_note_instead_of_support_buttons(resident, supports_consultation):
    supports_consultation.support_limit = 2
    supports_consultation.save()
    first, second = ProposalFactory.create_batch(2, consultation=supports_consultation)
    other = ProposalFactory(consultation=supports_consultation, title="Otra")
    for proposal in (first, second):
        SupportFactory(proposal=proposal, user=resident)
    html = client_for(resident).get(URL).content.decode()
    # Supporting a third would be refused: no button, the note instead (on the card and
    # at the top); taking one back is still offered.
    assert f'action="{other.get_absolute_url()}apoyar/"' not in html
    assert "/apoyar/" not in html
    note = "Usaste tus 2 apoyos; quita uno para apoyar otra propuesta."
    assert html.count(note) == 2
    assert html.count("/quitar-apoyo/") == 2
    assert "Te quedan 0 apoyos" not in html

    # With one taken back, the buttons come back.
    Support.objects.filter(proposal=first, user=resident).delete()
    html = client_for(resident).get(URL).content.decode()
    assert note not in html
    assert f'action="{other.get_absolute_url()}apoyar/"' in html
    assert "Te queda 1 apoyo de 2." in html


def test_a_single_support_used_up_reads_in_the_singular(resident, supports_consultation):
    supports_consultation.support_limit = 1
    supports_consultation.save()
    SupportFactory(proposal=ProposalFactory(consultation=supports_consultation), user=resident)
    ProposalFactory(consultation=supports_consultation)
    html = client_for(resident).get(URL).content.decode()
    assert "Usaste tu 1 apoyo; quítalo para apoyar otra propuesta." in html


def test_no_support_buttons_outside_the_supports_phase(resident, proposals_consultation):
    ProposalFactory(consultation=proposals_consultation, title="Temprana")
    html = client_for(resident).get("/consultas/parques/propuestas/").content.decode()
    assert "/apoyar/" not in html
    assert "Escribir una propuesta" in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_list_refuses_other_methods(client, supports_consultation, method):
    assert getattr(client, method)(URL).status_code == 405


def test_draft_consultation_proposals_are_not_found(resident):
    ConsultationFactory(slug="borrador", status="draft")
    assert client_for(resident).get("/consultas/borrador/propuestas/").status_code == 404


def test_unknown_consultation_is_not_found(client, db):
    assert client.get("/consultas/no-existe/propuestas/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_list_queries_do_not_grow_with_proposals(
    resident, supports_consultation, django_assert_max_num_queries, count
):
    supports_consultation.support_limit = 5
    supports_consultation.save()
    supports_consultation.topics.set(["Movilidad"])
    for n in range(count):
        proposal = ProposalFactory(
            consultation=supports_consultation,
            topics=["Movilidad"],
            comuna_id="05101",
            latitude=-33.0 if n % 2 else None,
            longitude=-71.6 if n % 2 else None,
        )
        SupportFactory(proposal=proposal, user=resident)
    client = client_for(resident)
    # 1. session, 2. user, 3. consultation (with planning instrument, division, survey),
    # 4. its phases, 5. its comunas, 6. its topics, 7. the page's ids (at random: from
    # the seed on, 8. then from the start if the page wraps), 9. the page's rows (with
    # author and comuna), 10. their topics, 11. the viewer's supports among them, 12. the
    # viewer's supports used (limit: what is left, or the used-up note that replaces the
    # buttons; with 30 supports and a limit of 5 they are used up), 13. unread
    # notifications. The count comes from the cache after the first visit (see
    # test_counts_are_reused_until_a_write).
    for sort in ["recientes", "mas-apoyadas", "aleatorio", "mas-comentadas"]:
        client.get(URL, {"orden": sort})  # the random seed is stored on the first visit
        with django_assert_max_num_queries(13):
            response = client.get(URL, {"orden": sort})
        assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_anonymous_list_queries_do_not_grow_either(
    client, supports_consultation, django_assert_max_num_queries, count
):
    ProposalFactory.create_batch(count, consultation=supports_consultation)
    # 1. consultation, 2. phases, 3. comunas, 4. topics, 5. count (cold cache), 6. ids,
    # 7. rows, 8. their topics.
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200


def test_proposals_of_a_consultation_without_phases_are_listed(client, db):
    consultation = consultation_in(slug="sin-fases")
    ProposalFactory(consultation=consultation, title="Antigua")
    assert titles(client.get("/consultas/sin-fases/propuestas/")) == ["Antigua"]


def test_closed_supports_phase_says_so(resident, supports_consultation):
    phase = supports_consultation.phases.get(kind=Phase.Kind.SUPPORTS)
    phase.closed_at = timezone.now()
    phase.save()
    ProposalFactory(consultation=supports_consultation)
    html = client_for(resident).get(URL).content.decode()
    assert "/apoyar/" not in html


def test_the_random_order_walks_from_the_seed_and_wraps_around(supports_consultation):
    """Keys 0, 10, …, 240; seed 125: 130 … 240 first, then 0 … 120, each exactly once."""
    from consultations.queries import proposal_list, proposal_page

    for n in range(25):
        ProposalFactory(
            consultation=supports_consultation, title=f"k{n * 10:03}", shuffle_key=n * 10
        )
    supports_consultation = Consultation.objects.prefetch_related("topics").get(
        pk=supports_consultation.pk
    )
    proposals = proposal_list(supports_consultation, sort="aleatorio")
    pages = [
        [p.title for p in proposal_page(proposals, supports_consultation, n, 10, seed=125)]
        for n in (1, 2, 3)
    ]
    expected = [f"k{k:03}" for k in [*range(130, 250, 10), *range(0, 130, 10)]]
    assert pages == [expected[:10], expected[10:20], expected[20:]]


def test_counts_are_reused_until_a_write(
    resident, client, supports_consultation, django_capture_on_commit_callbacks
):
    """The list's total is cached; the actions that change it make the next list count."""
    ProposalFactory(consultation=supports_consultation)
    assert "1 propuesta" in client.get(URL).content.decode()
    # A row written behind the actions' back waits for the cache to expire…
    ProposalFactory(consultation=supports_consultation)
    assert "1 propuesta" in client.get(URL).content.decode()
    # …one written by an action shows at once (after its commit).
    with django_capture_on_commit_callbacks(execute=True):
        client_for(resident).post(
            "/consultas/ciclovias/propuestas/nueva/", {"title": "Nueva", "body": "Texto"}
        )
    assert "3 propuestas" in client.get(URL).content.decode()
