"""A moderator whose session never used the second factor hides nothing (issue 8)."""

from consultations.models import Proposal
from tests.conftest import client_for

REAUTHENTICATE = "/cuenta/2fa/reauthenticate/"


def test_no_staff_action_goes_through_without_the_factor(moderator, proposal):
    client = client_for(moderator, second_factor=False)
    response = client.post(
        f"/conversaciones/aportes/propuesta/{proposal.pk}/ocultar/",
        {"reason": "Spam", "next": proposal.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response.url.startswith(REAUTHENTICATE)
    proposal.refresh_from_db()
    assert proposal.moderation_status == Proposal.ModerationStatus.PUBLISHED


def test_the_same_moderator_hides_it_once_the_factor_is_confirmed(moderator, proposal):
    response = client_for(moderator).post(
        f"/conversaciones/aportes/propuesta/{proposal.pk}/ocultar/",
        {"reason": "Spam", "next": proposal.get_absolute_url()},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.moderation_status == Proposal.ModerationStatus.HIDDEN
