"""deliberation.moderation_views: a case, GET /moderacion/<kind>/<id>/, and its decisions
(POST .../restaurar/, aprobar/, ocultar/, pedir-edicion/, bloquear/, apelacion/, nota/)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEntry, Notification
from deliberation import rules
from deliberation.actions import (
    check_appeal_decision,
    do_add_moderator_note,
    do_hide_contribution,
    hold_for_review,
)
from deliberation.models import (
    Appeal,
    Block,
    Comment,
    ModerationCase,
    ModerationDecision,
    ModeratorNote,
    Report,
)
from deliberation.queries import discussion_for
from tests.conftest import client_for, login_next
from tests.consultations.factories import ConsultationFactory
from tests.deliberation.helpers import messages_of
from tests.deliberation.moderation_cases import another_moderator, parse, reported_comment
from tests.deliberation.owners import make_comment


def url(comment, action: str = "") -> str:
    return f"/moderacion/comentario/{comment.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def second_moderator(db):
    return another_moderator()


@pytest.fixture
def comment(resident):
    return reported_comment(
        resident, body="Texto con insultos", reports=3, details="Insulta a un vecino"
    )


def refusal_of(response) -> str:
    return parse(response).one(id="refusal").text()


# --- The page ------------------------------------------------------------------------------


def test_moderator_reads_the_case_with_its_history(comment, moderator, second_moderator):
    do_add_moderator_note(moderator, contribution=comment, text="Revisar el historial")
    do_hide_contribution(moderator, contribution=comment, reason="Insultos", category="ofensivo")
    check_appeal_decision(comment.author, contribution=comment, text="No insulté a nadie")
    response = client_for(second_moderator).get(url(comment))
    assert response.status_code == 200
    page = parse(response)
    case = page.one("article", class_="case").text()
    assert "Texto con insultos" in case  # the text, always
    assert "Oculto" in case
    assert "Motivo público: Insultos" in case
    assert "No insulté a nadie" in case  # the appeal awaiting an answer
    history = page.one("section", class_="card", **{"aria-labelledby": "historial"}).text()
    assert "Ocultado por reportes, en espera de revisión (por los reportes)" in history
    assert "Ocultado (Mod) · Ofensivo o discriminatorio · «Insultos»" in history
    assert "«Insulta a un vecino»" in history
    assert "(resuelto)" in history  # the reports, settled by the decision
    assert "Mod: Revisar el historial" in history
    assert "Por resolver" in history
    # The appeal's form, for a moderator other than the one who decided.
    assert page.one("form", action=url(comment, "apelacion"))


def test_the_moderator_who_decided_is_told_another_must_resolve_the_appeal(comment, moderator):
    do_hide_contribution(moderator, contribution=comment, reason="Insultos", category="ofensivo")
    check_appeal_decision(comment.author, contribution=comment, text="Revísalo")
    response = client_for(moderator).get(url(comment))
    assert parse(response).one("form", action=url(comment, "apelacion")) is None
    assertContains(response, "la apelación debe resolverla otra persona")


def test_own_contribution_shows_why_there_are_no_decision_forms(moderator):
    own = reported_comment(moderator, body="Mío")
    response = client_for(moderator).get(url(own))
    page = parse(response)
    assert page.one("form", action=url(own, "ocultar")) is None
    assertContains(response, "No puedes moderar un aporte tuyo")
    assert page.one("form", action=url(own, "nota"))  # notes stay possible


def test_unknown_kind_or_id_is_not_found(moderator, comment):
    client = client_for(moderator)
    assert client.get(f"/moderacion/nada/{comment.pk}/").status_code == 404
    assert client.get(f"/moderacion/comentario/{comment.pk + 1000}/").status_code == 404
    assert client.post(f"/moderacion/nada/{comment.pk}/ocultar/").status_code == 404


def test_a_contribution_never_reported_has_a_page_too(moderator, resident):
    quiet = make_comment(discussion_for(ConsultationFactory()), resident, "Tranquilo")
    response = client_for(moderator).get(url(quiet))
    assert response.status_code == 200
    assertContains(response, "Nadie lo ha reportado.")


def test_case_page_wrong_method(moderator, comment):
    assert client_for(moderator).post(url(comment)).status_code == 405
    for action in ("restaurar", "aprobar", "ocultar", "pedir-edicion", "bloquear", "nota"):
        assert client_for(moderator).get(url(comment, action)).status_code == 405


def test_anonymous_is_sent_to_login_and_back_to_the_case(client, comment):
    assert login_next(client.get(url(comment))) == url(comment)
    response = client.post(url(comment, "ocultar"), {"reason": "x", "category": "spam"})
    assert login_next(response) == url(comment)


def test_resident_is_forbidden(resident, other_resident, comment):
    assert client_for(other_resident).get(url(comment)).status_code == 403
    response = client_for(other_resident).post(url(comment, "restaurar"))
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.is_hidden


def test_moderator_without_second_factor_is_sent_to_set_it_up(moderator_without_2fa, comment):
    response = client_for(moderator_without_2fa).get(url(comment))
    assert response.url == "/cuenta/2fa/totp/activate/"


def test_case_page_queries(comment, moderator, second_moderator, django_assert_num_queries):
    do_hide_contribution(moderator, contribution=comment, reason="Insultos", category="ofensivo")
    check_appeal_decision(comment.author, contribution=comment, text="Revísalo")
    do_add_moderator_note(moderator, contribution=comment, text="Nota")
    client = client_for(second_moderator)
    # 1 user, 2 TOTP, 3 the comment (author, discussion), 4 decisions (moderators),
    # 5 reports (reporters), 6 notes (authors), 7 the appeal (decision, moderator), 8 the
    # author's active block, 9 the case, 10 the discussion's owner (the space and the
    # place), 11 the header's unread notifications, 12 the header's open cases.
    with django_assert_num_queries(12):
        assert client.get(url(comment)).status_code == 200


# --- Decisions -----------------------------------------------------------------------------


def test_moderator_hides_with_a_category_and_a_public_reason(comment, moderator):
    response = client_for(moderator).post(
        url(comment, "ocultar"), {"category": "ofensivo", "reason": "Lenguaje ofensivo"}
    )
    assert response.status_code == 302
    assert response.url == url(comment)
    assert messages_of(response) == ["El aporte quedó oculto con tu motivo."]
    comment.refresh_from_db()
    assert comment.is_hidden
    assert comment.moderation_reason == "Lenguaje ofensivo"
    decision = ModerationDecision.objects.filter(action="hide").get()
    assert (decision.category, decision.moderator) == ("ofensivo", moderator)
    assert ModerationCase.objects.get().state == ModerationCase.State.CLOSED
    assert AuditEntry.objects.filter(action="moderation.hide", actor=moderator).exists()


def test_hiding_from_the_queue_goes_back_to_the_queue(comment, moderator):
    response = client_for(moderator).post(
        url(comment, "ocultar"),
        {"category": "spam", "reason": "Spam", "next": "/moderacion/?tipo=comentario"},
    )
    assert response.url == "/moderacion/?tipo=comentario"
    response = client_for(moderator).post(
        url(comment, "nota"), {"text": "x", "next": "https://ejemplo.com/"}
    )
    assert response.url == url(comment)  # never another site


def test_hide_without_reason_or_category_keeps_what_was_typed(comment, moderator):
    response = client_for(moderator).post(url(comment, "ocultar"), {"category": "spam"})
    assert response.status_code == 400
    assertContains(response, "Escribe el motivo: se mostrará en lugar del texto.", status_code=400)
    page = parse(response)
    form = page.one("form", action=url(comment, "ocultar"))
    assert form.one("option", selected=True)["value"] == "spam"
    response = client_for(moderator).post(url(comment, "ocultar"), {"reason": "Mi motivo"})
    assertContains(response, "Elige la regla que no cumple.", status_code=400)
    form = parse(response).one("form", action=url(comment, "ocultar"))
    assert form.one("input", name="reason")["value"] == "Mi motivo"
    comment.refresh_from_db()
    assert comment.moderation_reason == ""


def test_moderator_cannot_hide_their_own_contribution(moderator, second_moderator):
    own = reported_comment(moderator, body="Mío", reports=1)
    response = client_for(moderator).post(
        url(own, "ocultar"), {"category": "spam", "reason": "Me arrepentí"}
    )
    assert response.status_code == 400
    assert str(rules.OWN_CONTRIBUTION_MODERATION) in refusal_of(response)
    form = parse(response).one("form", action=url(own, "ocultar"))
    assert form.one("input", name="reason")["value"] == "Me arrepentí"
    own.refresh_from_db()
    assert not own.is_hidden
    # The same request from another moderator goes through: the rule refused it.
    response = client_for(second_moderator).post(
        url(own, "ocultar"), {"category": "spam", "reason": "Me arrepentí"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.is_hidden


def test_restore_shows_a_hidden_comment_again(comment, moderator):
    response = client_for(moderator).post(url(comment, "restaurar"))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.moderation_status == Comment.ModerationStatus.PUBLISHED
    assert not Report.objects.filter(dismissed_at__isnull=True).exists()
    assert ModerationCase.objects.get().state == ModerationCase.State.CLOSED


def test_restore_on_a_visible_comment_dismisses_its_reports(moderator, resident):
    visible = reported_comment(resident, reports=1)
    client_for(moderator).post(url(visible, "restaurar"))
    assert ModerationDecision.objects.get().action == ModerationDecision.Action.DISMISS
    assert ModerationCase.objects.get().open_reports == 0


def test_approve_publishes_a_pending_comment(moderator, resident):
    pending = make_comment(
        discussion_for(ConsultationFactory()),
        resident,
        "Espera",
        moderation_status=Comment.ModerationStatus.PENDING,
    )
    hold_for_review(pending)
    response = client_for(moderator).post(url(pending, "aprobar"))
    assert messages_of(response) == ["El aporte quedó aprobado y publicado."]
    pending.refresh_from_db()
    assert pending.moderation_status == Comment.ModerationStatus.PUBLISHED
    # Approving again is refused in Spanish on the page.
    response = client_for(moderator).post(url(pending, "aprobar"))
    assert response.status_code == 400
    assert str(rules.NOT_PENDING) in refusal_of(response)


def test_ask_the_author_to_edit(moderator, resident):
    visible = reported_comment(resident, reports=1)
    response = client_for(moderator).post(
        url(visible, "pedir-edicion"), {"reason": "Quita el teléfono"}
    )
    assert response.status_code == 302
    assert ModerationCase.objects.get().state == ModerationCase.State.EDIT_REQUESTED
    notice = Notification.objects.get(recipient=resident, kind="deliberation.edit_requested")
    assert "Quita el teléfono" in notice.body
    response = client_for(moderator).post(url(visible, "pedir-edicion"), {"reason": " "})
    assertContains(response, "Escribe qué debe cambiar su autor o autora.", status_code=400)


def test_block_the_author_for_some_days(comment, moderator, resident):
    response = client_for(moderator).post(
        url(comment, "bloquear"), {"length": "dias", "days": "7", "reason": "Insultos"}
    )
    assert response.status_code == 302
    block = Block.objects.get()
    assert (block.user, block.moderator, block.reason) == (resident, moderator, "Insultos")
    assert timedelta(days=6, hours=23) < block.until - timezone.now() <= timedelta(days=7)
    assert rules.block_refusal(type(resident).objects.get(pk=resident.pk)) is not None


def test_block_the_author_for_good(comment, moderator):
    client_for(moderator).post(
        url(comment, "bloquear"), {"length": "indefinido", "reason": "Reincidente"}
    )
    assert Block.objects.get().until is None


def test_block_needs_days_and_a_reason_and_keeps_them(comment, moderator):
    response = client_for(moderator).post(
        url(comment, "bloquear"), {"length": "dias", "days": "", "reason": "Insultos"}
    )
    assertContains(response, "Indica cuántos días dura el bloqueo.", status_code=400)
    form = parse(response).one("form", action=url(comment, "bloquear"))
    assert form.one("textarea", name="reason").text() == "Insultos"
    response = client_for(moderator).post(
        url(comment, "bloquear"), {"length": "dias", "days": "\uff11\uff12", "reason": ""}
    )
    assertContains(response, "Escribe un número entero usando solo las cifras", status_code=400)
    assertContains(response, "Escribe el motivo: la persona lo recibirá.", status_code=400)
    assert not Block.objects.exists()


def test_a_moderator_cannot_block_themselves(moderator, second_moderator):
    own = reported_comment(moderator, reports=1)
    response = client_for(moderator).post(
        url(own, "bloquear"), {"length": "indefinido", "reason": "Prueba"}
    )
    assert response.status_code == 400
    assert str(rules.BLOCK_SELF) in refusal_of(response)
    assert not Block.objects.exists()


def test_another_moderator_resolves_the_appeal(comment, moderator, second_moderator):
    do_hide_contribution(moderator, contribution=comment, reason="Insultos", category="ofensivo")
    check_appeal_decision(comment.author, contribution=comment, text="Revísalo")
    response = client_for(second_moderator).post(
        url(comment, "apelacion"), {"outcome": "revertir", "resolution": "Tienes razón"}
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.status, appeal.resolved_by) == (Appeal.Status.OVERTURNED, second_moderator)
    comment.refresh_from_db()
    assert comment.moderation_status == Comment.ModerationStatus.PUBLISHED
    # Resolving it again: refused, the answer kept.
    response = client_for(second_moderator).post(
        url(comment, "apelacion"), {"outcome": "mantener", "resolution": "Otra vez"}
    )
    assert response.status_code == 400
    assert str(rules.APPEAL_RESOLVED) in refusal_of(response)
    form = parse(response).one("form", action=url(comment, "apelacion"))
    assert form.one("textarea", name="resolution").text() == "Otra vez"


def test_the_moderator_who_decided_cannot_resolve_the_appeal(comment, moderator, second_moderator):
    do_hide_contribution(moderator, contribution=comment, reason="Insultos", category="ofensivo")
    check_appeal_decision(comment.author, contribution=comment, text="Revísalo")
    data = {"outcome": "mantener", "resolution": "Se mantiene"}
    response = client_for(moderator).post(url(comment, "apelacion"), data)
    assert response.status_code == 400
    assert str(rules.OWN_DECISION_APPEAL) in refusal_of(response)
    form = parse(response).one("form", action=url(comment, "apelacion"))
    assert form.one("textarea", name="resolution").text() == "Se mantiene"
    assert Appeal.objects.get().status == Appeal.Status.OPEN
    assert client_for(second_moderator).post(url(comment, "apelacion"), data).status_code == 302
    assert Appeal.objects.get().status == Appeal.Status.UPHELD


def test_resolving_without_an_appeal_is_refused(comment, moderator):
    response = client_for(moderator).post(
        url(comment, "apelacion"), {"outcome": "mantener", "resolution": "Nada"}
    )
    assertContains(response, "Este aporte no tiene una apelación por resolver.", status_code=400)
    response = client_for(moderator).post(url(comment, "apelacion"), {"outcome": "quizás"})
    assertContains(response, "Escribe la respuesta a la apelación.", status_code=400)


def test_private_note(comment, moderator):
    response = client_for(moderator).post(url(comment, "nota"), {"text": "Ojo: reincidente"})
    assert messages_of(response) == ["Nota guardada."]
    assert ModeratorNote.objects.get().text == "Ojo: reincidente"
    response = client_for(moderator).post(url(comment, "nota"), {"text": ""})
    assertContains(response, "Escribe la nota.", status_code=400)
    assertNotContains(response, "Nota guardada.", status_code=400)
