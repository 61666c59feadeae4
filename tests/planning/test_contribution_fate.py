"""A contribution's fate: planning.views.contribution_fate
(/planificacion/aportes/<kind>/<id>/, a comment's fate) and the proposal page's include
(planning/fate.html)."""

import pytest

from tests.conftest import client_for
from tests.planning.factories import comment_on, outcome_for


def test_proposal_page_shows_its_fate_and_links_to_the_section(client, proposal, section, official):
    outcome_for(
        proposal, sections=[section], decided_by=official, progress=35, justification="Va al OE 1."
    )
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "¿Qué pasó con este aporte?" in html
    assert "Incorporada" in html
    assert "Va al OE 1." in html
    assert 'href="/planificacion/erd/#section-1"' in html
    assert "35 %" in html


def test_proposal_without_fate_shows_nothing_to_residents(client, proposal):
    assert (
        "¿Qué pasó con este aporte?" not in client.get(proposal.get_absolute_url()).content.decode()
    )


def test_curator_gets_the_link_to_record_it(official, proposal, section):
    html = client_for(official).get(proposal.get_absolute_url()).content.decode()
    assert f'href="/planificacion/destinos/nuevo/?tipo=propuesta&amp;id={proposal.pk}"' in html


def test_comment_fate_page(client, proposal, section, official):
    comment = comment_on(proposal, body="<p>Que cruce el estero.</p>")
    outcome_for(comment, sections=[section], decided_by=official, decision="parcial")
    response = client.get(f"/planificacion/aportes/comentario/{comment.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Que cruce el estero." in html
    assert "Incorporada parcialmente" in html
    assert f'href="/conversaciones/comentarios/{comment.pk}/"' in html


def test_fate_page_of_a_contribution_without_outcome(client, proposal):
    response = client.get(f"/planificacion/aportes/propuesta/{proposal.pk}/")
    assert response.status_code == 200
    assert "Todavía no hay una decisión" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/planificacion/aportes/propuesta/9999/", "/planificacion/aportes/nada/1/"]
)
def test_unknown_contribution_is_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_wrong_method(client, proposal):
    assert client.post(f"/planificacion/aportes/propuesta/{proposal.pk}/").status_code == 405


def test_fate_page_queries(client, proposal, section, official, django_assert_max_num_queries):
    comment = comment_on(proposal)
    outcome_for(comment, sections=[section], decided_by=official)
    # 1. the comment (public subquery), 2. its owner, 3. the outcome with sections.
    with django_assert_max_num_queries(3):
        client.get(f"/planificacion/aportes/comentario/{comment.pk}/")


def test_lists_learn_which_items_have_an_outcome_in_one_query(
    proposal, section, official, django_assert_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    from deliberation.models import Comment
    from planning.queries import decisions_of

    decided, other = comment_on(proposal), comment_on(proposal)
    outcome_for(decided, sections=[section], decided_by=official, decision="parcial")
    content_type = ContentType.objects.get_for_model(Comment)
    with django_assert_num_queries(1):
        assert decisions_of(content_type.pk, [decided.pk, other.pk]) == {decided.pk: "parcial"}


def test_shared_copy_of_the_fate_page_stays_html(resident, proposal, section, official, settings):
    settings.PAGE_CACHE_SECONDS = 60
    outcome_for(proposal, sections=[section], decided_by=official)
    client = client_for(resident)
    for _ in range(2):  # computed, then the shared copy
        html = client.get(f"/planificacion/aportes/propuesta/{proposal.pk}/").content.decode()
        assert '<section class="card fate"' in html
