"""Notifications quote a comment's text; the quote follows the comment afterwards.

A notification centre must not keep showing text that its author edited or deleted, or
that a moderator hid.
"""

import pytest

from accounts.actions import requote_notifications
from accounts.models import Notification
from deliberation.actions import (
    do_delete_comment,
    do_edit_comment,
    do_follow,
    do_hide_contribution,
    do_post_comment,
    do_restore_contribution,
)
from tests.conftest import client_for
from tests.factories import UserFactory


@pytest.fixture
def follower(owner):
    person = UserFactory(display_name="Ana")
    do_follow(person, owner)
    return person


@pytest.fixture
def english_follower(owner):
    person = UserFactory(display_name="Kate", language="en")
    do_follow(person, owner)
    return person


@pytest.fixture
def posted(discussion, resident, follower, english_follower):
    return do_post_comment(resident, discussion=discussion, body="Texto original con datos")


def bodies(*people) -> list[str]:
    return [Notification.objects.get(recipient=person).body for person in people]


def test_a_new_comment_is_quoted_to_its_followers(posted, follower, english_follower):
    assert bodies(follower, english_follower) == ["Texto original con datos"] * 2
    assert Notification.objects.get(recipient=follower).source == (
        f"deliberation.comment:{posted.pk}"
    )


def test_an_edit_replaces_the_quote(posted, resident, follower):
    do_edit_comment(resident, comment=posted, body="Texto corregido")
    assert bodies(follower) == ["Texto corregido"]


def test_hiding_replaces_the_quote_in_each_recipients_language_and_restoring_brings_it_back(
    posted, moderator, follower, english_follower
):
    do_hide_contribution(moderator, contribution=posted, reason="Datos personales")
    assert bodies(follower, english_follower) == [
        "Este comentario fue ocultado por moderación.",
        "This comment was hidden by moderation.",
    ]
    assert not Notification.objects.filter(body__contains="Texto original").exists()
    do_restore_contribution(moderator, contribution=posted)
    assert bodies(follower, english_follower) == ["Texto original con datos"] * 2


def test_the_notification_centre_never_shows_a_hidden_comments_text(posted, moderator, follower):
    client_for(moderator).post(
        f"/conversaciones/comentarios/{posted.pk}/ocultar/", {"reason": "Datos personales"}
    )
    page = client_for(follower).get("/cuenta/notificaciones/")
    assert page.status_code == 200
    assert "Texto original con datos" not in page.text
    assert "Este comentario fue ocultado por moderación." in page.text


def test_deleting_replaces_the_quote(posted, resident, follower):
    do_delete_comment(resident, comment=posted)
    assert bodies(follower) == ["Quien escribió este comentario lo borró."]


def test_other_notifications_are_left_alone(posted, moderator, resident, follower):
    do_hide_contribution(moderator, contribution=posted, reason="Insultos")
    # The author's notice of the hiding quotes the reason, not the comment: no source.
    notice = Notification.objects.get(recipient=resident, kind="deliberation.hidden")
    assert notice.source == ""
    assert notice.body == "Motivo: Insultos"
    assert requote_notifications("", "x") == 0
    assert notice.body == Notification.objects.get(pk=notice.pk).body


def test_requoting_rewrites_each_notification_once(db):
    people = [UserFactory(language="en" if i % 2 else "es-cl") for i in range(10)]
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="x", subject="s", body="old", source="quoted:1")
        for person in people
    )
    assert requote_notifications("quoted:1", "new") == 10
    assert set(Notification.objects.values_list("body", flat=True)) == {"new"}
