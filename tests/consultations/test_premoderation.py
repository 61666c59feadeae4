"""Pre-moderation of a consultation (``Consultation.premoderated``): proposals and comments
wait as pending, seen by their author and moderators only, until a moderator approves."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Notification
from consultations.models import Phase, Proposal
from deliberation.actions import do_approve_contribution, do_follow, do_post_comment
from deliberation.models import Comment, Discussion, ModerationCase, RoomEvent
from tests.conftest import client_for
from tests.consultations.factories import consultation_in

URL = "/consultas/revisada/propuestas/nueva/"
LIST = "/consultas/revisada/propuestas/"


@pytest.fixture
def consultation(db, division):
    return consultation_in(
        Phase.Kind.PROPOSALS,
        title="Consulta con revisión previa",
        slug="revisada",
        division=division,
        premoderated=True,
    )


def _propose(client):
    return client.post(URL, {"title": "Más luminarias", "body": "En la plaza."})


def test_a_proposal_waits_in_review_seen_by_its_author_only(
    consultation, resident, other_resident, moderator, client
):
    response = _propose(client_for(resident))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.moderation_status == Proposal.ModerationStatus.PENDING
    assert ModerationCase.objects.get().state == "pending"
    assert Notification.objects.get(recipient=moderator).kind == "deliberation.pending"
    page = client_for(resident).get(proposal.get_absolute_url())
    assertContains(page, "Pendiente de revisión")
    assertContains(page, "Más luminarias")
    assert client_for(other_resident).get(proposal.get_absolute_url()).status_code == 404
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assertNotContains(client.get(LIST), "Más luminarias")


def test_the_author_is_told_it_waits(consultation, resident):
    from tests.deliberation.helpers import messages_of

    response = _propose(client_for(resident))
    assert messages_of(response) == [
        "Enviaste tu propuesta: queda en revisión hasta que la moderación la apruebe. "
        "Te avisaremos."
    ]


def test_approving_publishes_it(consultation, resident, moderator, client):
    _propose(client_for(resident))
    proposal = Proposal.objects.get()
    do_approve_contribution(moderator, contribution=proposal)
    proposal.refresh_from_db()
    assert proposal.moderation_status == Proposal.ModerationStatus.PUBLISHED
    assertContains(client.get(LIST), "Más luminarias")
    assert ModerationCase.objects.get().state == "closed"
    assert Notification.objects.filter(recipient=resident, kind="deliberation.approved").exists()


def test_a_comment_waits_out_of_the_thread_and_nobody_hears_of_it(
    consultation, resident, other_resident, moderator, client, django_capture_on_commit_callbacks
):
    discussion = Discussion.objects.get(content_type__model="consultation")
    do_follow(other_resident, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        comment = do_post_comment(resident, discussion=discussion, body="Mi comentario en espera")
    assert comment.moderation_status == Comment.ModerationStatus.PENDING
    assert not RoomEvent.objects.filter(subject_id=comment.pk).exists()
    assert not Notification.objects.filter(recipient=other_resident).exists()
    discussion.refresh_from_db()
    assert discussion.comment_count == 0
    page = consultation.get_absolute_url()
    assertNotContains(client.get(page), "Mi comentario en espera")
    assertNotContains(client_for(other_resident).get(page), "Mi comentario en espera")
    own = client_for(resident).get(page)
    assertContains(own, "Tus comentarios en revisión (solo tú los ves)")
    assertContains(own, "Mi comentario en espera")
    # Approved: in the thread, counted, broadcast, and the followers hear of it now.
    with django_capture_on_commit_callbacks(execute=True):
        do_approve_contribution(moderator, contribution=comment)
    assertContains(client.get(page), "Mi comentario en espera")
    discussion.refresh_from_db()
    assert discussion.comment_count == 1
    assert RoomEvent.objects.filter(subject_id=comment.pk, kind="comment.created").exists()
    assert Notification.objects.filter(recipient=other_resident).exists()


def test_the_editor_offers_the_setting(consultation, official):
    response = client_for(official).get(f"/consultas/{consultation.slug}/editar/")
    assertContains(response, "Revisión previa de moderación")


def test_a_blocked_person_cannot_propose(consultation, resident, moderator):
    from deliberation.actions import check_block_person

    check_block_person(moderator, person=resident, reason="Spam")
    response = _propose(client_for(resident))
    assertContains(response, "Tu cuenta está bloqueada", status_code=400)
    assertContains(response, "Más luminarias", status_code=400)
    assert not Proposal.objects.exists()
