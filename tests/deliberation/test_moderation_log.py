"""deliberation.moderation_views.log: GET /moderacion/registro/ (public, cached for
anonymous visitors)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from common import pagecache
from deliberation.actions import (
    do_ask_edit,
    do_hide_contribution,
    do_report_contribution,
    do_restore_contribution,
)
from deliberation.models import ModerationDecision
from tests.conftest import client_for
from tests.consultations.factories import ProposalFactory
from tests.deliberation.moderation_cases import parse, reported_comment
from tests.factories import UserFactory

URL = "/moderacion/registro/"


def rows(response) -> list[list[str]]:
    return [
        [cell.text() for cell in row.all("td")] for row in parse(response).one("tbody").all("tr")
    ]


def test_anyone_reads_the_decisions_newest_first(moderator, resident):
    comment = reported_comment(resident, body="Texto secreto ofensivo", reports=3)
    do_hide_contribution(
        moderator, contribution=comment, reason="Lenguaje ofensivo", category="ofensivo"
    )
    response = Client().get(URL)
    assert response.status_code == 200
    found = rows(response)
    assert [row[1:] for row in found] == [
        ["Comentario", "Ocultado", "Ofensivo o discriminatorio", "Lenguaje ofensivo"],
        ["Comentario", "Ocultado por reportes, en espera de revisión", "—", "—"],
    ]
    assert found[0][0]  # the date


def test_no_personal_data_nor_hidden_text(moderator, resident):
    comment = reported_comment(resident, body="Texto secreto ofensivo", reports=3)
    do_hide_contribution(moderator, contribution=comment, reason="Insultos", category="ofensivo")
    proposal = ProposalFactory(author=resident, title="Título de la propuesta")
    do_report_contribution(UserFactory(), contribution=proposal, reason="spam")
    do_ask_edit(moderator, contribution=proposal, reason="Quita el teléfono de Camila")
    for client in (Client(), client_for(resident)):
        response = client.get(URL)
        main = parse(response).one("main").text()
        for private in (
            "Texto secreto ofensivo",  # the hidden text
            "Camila",  # its author (and what was written to her)
            "Mod",  # the moderator
            "Título de la propuesta",  # a title
            "Quita el teléfono",  # a reason written to the author, not the public
        ):
            assert private not in main
        assertNotContains(response, f"comentario-{comment.pk}")
        assertNotContains(response, proposal.get_absolute_url())
    assert "Propuesta" in [row[1] for row in rows(Client().get(URL))]


def test_cached_for_anonymous_visitors_until_a_new_decision(moderator, resident):
    comment = reported_comment(resident, reports=1)
    assert Client().get(URL)[pagecache.HEADER] == "miss"
    assert Client().get(URL)[pagecache.HEADER] == "hit"
    do_restore_contribution(moderator, contribution=comment)
    response = Client().get(URL)
    assert response[pagecache.HEADER] == "miss"
    assertContains(response, "Reportes descartados")


def test_pages_go_back_in_time(moderator, resident):
    comment = reported_comment(resident, reports=1)
    ModerationDecision.objects.bulk_create(
        ModerationDecision(
            content_type=ContentType.objects.get_for_model(comment),
            object_id=comment.pk,
            action=ModerationDecision.Action.DISMISS,
            moderator=moderator,
            status_before="published",
            reason=f"r{n}",
        )
        for n in range(55)
    )
    first = Client().get(URL)
    assert len(rows(first)) == 50
    older = Client().get(URL + parse(first).one("a", rel="next")["href"])
    assert len(rows(older)) == 5
    assert parse(older).one("a", rel="next") is None
    assertContains(older, "Más recientes")


def test_empty_log_and_malformed_cursor(db):
    assertContains(Client().get(URL), "Todavía no hay decisiones de moderación.")
    assert Client().get(URL + "?antes=%EF%BC%91").status_code == 200


def test_wrong_method():
    assert Client().post(URL).status_code == 405


@pytest.mark.parametrize("count", [1, 20])
def test_queries_stay_constant(count, moderator, django_assert_num_queries):
    for _n in range(count):
        comment = reported_comment(UserFactory(), reports=1)
        do_hide_contribution(moderator, contribution=comment, reason="r", category="spam")
    # 1 the page of decisions (kinds from the content-type cache).
    with django_assert_num_queries(1):
        Client().get(URL)
