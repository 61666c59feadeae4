"""accounts.tasks.send_daily_digests: one e-mail a day with the pending notifications."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from accounts.actions import notify
from accounts.models import Notification, User
from accounts.tasks import send_daily_digests
from tests.factories import NotificationFactory, UserFactory


def test_daily_people_get_one_digest_with_everything_pending(db, mailoutbox):
    daily = UserFactory(email="diaria@ejemplo.cl", display_name="Diaria", email_frequency="daily")
    notify([daily], kind="k", subject="Primera novedad", url="/consultas/a/")
    notify([daily], kind="k", subject="Segunda novedad")
    assert mailoutbox == []

    assert send_daily_digests.call() == 1

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["diaria@ejemplo.cl"]
    assert message.subject == "[Cabildo] Tu resumen diario (2 novedades)"
    assert "Hola Diaria:" in message.body
    assert "- Primera novedad\n  http://127.0.0.1:8000/consultas/a/" in message.body
    assert "- Segunda novedad" in message.body
    assert "http://127.0.0.1:8000/cuenta/notificaciones/" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_digest_is_sent_once(db, mailoutbox):
    daily = UserFactory(email_frequency="daily")
    notify([daily], kind="k", subject="Novedad")
    send_daily_digests.call()
    assert send_daily_digests.call() == 0
    assert len(mailoutbox) == 1


def test_read_and_other_preferences_are_left_out(db, mailoutbox):
    daily = UserFactory(email_frequency="daily", email="diaria@ejemplo.cl")
    NotificationFactory(recipient=daily, subject="Ya la leyó", read_at=timezone.now())
    NotificationFactory(recipient=UserFactory(email_frequency="never"))
    NotificationFactory(recipient=UserFactory(email_frequency="immediate"))
    NotificationFactory(recipient=UserFactory(email_frequency="daily", is_active=False))
    assert send_daily_digests.call() == 0
    NotificationFactory(recipient=daily, subject="Pendiente")
    assert send_daily_digests.call() == 1
    assert [m.to for m in mailoutbox] == [["diaria@ejemplo.cl"]]
    assert "Ya la leyó" not in mailoutbox[0].body
    assert mailoutbox[0].subject == "[Cabildo] Tu resumen diario (1 novedad)"


def test_each_person_gets_their_own_digest(db, mailoutbox):
    people = UserFactory.create_batch(3, email_frequency=User.EmailFrequency.DAILY)
    notify(people, kind="k", subject="Para todas")
    assert send_daily_digests.call() == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)


def test_the_management_command_sends_the_digests(db, mailoutbox):
    daily = UserFactory(email_frequency="daily")
    notify([daily], kind="k", subject="Novedad")
    out = StringIO()
    call_command("send_daily_digests", stdout=out)
    # The immediate task backend runs it in the same process.
    assert out.getvalue().strip() == "Daily digests: SUCCESSFUL"
    assert [m.to for m in mailoutbox] == [[daily.email]]
