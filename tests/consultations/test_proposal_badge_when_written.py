"""A proposal's badge says on whose behalf it was written, when it was written
(``Contribution.speaks_for``, set by ``actions.do_create_proposal``): on its page and in
the list, whatever the author's role later, and through edits."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from consultations.models import Proposal
from tests.conftest import client_for, with_totp
from tests.factories import DivisionFactory

NEW = "/consultas/parques/propuestas/nueva/"
LIST = "/consultas/parques/propuestas/"
OFFICIAL_BADGE = (
    '<span class="author-badge author-badge--official">Oficial · División de Planificación</span>'
)
VERIFIED_MARK = '<span class="author-badge author-badge--verified">Residente verificado/a</span>'


@pytest.fixture
def other_division(db):
    return DivisionFactory(name="División de Infraestructura y Transporte", acronym="DIT")


def propose(person, title: str, **client_options) -> Proposal:
    response = client_for(person, **client_options).post(NEW, {"title": title, "body": "Texto"})
    assert response.status_code == 302, response.content.decode()
    return Proposal.objects.get(title=title)


def pages(client, proposal) -> list:
    return [client.get(proposal.get_absolute_url()), client.get(LIST)]


def test_a_residents_proposal_does_not_gain_the_badge_after_promotion(
    client, verified_resident, division, proposals_consultation
):
    proposal = propose(verified_resident, "Más árboles")
    assert proposal.speaks_for is None
    User.objects.filter(pk=verified_resident.pk).update(is_official=True, division=division)
    with_totp(User.objects.get(pk=verified_resident.pk))

    for response in pages(client, proposal):
        assertNotContains(response, "author-badge--official")
        assertContains(response, VERIFIED_MARK, count=1, html=True)


def test_an_officials_proposal_keeps_the_badge_after_the_role_ends(
    client, official, division, proposals_consultation
):
    proposal = propose(official, "Plan de arbolado")
    assert proposal.speaks_for == division
    User.objects.filter(pk=official.pk).update(is_official=False, division=None)

    for response in pages(client, proposal):
        assertContains(response, OFFICIAL_BADGE, count=1, html=True)


def test_an_officials_proposal_keeps_its_division_after_a_move(
    client, official, other_division, proposals_consultation
):
    proposal = propose(official, "Plan de arbolado")
    User.objects.filter(pk=official.pk).update(division=other_division)

    for response in pages(client, proposal):
        assertContains(response, OFFICIAL_BADGE, count=1, html=True)
        assertNotContains(response, "Infraestructura")


def test_editing_keeps_the_division_spoken_for(
    client, official, other_division, proposals_consultation
):
    proposal = propose(official, "Plan de arbolado")
    User.objects.filter(pk=official.pk).update(division=other_division)
    moved = User.objects.get(pk=official.pk)
    response = client_for(moved).post(
        f"{proposal.get_absolute_url()}editar/", {"title": "Plan de arbolado", "body": "Otro"}
    )
    assert response.status_code == 302

    proposal.refresh_from_db()
    assert proposal.body_source == "Otro"
    assert proposal.speaks_for_id == official.division_id
    assertContains(client.get(proposal.get_absolute_url()), OFFICIAL_BADGE, count=1, html=True)


def test_an_official_who_has_not_passed_the_second_factor_speaks_for_themselves(
    client, official, proposals_consultation
):
    proposal = propose(official, "Idea personal", second_factor=False)
    assert proposal.speaks_for is None
    for response in pages(client, proposal):
        assertNotContains(response, "author-badge--official")
