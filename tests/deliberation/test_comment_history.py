"""deliberation.views.comment_history: GET /conversaciones/comentarios/<id>/historial/."""

import pytest
from django.utils import timezone

from deliberation.actions import do_edit_comment
from deliberation.models import CommentRevision
from tests.conftest import client_for
from tests.deliberation.owners import make_comment


@pytest.fixture
def edited(discussion, resident):
    comment = make_comment(discussion, resident, "Versión uno")
    do_edit_comment(resident, comment=comment, body="Versión dos")
    return comment


def url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/historial/"


def test_author_and_moderators_see_earlier_versions(edited, resident, moderator):
    for person in (resident, moderator):
        response = client_for(person).get(url(edited))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Versión uno" in html
        assert "Versión dos" in html


def test_versions_are_dated_in_spanish_without_a_capital_month(discussion, resident):
    comment = make_comment(discussion, resident, "Versión uno")
    do_edit_comment(resident, comment=comment, body="Versión dos")
    CommentRevision.objects.filter(comment=comment).update(
        created_at=timezone.make_aware(timezone.datetime(2026, 11, 25, 13, 50))
    )
    html = client_for(resident).get(url(comment)).content.decode()
    assert "Reemplazada el 25 de noviembre de 2026 a las 13:50" in html


def test_other_people_cannot_see_the_history(edited, other_resident, moderator_without_2fa):
    for person in (other_resident, moderator_without_2fa):
        assert client_for(person).get(url(edited)).status_code == 404


def test_its_author_still_reads_a_hidden_comment_with_the_reason(edited, resident):
    # Issue 11: an author keeps seeing their hidden text beside the reason.
    edited.moderation_status = "hidden"
    edited.moderation_reason = "Datos personales"
    edited.save()
    html = client_for(resident).get(url(edited)).content.decode()
    assert "Oculto por moderación: Datos personales" in html
    assert "Versión dos" in html


def test_moderators_always_read_a_hidden_or_deleted_comment_marked(edited, moderator):
    # A moderator who hid a comment could not read it any more, not even here.
    edited.moderation_status = "hidden"
    edited.save()
    html = client_for(moderator).get(url(edited)).content.decode()
    assert "Oculto por moderación" in html
    assert "Versión dos" in html
    edited.moderation_status = "withdrawn"
    edited.deleted_at = timezone.now()
    edited.save()
    html = client_for(moderator).get(url(edited)).content.decode()
    assert "Borrado por quien lo escribió" in html
    assert "Versión dos" in html


def test_its_author_does_not_read_what_they_deleted(edited, resident):
    edited.moderation_status = "withdrawn"
    edited.deleted_at = timezone.now()
    edited.save()
    html = client_for(resident).get(url(edited)).content.decode()
    assert "Versión dos" not in html


def test_anonymous_visitor_is_sent_to_login(client, edited):
    assert client.get(url(edited)).url.startswith("/cuenta/login/")


def test_history_needs_get(edited, resident):
    assert client_for(resident).post(url(edited)).status_code == 405
