"""A comment's badge says on whose behalf it was written, when it was written
(``Contribution.speaks_for``, set by ``actions.do_post_comment``): not the author's role
today. On the page and in live fragments, through edits and account deletion."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from consultations.models import Phase
from deliberation.actions import do_post_comment
from deliberation.events import DiscussionRoom, comment_payload
from deliberation.models import Comment
from deliberation.queries import discussion_for
from tests.conftest import client_for, with_totp
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.factories import PASSWORD, DivisionFactory

OFFICIAL_BADGE = (
    '<span class="author-badge author-badge--official">Oficial · División de Planificación</span>'
)
OTHER_BADGE = (
    '<span class="author-badge author-badge--official">'
    "Oficial · División de Infraestructura y Transporte</span>"
)
VERIFIED_MARK = '<span class="author-badge author-badge--verified">Residente verificado/a</span>'


@pytest.fixture
def proposal(division, other_resident):
    consultation = consultation_in(
        Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS, slug="ciclovias", division=division
    )
    return ProposalFactory(consultation=consultation, author=other_resident, title="Ciclovía")


@pytest.fixture
def other_division(db):
    return DivisionFactory(name="División de Infraestructura y Transporte", acronym="DIT")


def comment(person, proposal, body: str, **client_options) -> Comment:
    url = f"/conversaciones/{discussion_for(proposal).pk}/comentar/"
    response = client_for(person, **client_options).post(url, {"body": body})
    assert response.status_code == 302
    return Comment.objects.get(body_source=body)


def page(client, proposal) -> str:
    return client.get(proposal.get_absolute_url())


def test_a_residents_comment_does_not_gain_the_badge_after_promotion(
    client, verified_resident, division, proposal
):
    written = comment(verified_resident, proposal, "Como vecina, apoyo la ciclovía.")
    assert written.speaks_for is None
    User.objects.filter(pk=verified_resident.pk).update(is_official=True, division=division)
    with_totp(User.objects.get(pk=verified_resident.pk))

    response = page(client, proposal)
    assertNotContains(response, "author-badge--official")
    # The mark describes the person now: still a verified resident.
    assertContains(response, VERIFIED_MARK, count=1, html=True)


def test_an_officials_comment_keeps_the_badge_after_the_role_ends(
    client, official, division, proposal
):
    written = comment(official, proposal, "Lo estamos revisando.")
    assert written.speaks_for == division
    User.objects.filter(pk=official.pk).update(is_official=False, division=None)

    assertContains(page(client, proposal), OFFICIAL_BADGE, count=1, html=True)


def test_an_officials_comment_keeps_its_division_after_a_move(
    client, official, other_division, proposal
):
    comment(official, proposal, "Lo estamos revisando.")
    User.objects.filter(pk=official.pk).update(division=other_division)

    response = page(client, proposal)
    assertContains(response, OFFICIAL_BADGE, count=1, html=True)
    assertNotContains(response, "Infraestructura")


def test_what_a_moved_official_writes_next_speaks_for_the_new_division(
    client, official, other_division, proposal
):
    comment(official, proposal, "Antes.")
    User.objects.filter(pk=official.pk).update(division=other_division)
    comment(User.objects.get(pk=official.pk), proposal, "Después.")

    response = page(client, proposal)
    assertContains(response, OFFICIAL_BADGE, count=1, html=True)
    assertContains(response, OTHER_BADGE, count=1, html=True)


def test_editing_keeps_the_division_spoken_for(client, official, proposal):
    written = comment(official, proposal, "Lo estamos revisando.")
    User.objects.filter(pk=official.pk).update(is_official=False, division=None)
    former = User.objects.get(pk=official.pk)
    response = client_for(former).post(
        f"/conversaciones/comentarios/{written.pk}/editar/", {"body": "Ya lo revisamos."}
    )
    assert response.status_code == 302

    written.refresh_from_db()
    assert written.body_source == "Ya lo revisamos."
    assertContains(page(client, proposal), OFFICIAL_BADGE, count=1, html=True)


def test_an_official_who_has_not_passed_the_second_factor_speaks_for_themselves(
    client, official, proposal
):
    # Until the session passes the second factor, staff act as plain residents
    # (accounts.roles): the text is theirs, not the division's, and stays so.
    written = comment(official, proposal, "Opinión personal.", second_factor=False)
    assert written.speaks_for is None
    assertNotContains(page(client, proposal), "author-badge--official")


def test_a_deleted_officials_comment_keeps_the_division(client, official, proposal):
    """The division is not personal data: anonymisation leaves it on what they wrote."""
    comment(official, proposal, "Lo estamos revisando.")
    deletion = {"password": PASSWORD, "confirm": "on"}
    assert client_for(official).post("/cuenta/privacidad/eliminar/", deletion).status_code == 302

    response = page(client, proposal)
    assertContains(response, "Participante eliminado")
    assertContains(response, OFFICIAL_BADGE, count=1, html=True)


def test_live_fragments_show_the_division_it_was_written_for(
    django_assert_num_queries, official, verified_resident, division, other_division, proposal
):
    discussion = discussion_for(proposal)
    by_official = do_post_comment(official, discussion=discussion, body="En vivo")
    by_resident = do_post_comment(verified_resident, discussion=discussion, body="Vecina")
    User.objects.filter(pk=official.pk).update(division=other_division)
    User.objects.filter(pk=verified_resident.pk).update(is_official=True, division=division)

    subjects = [("comment", by_official.pk), ("comment", by_resident.pk)]
    with django_assert_num_queries(1):  # the comments, their authors and divisions spoken for
        loaded = DiscussionRoom().load(discussion.pk, subjects)
    with django_assert_num_queries(0):
        official_html = comment_payload(1, "comment.created", loaded[subjects[0]], announce=True)
        resident_html = comment_payload(2, "comment.created", loaded[subjects[1]], announce=True)
    official_html, resident_html = official_html["html"], resident_html["html"]
    assert "Oficial · División de Planificación</span>" in official_html
    assert "Infraestructura" not in official_html
    assert "author-badge--official" not in resident_html
    assert "Residente verificado/a" in resident_html
