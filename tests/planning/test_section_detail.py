"""planning.views.section_detail: /planificacion/<slug>/secciones/<position>/ (every
public contribution of a section, paginated, filtered by decision)."""

import pytest

from planning import queries
from tests.consultations.factories import ProposalFactory
from tests.planning.factories import outcome_for


def url(section) -> str:
    return f"/planificacion/erd/secciones/{section.position}/"


def test_section_lists_its_contributions_and_filters_by_decision(
    client, section, proposal, consultation, official
):
    outcome_for(proposal, sections=[section], decided_by=official)
    rejected = ProposalFactory(consultation=consultation, title="Teleférico")
    outcome_for(rejected, sections=[section], decided_by=official, decision="no_incorporada")
    html = client.get(url(section)).content.decode()
    assert "Ciclovía por la costanera" in html
    assert "Teleférico" in html
    html = client.get(f"{url(section)}?decision=no_incorporada").content.decode()
    assert "Teleférico" in html
    assert "Ciclovía por la costanera" not in html


def test_section_paginates(client, section, consultation, official):
    for _index in range(queries.PER_PAGE + 1):
        outcome_for(
            ProposalFactory(consultation=consultation), sections=[section], decided_by=official
        )
    html = client.get(url(section)).content.decode()
    assert html.count('class="justification"') == queries.PER_PAGE
    assert "Página 1 de 2" in html
    second = client.get(f"{url(section)}?pagina=2").content.decode()
    assert second.count('class="justification"') == 1


def test_unknown_decision_shows_every_decision(client, section, proposal, official):
    outcome_for(proposal, sections=[section], decided_by=official)
    assert "Ciclovía por la costanera" in client.get(f"{url(section)}?decision=x").content.decode()


def test_unknown_section_is_not_found(client, instrument):
    assert client.get("/planificacion/erd/secciones/9/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put"])
def test_wrong_method(client, section, method):
    assert getattr(client, method)(url(section)).status_code == 405


@pytest.mark.parametrize("size", [2, 12])
def test_queries(client, section, consultation, official, size, django_assert_max_num_queries):
    for _index in range(size):
        outcome_for(
            ProposalFactory(consultation=consultation), sections=[section], decided_by=official
        )
    # 1. section with instrument, 2. count, 3. the page's links with outcomes,
    # 4. proposals.
    with django_assert_max_num_queries(4):
        assert client.get(url(section)).status_code == 200
