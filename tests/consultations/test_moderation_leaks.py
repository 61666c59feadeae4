"""Hidden (by reports) and pending (pre-moderation) contributions never reach anyone else:
one test per path — pages, cached pages, the API, open data, search, notifications and the
live room's catch-up (what a socket is sent)."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Notification
from common import pagecache
from consultations.actions import refresh_proposal_search
from consultations.models import Consultation, Phase, Proposal
from deliberation.actions import do_follow, do_post_comment, do_report_contribution
from deliberation.models import Discussion
from deliberation.rooms import catch_up
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.factories import UserFactory

HIDDEN = "Texto denunciado xilofono"
PENDING = "Texto en espera zanahoria"


@pytest.fixture
def consultation(db, division, settings):
    settings.CABILDO_REPORTS_TO_HIDE = 3
    return consultation_in(
        Phase.Kind.PROPOSALS, title="Consulta vigilada", slug="vigilada", division=division
    )


@pytest.fixture
def discussion(consultation) -> Discussion:
    return Discussion.objects.get(content_type__model="consultation", object_id=consultation.pk)


def _hide_by_reports(contribution) -> None:
    for n in range(3):
        key = f"{contribution._meta.model_name}{contribution.pk}-{n}"
        person = UserFactory(email=f"reporta{key}@ejemplo.cl", display_name=f"Reporta {key}")
        do_report_contribution(person, contribution=contribution, reason="spam")


def _premoderate(consultation) -> Discussion:
    """Turn pre-moderation on; the discussion fresh (its owner read again)."""
    Consultation.objects.filter(pk=consultation.pk).update(premoderated=True)
    return Discussion.objects.get(content_type__model="consultation", object_id=consultation.pk)


@pytest.fixture
def hidden_comment(discussion, resident):
    comment = do_post_comment(resident, discussion=discussion, body=HIDDEN)
    _hide_by_reports(comment)
    return comment


@pytest.fixture
def pending_comment(discussion, consultation, other_resident):
    return do_post_comment(other_resident, discussion=_premoderate(consultation), body=PENDING)


@pytest.fixture
def hidden_proposal(consultation, resident):
    proposal = ProposalFactory(consultation=consultation, title=HIDDEN)
    refresh_proposal_search([proposal.pk])
    _hide_by_reports(proposal)
    return proposal


@pytest.fixture
def pending_proposal(consultation, resident):
    proposal = ProposalFactory(
        consultation=consultation,
        title=PENDING,
        moderation_status=Proposal.ModerationStatus.PENDING,
    )
    refresh_proposal_search([proposal.pk])
    return proposal


def test_pages(hidden_comment, pending_comment, hidden_proposal, pending_proposal, client):
    for url in ("/consultas/vigilada/", "/consultas/vigilada/propuestas/"):
        html = client.get(url).content.decode()
        assert HIDDEN not in html
        assert PENDING not in html
    assert client.get(pending_proposal.get_absolute_url()).status_code == 404
    assertNotContains(client.get(hidden_proposal.get_absolute_url()), HIDDEN)


def test_cached_pages(discussion, resident, consultation):
    visitor = Client()
    comment = do_post_comment(resident, discussion=discussion, body=HIDDEN)
    url = consultation.get_absolute_url()
    visitor.get(url)
    cached = visitor.get(url)
    assert cached[pagecache.HEADER] == "hit"
    assertContains(cached, HIDDEN)
    _hide_by_reports(comment)
    fresh = visitor.get(url)
    assertNotContains(fresh, HIDDEN)
    assertContains(fresh, "Oculto por reportes mientras la moderación lo revisa.")


def test_api(hidden_proposal, pending_proposal, client):
    listing = client.get("/api/v1/consultations/vigilada/proposals/")
    assert listing.status_code == 200
    assert HIDDEN not in listing.text
    assert PENDING not in listing.text
    for proposal in (hidden_proposal, pending_proposal):
        detail = client.get(f"/api/v1/consultations/vigilada/proposals/{proposal.pk}/")
        assert detail.status_code == 404


def test_open_data(hidden_proposal, pending_proposal, client):
    for ext in ("csv", "json"):
        response = client.get(f"/datos/propuestas.{ext}")
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        assert HIDDEN not in text
        assert PENDING not in text


def test_search(hidden_comment, pending_comment, hidden_proposal, pending_proposal, client):
    for word in ("xilofono", "zanahoria"):
        response = client.get("/buscar/", {"q": word})
        assert response.status_code == 200
        assert HIDDEN not in response.text
        assert PENDING not in response.text


def test_notifications(discussion, consultation, resident, other_resident):
    follower = UserFactory(email="sigue@ejemplo.cl", display_name="Sigue")
    do_follow(follower, consultation)
    comment = do_post_comment(resident, discussion=discussion, body=HIDDEN)
    assert Notification.objects.filter(recipient=follower, body__contains=HIDDEN).exists()
    _hide_by_reports(comment)
    assert not Notification.objects.filter(body__contains=HIDDEN).exists()
    do_post_comment(other_resident, discussion=_premoderate(consultation), body=PENDING)
    assert not Notification.objects.filter(body__contains=PENDING).exists()


def test_live_room_catch_up(hidden_comment, pending_comment, discussion):
    caught = str(catch_up(discussion, after=0))
    assert HIDDEN not in caught
    assert PENDING not in caught
    assert "Oculto por reportes mientras la moderación lo revisa." in caught
