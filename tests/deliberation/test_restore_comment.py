"""deliberation.views.restore_comment: POST /conversaciones/comentarios/<id>/restaurar/."""

import pytest
from django.utils import timezone

from accounts.models import Notification
from deliberation.models import Comment, RoomEvent
from tests.conftest import client_for, login_next
from tests.deliberation.helpers import messages_of
from tests.deliberation.owners import make_comment


def url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/restaurar/"


@pytest.fixture
def hidden(discussion, resident):
    return make_comment(
        discussion,
        resident,
        "Era un malentendido",
        moderation_status="hidden",
        moderation_reason="Revisión",
    )


def test_moderator_restores_a_hidden_comment(hidden, moderator, discussion, owner_rules):
    response = client_for(moderator).post(url(hidden))
    assert response.status_code == 302
    assert messages_of(response) == ["El comentario quedó restaurado."]
    hidden.refresh_from_db()
    assert hidden.moderation_status == Comment.ModerationStatus.PUBLISHED
    assert hidden.moderation_reason == ""
    discussion.refresh_from_db()
    assert discussion.comment_count == 1
    assert owner_rules.count_changes == [1]
    assert RoomEvent.objects.get().kind == "comment.restored"
    assert Notification.objects.get(recipient=hidden.author).is_urgent
    html = client_for(moderator).get(f"/conversaciones/{discussion.pk}/").content.decode()
    assert "Era un malentendido" in html


def test_restoring_a_deleted_comment_keeps_it_withdrawn(hidden, moderator, discussion):
    Comment.objects.filter(pk=hidden.pk).update(deleted_at=timezone.now())
    client_for(moderator).post(url(hidden))
    hidden.refresh_from_db()
    assert hidden.moderation_status == Comment.ModerationStatus.WITHDRAWN
    discussion.refresh_from_db()
    assert discussion.comment_count == 0


def test_restoring_a_published_comment_does_nothing(discussion, resident, moderator):
    comment = make_comment(discussion, resident, "Normal")
    client_for(moderator).post(url(comment))
    assert not RoomEvent.objects.exists()


def test_residents_cannot_restore(hidden, resident):
    assert client_for(resident).post(url(hidden)).status_code == 403
    hidden.refresh_from_db()
    assert hidden.moderation_status == "hidden"


def test_moderator_without_2fa_cannot_restore(hidden, moderator_without_2fa):
    assert "totp" in client_for(moderator_without_2fa).post(url(hidden)).url


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_comment(client, hidden):
    assert login_next(client.post(url(hidden))) == f"/conversaciones/comentarios/{hidden.pk}/"


def test_restoring_needs_post(hidden, moderator):
    assert client_for(moderator).get(url(hidden)).status_code == 405


def test_a_pending_comment_turned_down_then_restored_is_published(discussion, resident, moderator):
    from deliberation.actions import do_hide_contribution

    pending = make_comment(discussion, resident, "En revisión", moderation_status="pending")
    do_hide_contribution(moderator, contribution=pending, reason="Spam")
    client_for(moderator).post(url(pending))
    pending.refresh_from_db()
    # Restoring is the moderator's approval: it does not go back to wait again.
    assert pending.moderation_status == Comment.ModerationStatus.PUBLISHED
    discussion.refresh_from_db()
    assert discussion.comment_count == 1
