"""views.consultation_results: /consultas/<slug>/resultados/ (participation figures as
common.disclosure publishes them, answered proposals, survey results). The attacks on the
figures: test_disclosure_attacks.py."""

import re

import pytest
from django.utils import timezone

from consultations.models import Consultation, Phase, Proposal
from surveys.models import Survey
from tests.conftest import client_for
from tests.consultations.factories import (
    ProposalAnswerFactory,
    ProposalFactory,
    SupportFactory,
    consultation_in,
)
from tests.surveys.factories import add_responses, demographic_people, make_survey

URL = "/consultas/cultura/resultados/"


@pytest.fixture
def consultation(db):
    return consultation_in(Phase.Kind.RESULTS, title="Política de cultura", slug="cultura")


@pytest.fixture
def figures(consultation, resident, other_resident, official):
    """12 respondents (6 in Valparaíso and 6 in Viña del Mar; 6 F and 6 M; 4 in each of
    three age ranges), plus a proposal by ``other_resident`` supported by ``resident`` and
    by one respondent (both Valparaíso, no gender or age): 14 participants."""
    survey = make_survey(consultation, state="closed")
    people = demographic_people(12, ages=("18-29", "30-44", "45-59"))
    add_responses(survey, 12, people=people)
    proposal = ProposalFactory(
        consultation=consultation, author=other_resident, title="Biblioteca en Quillota"
    )
    SupportFactory(proposal=proposal, user=resident)
    SupportFactory(proposal=proposal, user=people[0])
    ProposalAnswerFactory(
        proposal=proposal,
        author=official,
        state=Proposal.State.ACCEPTED,
        body="<p>La incluimos en el plan 2027.</p>",
        estimated_cost=120_000_000,
        execution_period="2027",
        is_published=True,
        published_at=timezone.now(),
    )
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.ACCEPTED)
    return survey


def cells(html: str, caption: str) -> dict[str, str]:
    table = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>.*?</table>", html, re.S)
    assert table, caption
    found = re.findall(
        r'<th scope="row"[^>]*>(.*?)</th><td class="num">(.*?)</td>', table.group(0), re.S
    )
    return dict(found)


def test_anyone_sees_participation_answers_and_survey_results(figures, client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    figures_list = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html)
    assert figures_list[:4] == [
        ("Personas participantes", "15"),  # 14, rounded to a multiple of 5
        ("Propuestas", "1"),
        ("Apoyos", "2"),
        ("Respuestas a la encuesta", "12"),
    ]
    assert cells(html, "Propuestas por estado")["Aceptada"] == "1"
    by_comuna = cells(html, "Personas participantes por comuna")
    assert by_comuna["Valparaíso"] == "10"  # 8
    assert by_comuna["Viña del Mar"] == "5"  # 6
    # Every comuna of the region is accounted for, so a small one does not reveal a
    # participant: the 36 under 5 people in one row (none of them took part here).
    assert by_comuna["Otras 36 comunas (menos de 5 personas cada una)"] == "menos de 5"
    assert "Quilpué" in re.search(
        r"<details class=\"results-table__members\">.*?</details>", html, re.S
    ).group(0)
    assert by_comuna["Otras comunas o sin comuna"] == "menos de 5"
    assert len(by_comuna) == 4
    by_gender = cells(html, "Personas participantes por género")
    assert by_gender == {
        "Femenino": "5",  # 6
        "Masculino": "5",  # 6
        "No binario": "menos de 5",
        "Otro": "menos de 5",
        "Prefiero no decirlo": "menos de 5",
        "Sin dato": "menos de 5",
    }
    by_age = cells(html, "Personas participantes por tramo de edad")
    assert set(by_age.values()) == {"menos de 5"}
    # The answered proposal, with its public answer.
    assert "Biblioteca en Quillota" in html
    assert "La incluimos en el plan 2027." in html
    assert "$120.000.000</dd>" in html  # as Chileans write pesos, like the proposal page
    # The survey results, from the same partial as the survey's own page.
    assert "12 personas respondieron la encuesta." in html
    assert '<svg class="chart" role="img"' in html


def test_no_person_is_named_or_identifiable(figures, client, resident, other_resident):
    html = client.get(URL).content.decode()
    main = html.split("<main", 1)[1]
    for person in (resident, other_resident):
        assert person.display_name not in main
        assert person.email not in main


def test_a_lone_small_cell_reserves_the_next_smallest(consultation, client):
    # A consultation on two comunas: 6 people from Valparaíso, 7 from Viña del Mar and
    # none from elsewhere. With the total published, the lone small cell ("others": 0)
    # could be deduced by subtraction, so the smallest other cell is reserved too.
    Consultation.objects.filter(pk=consultation.pk).update(whole_region=False)
    consultation.comunas.set(["05101", "05109"])
    survey = make_survey(consultation, state="closed")
    people = demographic_people(6, comunas=("05101",)) + demographic_people(7, comunas=("05109",))
    add_responses(survey, 13, people=people)
    html = client.get(URL).content.decode()
    assert cells(html, "Personas participantes por comuna") == {
        "Valparaíso": "reservado",
        "Viña del Mar": "5",  # 7
        "Otras comunas o sin comuna": "menos de 5",
    }
    assert "se reserva también la siguiente más pequeña" in html
    assert "Cifras de personas redondeadas a múltiplos de 5" in html


