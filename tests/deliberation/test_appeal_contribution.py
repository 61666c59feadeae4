"""deliberation.views.appeal_contribution (GET/POST /conversaciones/comentarios/<id>/apelar/)
and the resolution of an appeal by another moderator (actions.check_resolve_appeal)."""

import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertContains

from accounts.models import Notification
from deliberation.actions import check_resolve_appeal, do_hide_contribution
from deliberation.models import Appeal, Comment, ModerationCase, ModerationDecision
from tests.conftest import client_for, login_next, with_totp
from tests.deliberation.helpers import messages_of
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory


def url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/apelar/"


@pytest.fixture
def second_moderator(db):
    return with_totp(
        UserFactory(email="segunda@ejemplo.cl", display_name="Segunda", is_moderator=True)
    )


@pytest.fixture
def hidden(discussion, resident, moderator):
    comment = make_comment(discussion, resident, "Mi opinión fuerte")
    do_hide_contribution(moderator, contribution=comment, reason="Lenguaje ofensivo")
    comment.refresh_from_db()
    Notification.objects.all().delete()
    return comment


def test_the_author_reads_their_text_and_the_reason_then_appeals(hidden, resident):
    client = client_for(resident)
    page = client.get(url(hidden))
    assertContains(page, "Mi opinión fuerte")
    assertContains(page, "Lenguaje ofensivo")
    response = client.post(url(hidden), {"text": "Era una crítica, no un insulto."})
    assert response.status_code == 302
    assert messages_of(response)[0].startswith("Tu apelación quedó registrada.")
    appeal = Appeal.objects.get()
    assert (appeal.appellant, appeal.status, appeal.decision.action) == (resident, "open", "hide")
    assert ModerationCase.objects.get().state == "appealed"


def test_the_moderator_who_decided_is_not_told_the_others_are(
    hidden, resident, moderator, second_moderator
):
    client_for(resident).post(url(hidden), {"text": "Revísenlo, por favor."})
    assert not Notification.objects.filter(recipient=moderator).exists()
    assert Notification.objects.get(recipient=second_moderator).kind == "deliberation.appeal"


def test_a_second_appeal_is_refused_in_spanish_keeping_the_text(hidden, resident):
    client = client_for(resident)
    client.post(url(hidden), {"text": "Primera"})
    response = client.post(url(hidden), {"text": "Segunda apelación"})
    assertContains(response, "Ya apelaste esta decisión", status_code=400)
    assertContains(response, "Segunda apelación", status_code=400)
    assert Appeal.objects.count() == 1


def test_an_empty_appeal_is_refused_then_accepted(hidden, resident):
    client = client_for(resident)
    response = client.post(url(hidden), {"text": "  "})
    assertContains(response, "Escribe por qué pides revisar la decisión.", status_code=400)
    assert client.post(url(hidden), {"text": "Ahora sí"}).status_code == 302


def test_someone_else_cannot_appeal(hidden, other_resident):
    assert client_for(other_resident).get(url(hidden)).status_code == 404
    assert client_for(other_resident).post(url(hidden), {"text": "x"}).status_code == 404


def test_a_visible_comment_cannot_be_appealed(discussion, resident):
    comment = make_comment(discussion, resident, "Visible")
    response = client_for(resident).post(url(comment), {"text": "¿Por qué?"})
    assertContains(response, "Solo puedes apelar la ocultación", status_code=400)


def test_anonymous_is_sent_to_log_in(hidden, client):
    assert login_next(client.post(url(hidden), {"text": "x"})).startswith("/")


def test_wrong_method_is_405(hidden, resident):
    assert client_for(resident).delete(url(hidden)).status_code == 405


def test_the_moderator_who_decided_cannot_resolve_the_appeal(hidden, resident, moderator):
    client_for(resident).post(url(hidden), {"text": "Revísenlo"})
    appeal = Appeal.objects.get()
    with pytest.raises(ValidationError, match="la apelación debe resolverla otra persona"):
        check_resolve_appeal(moderator, appeal=appeal, overturn=True, resolution="Sí")
    appeal.refresh_from_db()
    assert appeal.status == "open"


def test_another_moderator_overturns_it_and_the_author_is_told(
    hidden, resident, second_moderator, discussion
):
    client_for(resident).post(url(hidden), {"text": "Revísenlo"})
    appeal = Appeal.objects.get()
    check_resolve_appeal(second_moderator, appeal=appeal, overturn=True, resolution="Tienes razón.")
    hidden.refresh_from_db()
    assert hidden.moderation_status == Comment.ModerationStatus.PUBLISHED
    discussion.refresh_from_db()
    assert discussion.comment_count == 1
    appeal.refresh_from_db()
    assert (appeal.status, appeal.resolved_by) == ("overturned", second_moderator)
    notice = Notification.objects.filter(recipient=resident).latest("id")
    assert notice.subject == "Tu apelación fue acogida: tu aporte volvió a publicarse"
    assert notice.body == "Tienes razón."
    assert ModerationDecision.objects.latest("id").action == "overturn"
    assert ModerationCase.objects.get().state == "closed"
    with pytest.raises(ValidationError, match="ya fue resuelta"):
        check_resolve_appeal(second_moderator, appeal=appeal, overturn=False, resolution="")


def test_upholding_keeps_it_hidden(hidden, resident, second_moderator):
    client_for(resident).post(url(hidden), {"text": "Revísenlo"})
    check_resolve_appeal(
        second_moderator, appeal=Appeal.objects.get(), overturn=False, resolution="Se mantiene."
    )
    hidden.refresh_from_db()
    assert hidden.is_hidden
    notice = Notification.objects.filter(recipient=resident).latest("id")
    assert notice.subject == "Tu apelación fue rechazada: tu aporte sigue oculto"
    # Once: the same decision cannot be appealed again.
    response = client_for(resident).post(url(hidden), {"text": "Otra vez"})
    assertContains(response, "Ya apelaste esta decisión", status_code=400)


def test_a_moderator_cannot_hide_their_own_comment(discussion, moderator):
    own = make_comment(discussion, moderator, "Mío")
    with pytest.raises(ValidationError, match="No puedes moderar un aporte tuyo"):
        do_hide_contribution(moderator, contribution=own, reason="x")
    response = client_for(moderator).post(
        f"/conversaciones/comentarios/{own.pk}/ocultar/", {"reason": "x"}
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "No puedes moderar un aporte tuyo: otra persona del equipo de moderación debe decidir."
    ]
    own.refresh_from_db()
    assert not own.is_hidden


def test_the_appeal_page_costs_a_constant_number_of_queries(
    hidden, resident, django_assert_max_num_queries
):
    client = client_for(resident)
    client.get(url(hidden))
    # 1 session, 2 user, 3 comment, 4 its owner, 5 the appeal, 6 unread notifications.
    with django_assert_max_num_queries(7):
        assert client.get(url(hidden)).status_code == 200
