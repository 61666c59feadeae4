"""deliberation.views.report_contribution: GET/POST /conversaciones/aportes/<kind>/<id>/reportar/
(comments also at /conversaciones/comentarios/<id>/reportar/)."""

import pytest
from pytest_django.asserts import assertContains

from accounts.models import Notification
from deliberation.models import Comment, ModerationCase, ModerationDecision, Report, RoomEvent
from tests.conftest import client_for, login_next
from tests.deliberation.helpers import messages_of
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory


def url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/reportar/"


@pytest.fixture
def comment(discussion, resident):
    return make_comment(discussion, resident, "Compren en mi tienda")


def _reporters(count: int) -> list:
    return [
        UserFactory(email=f"vecina{n}@ejemplo.cl", display_name=f"Vecina {n}") for n in range(count)
    ]


def test_a_resident_reports_a_comment_with_a_reason(comment, other_resident):
    response = client_for(other_resident).post(
        url(comment), {"reason": "spam", "details": "Publicidad de una tienda"}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Gracias: tu reporte llegó al equipo de moderación."]
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.details, report.contribution) == (
        other_resident,
        "spam",
        "Publicidad de una tienda",
        comment,
    )
    case = ModerationCase.objects.get()
    assert (case.kind, case.state, case.open_reports, case.author) == (
        "comentario",
        "reported",
        1,
        comment.author,
    )
    comment.refresh_from_db()
    assert comment.moderation_status == Comment.ModerationStatus.PUBLISHED


def test_the_form_lists_the_five_reasons(comment, other_resident):
    response = client_for(other_resident).get(url(comment))
    for label in (
        "Spam o publicidad",
        "Ofensivo o discriminatorio",
        "Fuera de tema",
        "Expone datos personales",
        "Otro motivo",
    ):
        assertContains(response, label)


def test_a_second_report_by_the_same_person_is_refused_in_spanish_keeping_the_details(
    comment, other_resident
):
    client = client_for(other_resident)
    client.post(url(comment), {"reason": "spam"})
    response = client.post(url(comment), {"reason": "otro", "details": "Sigue ahí"})
    assert response.status_code == 400
    assertContains(response, "Ya reportaste este aporte.", status_code=400)
    assertContains(response, "Sigue ahí", status_code=400)
    assert Report.objects.count() == 1


def test_its_author_cannot_report_it(comment, resident):
    response = client_for(resident).post(url(comment), {"reason": "spam"})
    assertContains(response, "No puedes reportar tu propio aporte.", status_code=400)
    assert not Report.objects.exists()


def test_a_reason_is_required_and_the_details_stay(comment, other_resident):
    response = client_for(other_resident).post(url(comment), {"details": "Mis detalles"})
    assertContains(response, "Elige el motivo del reporte.", status_code=400)
    assertContains(response, "Mis detalles", status_code=400)
    # The same person, with a reason: accepted (the refusal came from the missing reason).
    assert client_for(other_resident).post(url(comment), {"reason": "spam"}).status_code == 302


def test_an_unknown_reason_is_refused(comment, other_resident):
    response = client_for(other_resident).post(url(comment), {"reason": "aburrido"})
    assertContains(response, "Elige uno de los motivos de la lista.", status_code=400)


def test_anonymous_visitors_are_sent_to_log_in(comment, client):
    response = client.post(url(comment), {"reason": "spam"})
    assert login_next(response).startswith("/")
    assert not Report.objects.exists()


def test_wrong_method_is_405(comment, other_resident):
    assert client_for(other_resident).put(url(comment)).status_code == 405


def test_a_comment_the_person_cannot_see_is_404(comment, other_resident, owner_rules):
    owner_rules.visible = False
    assert client_for(other_resident).post(url(comment), {"reason": "spam"}).status_code == 404


def test_an_unknown_kind_is_404(comment, other_resident):
    response = client_for(other_resident).get(
        f"/conversaciones/aportes/nada/{comment.pk}/reportar/"
    )
    assert response.status_code == 404


def test_three_reports_hide_it_live_and_tell_its_author_and_the_moderators(
    comment, moderator, discussion, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CABILDO_REPORTS_TO_HIDE = 3
    sent = []
    monkeypatch.setattr(
        "deliberation.rooms.send_to_group", lambda pk, message: sent.append(message)
    )
    first, second, third = _reporters(3)
    for person in (first, second):
        client_for(person).post(url(comment), {"reason": "spam"})
    comment.refresh_from_db()
    assert comment.moderation_status == Comment.ModerationStatus.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(third).post(url(comment), {"reason": "ofensivo"})
    assert messages_of(response) == [
        "Gracias: con tu reporte, este aporte quedó oculto hasta que la moderación lo revise."
    ]
    comment.refresh_from_db()
    assert comment.moderation_status == Comment.ModerationStatus.HIDDEN
    assert comment.moderation_reason == ""
    discussion.refresh_from_db()
    assert discussion.comment_count == 0
    case = ModerationCase.objects.get()
    assert (case.state, case.open_reports) == ("review", 3)
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.moderator) == ("autohide", None)
    # Everyone watching: the hidden event, without the text.
    assert RoomEvent.objects.filter(kind="comment.hidden", subject_id=comment.pk).exists()
    assert any("comment.hidden" in str(message) for message in sent)
    assert "Compren en mi tienda" not in str(sent)
    author_notice = Notification.objects.get(recipient=comment.author)
    assert author_notice.kind == "deliberation.hidden"
    assert author_notice.is_urgent
    moderator_notice = Notification.objects.get(recipient=moderator)
    assert moderator_notice.subject == "Un aporte quedó oculto por 3 reportes"
    assert moderator_notice.url == "/moderacion/?estado=review"


def test_the_threshold_is_configurable(comment, settings):
    settings.CABILDO_REPORTS_TO_HIDE = 1
    (person,) = _reporters(1)
    client_for(person).post(url(comment), {"reason": "spam"})
    comment.refresh_from_db()
    assert comment.is_hidden


def test_a_hidden_comment_cannot_be_reported_again(comment, other_resident):
    Comment.objects.filter(pk=comment.pk).update(moderation_status="hidden")
    response = client_for(other_resident).post(url(comment), {"reason": "spam"})
    assertContains(
        response, "Este aporte ya no está publicado: no hace falta reportarlo.", status_code=400
    )


def test_the_form_page_costs_a_constant_number_of_queries(
    comment, other_resident, django_assert_max_num_queries
):
    client = client_for(other_resident)
    client.get(url(comment))
    # 1 session, 2 user, 3 comment with author and discussion, 4 the discussion's owner,
    # 5 unread notifications.
    with django_assert_max_num_queries(6):
        assert client.get(url(comment)).status_code == 200
