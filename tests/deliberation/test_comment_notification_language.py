"""The notices of a new comment or reply read in English once the person switches.

Their subjects are formatted lazily ("%(name)s comentó en «%(title)s»"); the message ids
must be marked for extraction, or the English catalogue never gets them and the subject
stays Spanish in an English notification centre (found in the walk-through of issue 9).

Needs the English catalogue compiled with these two strings.
"""

from accounts.models import Notification
from deliberation.actions import do_follow
from deliberation.models import Discussion
from tests.conftest import client_for
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory

NOTIFICATIONS = "/cuenta/notificaciones/"


def url(discussion: Discussion) -> str:
    return f"/conversaciones/{discussion.pk}/comentar/"


def test_comment_and_reply_notices_read_in_english_after_the_switch(
    discussion, owner, resident, other_resident
):
    follower = UserFactory(display_name="Ana")
    do_follow(follower, owner)
    root = make_comment(discussion, other_resident, "Raíz")
    response = client_for(resident).post(
        url(discussion), {"body": "Te respondo", "parent": root.pk}
    )
    assert response.status_code == 302

    to_follower = Notification.objects.get(recipient=follower)
    to_parent = Notification.objects.get(recipient=other_resident)
    assert to_follower.subjects["es-cl"] == "Camila comentó en «Plan de ciclovías de Valparaíso»"
    assert to_parent.subjects["es-cl"] == (
        "Camila respondió tu comentario en «Plan de ciclovías de Valparaíso»"
    )
    for notification in (to_follower, to_parent):
        english = notification.subjects["en"]
        assert "Camila" in english
        assert "Plan de ciclovías de Valparaíso" in english
        assert "comentó" not in english
        assert "respondió" not in english

    client = client_for(follower)
    client.post("/idioma/", {"language": "en", "next": NOTIFICATIONS})
    html = client.get(NOTIFICATIONS).content.decode()
    assert "comentó en" not in html
