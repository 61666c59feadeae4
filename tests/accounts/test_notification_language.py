"""Notifications read in the language the person reads now: notify() keeps the subject and
body in every site language, and the centre shows the active one."""

from django.utils.translation import gettext_lazy as _

from accounts.actions import notify, requote_notifications, retitle_notifications
from accounts.models import Notification
from consultations.models import Phase
from tests.conftest import client_for
from tests.consultations.factories import ProposalFactory, SupportFactory, consultation_in

URL = "/cuenta/notificaciones/"


def switch_to_english(client) -> None:
    response = client.post("/idioma/", {"language": "en", "next": URL})
    assert response.status_code == 302


def test_a_notification_written_in_spanish_reads_in_english_after_the_switch(
    resident, other_resident, django_assert_max_num_queries
):
    """The withdrawn-proposal notice, written while the supporter read Spanish."""
    consultation = consultation_in(Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS, slug="parques")
    proposal = ProposalFactory(consultation=consultation, author=other_resident, title="Plaza")
    SupportFactory(proposal=proposal, user=resident)
    author = client_for(other_resident)
    assert author.post(f"/consultas/parques/propuestas/{proposal.pk}/retirar/").status_code == 302
    notification = Notification.objects.get(recipient=resident)
    assert notification.subject == (
        "La propuesta «Plaza» que apoyaste fue retirada por quien la propuso"
    )

    client = client_for(resident)
    assert "que apoyaste fue retirada" in client.get(URL).content.decode()
    switch_to_english(client)
    resident.refresh_from_db()
    assert resident.language == "en"
    # 1. session, 2. user, 3. the page of notifications, 4. their count, 5. unread count.
    with django_assert_max_num_queries(5):
        html = client.get(URL).content.decode()
    assert "The proposal “Plaza” that you supported has been withdrawn" in html
    assert "que apoyaste fue retirada" not in html


def test_quotes_rewritten_later_follow_in_every_language(resident, resident_client):
    notify(
        [resident],
        kind="test",
        subject=_("Notificaciones"),
        body="texto original",
        url="/consultas/x/propuestas/1/",
        source="deliberation.comment:1",
    )
    requote_notifications("deliberation.comment:1", _("Nueva"))
    notification = Notification.objects.get()
    assert notification.bodies == {"es-cl": "Nueva", "en": "New"}
    notify(
        [resident],
        kind="test",
        subject="Comentaron «Plaza»",
        url="/consultas/x/propuestas/1/",
    )
    retitle_notifications("/consultas/x/propuestas/1/", "Plaza", _("Nueva"))
    retitled = Notification.objects.get(kind="test", subject__startswith="Comentaron")
    assert retitled.subjects == {"es-cl": "Comentaron «Nueva»", "en": "Comentaron «New»"}

    switch_to_english(resident_client)
    html = resident_client.get(URL).content.decode()
    assert "<strong>Notifications</strong>" in html
    assert "<p>New</p>" in html


def test_notifications_older_than_the_translations_show_as_written(resident, resident_client):
    Notification.objects.create(recipient=resident, kind="test", subject="Aviso antiguo")
    switch_to_english(resident_client)
    assert "<strong>Aviso antiguo</strong>" in resident_client.get(URL).content.decode()


def test_emails_and_digests_follow_the_language_chosen_since(resident, mailoutbox, settings):
    """A copy sent after the person switched to English is in English, subject and body."""
    from accounts.tasks import send_daily_digests, send_notification_emails

    notify(
        [resident],
        kind="test",
        subject=_("Notificaciones"),
        body=_("Nueva"),
        url="/cuenta/notificaciones/",
    )
    notification = Notification.objects.get()
    notification.emailed_at = None
    notification.save(update_fields=["emailed_at"])
    resident.language = "en"
    resident.save(update_fields=["language"])
    mailoutbox.clear()
    assert send_notification_emails.call([notification.pk]) == 1
    [mail] = mailoutbox
    assert mail.subject == "[Cabildo] Notifications"
    assert "New" in mail.body
    assert "Notificaciones" not in mail.body

    notification.emailed_at = None
    notification.save(update_fields=["emailed_at"])
    resident.email_frequency = resident.EmailFrequency.DAILY
    resident.save(update_fields=["email_frequency"])
    mailoutbox.clear()
    assert send_daily_digests.call() == 1
    assert "- Notifications" in mailoutbox[0].body
