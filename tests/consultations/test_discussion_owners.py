"""consultations.contributions: consultations and proposals own discussions, with comment
rules that follow the consultation, and make them in their create actions."""

from accounts.models import User
from consultations.models import Consultation, Proposal
from deliberation.registry import policy_for
from tests.consultations.factories import ProposalFactory


def test_both_are_registered(db):
    assert policy_for(Consultation).uses_alignment is False
    assert policy_for(Proposal).uses_alignment is True


def test_residents_comment_on_a_published_consultation(resident, supports_consultation):
    policy = policy_for(supports_consultation)
    assert policy.comment_refusal(resident, supports_consultation) is None
    assert policy.url(supports_consultation) == "/consultas/ciclovias/"
    assert policy.discussion_url(supports_consultation) == "/consultas/ciclovias/"


def test_verification_is_required_to_comment_when_the_consultation_asks(
    resident, verified_resident, supports_consultation
):
    supports_consultation.residency_rule = "verified"
    policy = policy_for(supports_consultation)
    assert "residentes verificados" in str(policy.comment_refusal(resident, supports_consultation))
    assert policy.comment_refusal(verified_resident, supports_consultation) is None


def test_drafts_are_read_only_by_officials(resident, official, supports_consultation):
    supports_consultation.status = Consultation.Status.DRAFT
    policy = policy_for(supports_consultation)
    assert not policy.can_view(resident, supports_consultation)
    assert policy.can_view(official, supports_consultation)
    assert policy.comment_refusal(official, supports_consultation) is not None


def test_proposals_are_discussable_while_visible(resident, moderator, proposal):
    policy = policy_for(proposal)
    assert policy.can_view(resident, proposal)
    assert policy.comment_refusal(resident, proposal) is None
    assert list(policy.also_followed(proposal)) == [proposal.consultation]
    proposal.moderation_status = Proposal.ModerationStatus.WITHDRAWN
    assert policy.comment_refusal(resident, proposal) is None
    proposal.moderation_status = Proposal.ModerationStatus.HIDDEN
    assert not policy.can_view(resident, proposal)
    assert policy.can_view(moderator, proposal)
    assert policy.comment_refusal(resident, proposal) is not None


def test_comment_count_hook_moves_the_counter(proposal):
    policy_for(proposal).on_comment_count_change(proposal, 1)
    policy_for(proposal).on_comment_count_change(proposal, 1)
    policy_for(proposal).on_comment_count_change(proposal, -1)
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_anonymous_cannot_comment(proposal):
    from django.contrib.auth.models import AnonymousUser

    assert policy_for(proposal).comment_refusal(AnonymousUser(), proposal) is not None
    assert policy_for(proposal).can_view(AnonymousUser(), proposal)
    assert isinstance(proposal.author, User)


def test_other_consultations_proposals(db):
    proposal = ProposalFactory()
    assert policy_for(proposal).title(proposal) == proposal.title


def test_a_comment_posted_on_a_proposal_page_counts_and_comes_back(resident_client, proposal):
    """End to end with the deliberation engine: the block is on the page, its form posts,
    the proposal's counter moves and the comment shows on the proposal page."""
    from deliberation.models import Discussion

    discussion = Discussion.objects.get(object_id=proposal.pk, content_type__model="proposal")
    response = resident_client.post(
        f"/conversaciones/{discussion.pk}/comentar/",
        {"body": "Buena idea, la apoyo.", "alignment": "favor"},
    )
    assert response.status_code == 302
    assert response.url.startswith(proposal.get_absolute_url())
    proposal.refresh_from_db()
    assert proposal.comment_count == 1
    assert (
        "Buena idea, la apoyo." in resident_client.get(proposal.get_absolute_url()).content.decode()
    )


def test_a_new_proposal_gets_its_discussion_in_its_create_action(resident, proposals_consultation):
    from consultations.actions import do_create_proposal
    from deliberation.queries import discussion_for

    proposal = do_create_proposal(
        resident, consultation=proposals_consultation, title="Más plazas", body="Con sombra."
    )
    discussion = discussion_for(proposal)
    assert discussion is not None
    assert discussion.uses_alignment


def test_a_new_consultation_gets_its_discussion_in_its_create_action(official_client):
    from deliberation.queries import discussion_for
    from tests.consultations.test_consultation_editor import CREATE, VALID

    assert official_client.post(CREATE, VALID).status_code == 302
    discussion = discussion_for(Consultation.objects.get())
    assert discussion is not None
    assert not discussion.uses_alignment


def test_pages_of_owners_older_than_their_discussion_show_no_block(
    client, supports_consultation, resident
):
    from deliberation.models import Discussion

    # A row written before create actions made discussions (nothing is created on GET).
    old = Proposal.objects.create(
        consultation=supports_consultation, author=resident, title="Antigua", body="<p>x</p>"
    )
    Discussion.objects.filter(object_id=supports_consultation.pk).delete()
    for page in (old.get_absolute_url(), supports_consultation.get_absolute_url()):
        response = client.get(page)
        assert response.status_code == 200
        assert 'id="comentarios"' not in response.content.decode()
    assert not Discussion.objects.filter(object_id=old.pk, content_type__model="proposal").exists()