def test_hidden_content_never_shows(figures, consultation, client, official):
    hidden = ProposalFactory(
        consultation=consultation,
        title="Propuesta oculta por moderación",
        moderation_status=Proposal.ModerationStatus.HIDDEN,
    )
    ProposalAnswerFactory(
        proposal=hidden,
        author=official,
        body="<p>Respuesta a lo oculto</p>",
        is_published=True,
        published_at=timezone.now(),
    )
    pending = ProposalFactory(
        consultation=consultation, moderation_status=Proposal.ModerationStatus.PENDING
    )
    SupportFactory(proposal=pending)
    draft = ProposalFactory(consultation=consultation, title="Propuesta con borrador")
    ProposalAnswerFactory(
        proposal=draft, author=official, body="<p>Borrador interno</p>", is_published=False
    )
    html = client.get(URL).content.decode()
    assert "Propuesta oculta por moderación" not in html
    assert "Respuesta a lo oculto" not in html
    assert "Borrador interno" not in html
    assert "Propuesta con borrador" not in html  # visible, but not answered yet
    figures_list = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html)
    # Propuestas: the answered one and the draft-answered one; the hidden and pending
    # ones do not count.
    assert ("Propuestas", "2") in figures_list


@pytest.mark.parametrize("language", ["es", "en"])
def test_answer_costs_read_as_chilean_pesos_like_on_the_proposal_page(
    figures, consultation, client, official, language
):
    # The proposal page writes "$120.000.000" in every language; the results page used the
    # locale's grouping ("$120 000 000", "$120,000,000") and dropped a cost of zero.
    free = ProposalFactory(consultation=consultation, title="Sin costo")
    ProposalAnswerFactory(
        proposal=free,
        author=official,
        estimated_cost=0,
        is_published=True,
        published_at=timezone.now(),
    )
    client.cookies["django_language"] = language
    html = client.get(URL).content.decode()
    assert "$120.000.000</dd>" in html
    assert "<dd>$0</dd>" in html


def test_withdrawn_answered_proposals_show_marked(figures, consultation, client, official):
    withdrawn = ProposalFactory(
        consultation=consultation,
        title="Propuesta retirada",
        moderation_status=Proposal.ModerationStatus.WITHDRAWN,
    )
    ProposalAnswerFactory(
        proposal=withdrawn, author=official, is_published=True, published_at=timezone.now()
    )
    html = client.get(URL).content.decode()
    assert "Propuesta retirada" in html
    assert "Retirada por quien la propuso" in html


def test_survey_results_wait_while_the_survey_is_open(consultation, client, official):
    survey = make_survey(consultation, state="open")
    add_responses(survey, 3)
    html = client.get(URL).content.decode()
    assert "Los resultados de la encuesta se publicarán cuando cierre" in html
    assert "<svg" not in html
    # Participation still counts the respondents.
    assert ("Respuestas a la encuesta", "3") in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html)
    assert "Vista previa interna" in client_for(official).get(URL).content.decode()
    Survey.objects.filter(pk=survey.pk).update(results_while_open=True)
    assert "<svg" in client.get(URL).content.decode()


def test_a_consultation_without_anything_yet_has_empty_states(consultation, client):
    html = client.get(URL).content.decode()
    assert "Todavía no hay respuestas oficiales publicadas." in html
    assert "Encuesta:" not in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_results_page_refuses_other_methods(consultation, client, method):
    assert getattr(client, method)(URL).status_code == 405


def test_unknown_and_draft_consultations_are_not_found(consultation, client, resident_client):
    assert client.get("/consultas/no-existe/resultados/").status_code == 404
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.DRAFT)
    assert client.get(URL).status_code == 404
    assert resident_client.get(URL).status_code == 404


def test_officials_preview_a_draft_consultation(consultation, official):
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.DRAFT)
    response = client_for(official).get(URL)
    assert response.status_code == 200
    assert "Borrador: solo lo ve el equipo del Gobierno Regional" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_results_page_queries_do_not_grow_with_data(
    consultation, client, official, django_assert_max_num_queries, count
):
    survey = make_survey(consultation, state="closed")
    add_responses(survey, count)
    for index in range(count):
        proposal = ProposalFactory(consultation=consultation)
        SupportFactory(proposal=proposal)
        if index % 2:
            ProposalAnswerFactory(
                proposal=proposal, author=official, is_published=True, published_at=timezone.now()
            )
    Consultation.objects.filter(pk=consultation.pk).update(whole_region=False)
    consultation.comunas.set(["05101", "05109"])
    # consultation, its survey; participation: phases, proposals by state, responses,
    # participants by comuna/gender/age, the consultation's comunas; answered proposals:
    # count, page; survey: questions, options, tally, text counts, responses. Closed, the
    # first reader also freezes the figures: looks for the snapshot, then stores it
    # (savepoint, insert, release).
    with django_assert_max_num_queries(18):
        response = client.get(URL)
    assert response.status_code == 200


def test_a_second_visit_reuses_the_cached_aggregates(figures, client, django_assert_num_queries):
    client.get(URL)
    # consultation, its survey, its phases; answered proposals: count, page; survey:
    # questions, options.
    with django_assert_num_queries(7):
        html = client.get(URL).content.decode()
    assert "Cifras finales de participación: la participación cerró el" in html
