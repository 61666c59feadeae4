"""A proposal hidden by moderation: its title leaves the notification subjects in every
language (``Notification.subjects``), whatever quotation marks that language puts around
it ("«…»" in Spanish, "“…”" in English), and comes back when it is restored."""

from consultations.actions import check_withdraw_proposal
from consultations.models import Proposal
from deliberation.actions import do_hide_contribution, do_restore_contribution
from tests.conftest import client_for
from tests.consultations.factories import SupportFactory

TITLE = "Ciclovía por la costanera"
URL = "/cuenta/notificaciones/"


def _withdrawn_notice(proposal, resident):
    """The supporters' notice of a withdrawal quotes the title, translated to English."""
    SupportFactory(proposal=proposal, user=resident)
    check_withdraw_proposal(proposal.author, proposal=proposal)
    return resident.notifications.get()


def test_a_hidden_title_leaves_the_subject_in_every_language(proposal, resident, moderator):
    notification = _withdrawn_notice(proposal, resident)
    assert notification.subjects["en"] == (
        f"The proposal “{TITLE}” that you supported has been withdrawn by the person who "
        "proposed it"
    )
    proposal.refresh_from_db()
    do_hide_contribution(moderator, contribution=proposal, reason="Spam")
    notification.refresh_from_db()
    for text in [notification.subject, *notification.subjects.values()]:
        assert TITLE not in text
    assert notification.subjects["en"].startswith("The proposal “content hidden by moderation”")

    do_restore_contribution(moderator, contribution=Proposal.objects.get(pk=proposal.pk))
    notification.refresh_from_db()
    assert TITLE in notification.subjects["en"]
    assert TITLE in notification.subjects["es-cl"]


def test_the_centre_in_english_does_not_show_a_hidden_title(proposal, resident, moderator):
    _withdrawn_notice(proposal, resident)
    proposal.refresh_from_db()
    do_hide_contribution(moderator, contribution=proposal, reason="Spam")
    client = client_for(resident)
    assert client.post("/idioma/", {"language": "en", "next": URL}).status_code == 302
    assert TITLE not in client.get(URL).content.decode()


def test_an_english_readers_own_subject_loses_the_title_too(proposal, moderator):
    from tests.factories import UserFactory

    reader = UserFactory(email="ann@example.com", language="en")
    notification = _withdrawn_notice(proposal, reader)
    assert f"“{TITLE}”" in notification.subject
    proposal.refresh_from_db()
    do_hide_contribution(moderator, contribution=proposal, reason="Spam")
    notification.refresh_from_db()
    assert TITLE not in notification.subject
