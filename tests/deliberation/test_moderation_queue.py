"""deliberation.moderation_views.queue: GET /moderacion/ (moderators with 2FA)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from common import pagecache
from deliberation.actions import (
    do_hide_contribution,
    do_report_contribution,
    do_restore_contribution,
    hold_for_review,
)
from deliberation.models import Comment, ModerationCase, ModeratorNote
from deliberation.queries import discussion_for
from tests.conftest import client_for, login_next
from tests.consultations.factories import ConsultationFactory, ProposalFactory
from tests.deliberation.moderation_cases import another_moderator, parse, reported_comment
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory

URL = "/moderacion/"


def items(response) -> list:
    return parse(response).all(data_queue_item=True)


def item_ids(response) -> list[str]:
    return [item["id"] for item in items(response)]


def test_moderator_reads_each_case_in_its_context(moderator, resident):
    comment = reported_comment(
        resident, body="Texto con insultos", reports=3, details="Insulta a un vecino"
    )
    response = client_for(moderator).get(URL)
    assert response.status_code == 200
    (item,) = items(response)
    text = item.text()
    # Hidden by its reports, the text is still there for moderators, marked.
    assert "Texto con insultos" in text
    assert item.one(class_="case__mark--hidden").text() == "Oculto"
    assert f"Comentario #{comment.pk}" in text
    assert "Camila" in text  # its author
    assert "3 reportes abiertos" in text
    assert "Ofensivo o discriminatorio : 3" in text
    assert "«Insulta a un vecino»" in text
    space = item.one(class_="case__meta").one("a")
    assert space.text() == "Plan de ciclovías"
    assert space["href"] == comment.discussion.owner.get_absolute_url()
    assert item.one(data_open_case=True)["href"] == f"/moderacion/comentario/{comment.pk}/"
    place = item.one(class_="case__links").one("a")
    assert place["href"].endswith(f"?comentario={comment.pk}#comentario-{comment.pk}")
    # Its quick actions: restore and the hide form (the category of the reports chosen).
    assert item.one(data_restore=True).text() == "Restaurar"
    form = item.one(data_hide_form=True)
    assert form["action"] == f"/moderacion/comentario/{comment.pk}/ocultar/"
    assert form.one("option", selected=True)["value"] == "ofensivo"


def test_a_pending_comment_is_marked_and_offers_approval(moderator, resident):
    consultation = ConsultationFactory()
    comment = make_comment(
        discussion_for(consultation),
        resident,
        "Espera revisión",
        moderation_status=Comment.ModerationStatus.PENDING,
    )

    hold_for_review(comment)
    (item,) = items(client_for(moderator).get(URL))
    assert item.one(class_="case__mark--pending").text() == "En revisión previa"
    assert "Espera revisión" in item.text()
    assert item.one(data_restore=True).text() == "Aprobar"


def test_a_moderators_hidden_comment_shows_its_public_reason(moderator, resident):
    comment = reported_comment(resident, body="Spam spam", reports=1)
    # Hidden by a moderator: the case is closed, listed under "Resuelto".
    do_hide_contribution(moderator, contribution=comment, reason="Publicidad", category="spam")
    response = client_for(moderator).get(URL + "?estado=closed")
    (item,) = items(response)
    assert "Motivo público: Publicidad" in item.text()
    assert "Spam spam" in item.text()


def test_a_reported_proposal_links_to_its_consultation(moderator, resident):
    proposal = ProposalFactory(author=resident, title="Ciclovía costera")

    do_report_contribution(UserFactory(), contribution=proposal, reason="spam")
    (item,) = items(client_for(moderator).get(URL))
    text = item.text()
    assert f"Propuesta #{proposal.pk}" in text
    assert "Ciclovía costera" in text
    assert item.one(class_="case__meta").one("a")["href"] == (
        proposal.consultation.get_absolute_url()
    )
    assert item.one(class_="case__links").one("a")["href"] == proposal.get_absolute_url()


def test_newest_activity_comes_first(moderator, resident):
    older = reported_comment(resident, body="Antiguo")
    newer = reported_comment(resident, body="Reciente")
    ModerationCase.objects.filter(object_id=older.pk).update(
        updated_at=timezone.now() - timedelta(hours=2)
    )
    assert item_ids(client_for(moderator).get(URL)) == [
        f"caso-comentario-{newer.pk}",
        f"caso-comentario-{older.pk}",
    ]


def test_pages_follow_each_other_without_gaps_or_repeats(moderator, resident):
    consultation = ConsultationFactory()
    comments = [
        reported_comment(resident, body=f"Comentario {n}", consultation=consultation)
        for n in range(30)
    ]
    # Several cases with the same moment: the id breaks the tie.
    ModerationCase.objects.update(updated_at=timezone.now())
    client = client_for(moderator)
    first = client.get(URL)
    next_link = parse(first).one("a", rel="next")["href"]
    second = client.get(URL + next_link)
    seen = item_ids(first) + item_ids(second)
    assert len(item_ids(first)) == 25
    assert sorted(seen) == sorted(f"caso-comentario-{c.pk}" for c in comments)
    assert parse(second).one("a", rel="next") is None
    assertContains(second, "Más recientes")


def test_filters_by_space_kind_reason_and_state(moderator, resident):
    bikes = ConsultationFactory(title="Ciclovías")
    parks = ConsultationFactory(title="Parques")
    spam = reported_comment(resident, body="Vendo", reason="spam", consultation=bikes)
    rude = reported_comment(resident, body="Insulto", reason="ofensivo", consultation=parks)
    proposal = ProposalFactory(author=resident, consultation=parks)

    do_report_contribution(UserFactory(), contribution=proposal, reason="spam")
    closed = reported_comment(resident, body="Ya resuelto", consultation=bikes)
    do_restore_contribution(moderator, contribution=closed)
    client = client_for(moderator)

    def listed(query: str) -> set[str]:
        return set(item_ids(client.get(URL + query)))

    spam_id, rude_id = f"caso-comentario-{spam.pk}", f"caso-comentario-{rude.pk}"
    proposal_id, closed_id = f"caso-propuesta-{proposal.pk}", f"caso-comentario-{closed.pk}"
    assert listed("") == {spam_id, rude_id, proposal_id}
    assert listed(f"?espacio=consulta-{bikes.pk}") == {spam_id}
    assert listed("?tipo=propuesta") == {proposal_id}
    assert listed("?motivo=spam") == {spam_id, proposal_id}
    assert listed("?motivo=spam&tipo=comentario") == {spam_id}
    assert listed("?estado=closed") == {closed_id}
    assert listed("?estado=reported") == {spam_id, rude_id, proposal_id}
    # The space select lists the spaces present, by title.
    select = parse(client.get(URL)).one("select", name="espacio")
    options = [option.text() for option in select.all("option")]
    assert options == ["Todos los espacios", "Ciclovías", "Parques"]


def test_unknown_filters_and_cursors_show_the_open_queue(moderator, resident):
    comment = reported_comment(resident, body="Sigue aquí")
    response = client_for(moderator).get(
        URL + "?estado=nada&tipo=%EF%BC%91&motivo=x&espacio=Z%3Cb%3E&despues=abc-%EF%BC%92"
    )
    assert response.status_code == 200
    assert item_ids(response) == [f"caso-comentario-{comment.pk}"]


def test_an_empty_queue_says_so(moderator):
    response = client_for(moderator).get(URL)
    assertContains(response, "No hay casos por decidir.")
    response = client_for(moderator).get(URL + "?tipo=propuesta")
    assertContains(response, "Ningún caso coincide con los filtros.")


def test_shortcuts_are_listed_and_the_module_loaded(moderator):
    response = client_for(moderator).get(URL)
    page = parse(response)
    help_text = page.one("details", class_="shortcuts").text()
    for key in ("j", "k", "o", "Enter", "r", "h"):
        assert key in help_text
    scripts = page.all("script")
    assert "/static/js/moderation-queue.js" in [s.get("src") for s in scripts]
    assert all(s.get("src") for s in scripts)  # no inline script


def test_own_contribution_offers_no_decision(moderator):
    reported_comment(moderator, body="Mío")
    response = client_for(moderator).get(URL)
    (item,) = items(response)
    assert item.one(data_hide_form=True) is None
    assert "otra persona del equipo de moderación debe decidir" in item.text()


def test_wrong_method_is_refused(moderator):
    assert client_for(moderator).post(URL).status_code == 405


def test_anonymous_is_sent_to_login(client):
    assert login_next(client.get(URL)) == URL


def test_resident_is_forbidden(resident):
    assert client_for(resident).get(URL).status_code == 403


def test_moderator_without_second_factor_is_sent_to_set_it_up(moderator_without_2fa):
    response = client_for(moderator_without_2fa).get(URL)
    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/totp/activate/"


def test_moderator_whose_session_skipped_the_factor_confirms_it(moderator):
    response = client_for(moderator, second_factor=False).get(URL)
    assert response.url.startswith("/cuenta/2fa/reauthenticate/")


def _fill(resident, count: int) -> None:
    consultation = ConsultationFactory()
    for n in range(count):
        comment = reported_comment(resident, body=f"C{n}", consultation=consultation, reports=3)
        ModeratorNote.objects.create(
            content_type_id=ModerationCase.objects.get(object_id=comment.pk).content_type_id,
            object_id=comment.pk,
            author=resident,
            text="nota",
        )
    proposal = ProposalFactory(author=resident, consultation=consultation)

    do_report_contribution(UserFactory(), contribution=proposal, reason="spam")


@pytest.mark.parametrize("count", [2, 30])
def test_queries_stay_constant_whatever_the_queue_holds(
    count, moderator, resident, django_assert_num_queries
):
    _fill(resident, count)
    client = client_for(moderator)
    # 1 user (the session is in the cache), 2 TOTP authenticator (second factor), 3 the
    # spaces present, 4 the page of cases, 5 proposals (with authors and consultations),
    # 6 comments (with authors and discussions), 7 the discussions' owners (one query
    # per kind of owner present: consultations), 8 open reports, 9 notes counted,
    # 10 the header's unread notifications, 11 the header's open cases.
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert len(items(response)) == min(count + 1, 25)


def test_header_count_is_shown_to_moderators_only(moderator, resident, other_resident):
    reported_comment(resident)
    reported_comment(resident)
    link = parse(client_for(moderator).get("/")).one("a", class_="moderation-link")
    assert link["href"] == URL
    assert link.one(data_open_cases=True).text() == "2 casos abiertos"
    assertNotContains(client_for(other_resident).get("/"), "data-open-cases")
    assertNotContains(client_for(other_resident).get("/"), 'href="/moderacion/"')


def test_header_count_needs_the_second_factor(moderator):
    response = client_for(moderator, second_factor=False).get("/")
    assertNotContains(response, "moderation-link")


def test_open_case_count_never_lands_in_a_page_cached_for_anonymous_visitors(moderator, resident):
    reported_comment(resident)
    first = Client().get("/")
    assert first[pagecache.HEADER] == "miss"
    # A moderator's request renders the header for them alone, never from or into the
    # cache...
    assertContains(client_for(moderator).get("/"), "data-open-cases")
    # ...and the copy anonymous visitors get has neither the link nor the count.
    again = Client().get("/")
    assert again[pagecache.HEADER] == "hit"
    assertNotContains(again, "data-open-cases")
    assertNotContains(again, "moderation-link")


# --- One list for every moderator (shared), each one's own parts filled in ------------------


def test_the_shared_list_keeps_each_moderators_own_parts(moderator, resident):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other = another_moderator()
    own = reported_comment(moderator, body="Lo escribió la moderadora")
    theirs = reported_comment(resident, body="Lo escribió Camila")
    first = client_for(moderator).get(URL)  # renders and keeps the list
    other_client = client_for(other)
    with CaptureQueriesContext(connection) as queries:
        second = other_client.get(URL)  # from the shared copy
    # User, TOTP, the header's two counts: none of the list's queries.
    assert len(queries) <= 5, [q["sql"] for q in queries]
    for response, author in ((first, moderator), (second, other)):
        page = parse(response)
        own_item = page.one(id=f"caso-comentario-{own.pk}")
        their_item = page.one(id=f"caso-comentario-{theirs.pk}")
        assert their_item.one(data_hide_form=True) is not None
        if author == moderator:
            assert own_item.one(data_hide_form=True) is None
            assert "No puedes moderar un aporte tuyo" in own_item.text()
        else:
            assert own_item.one(data_hide_form=True) is not None
        quick_forms = page.one(data_moderation_queue=True).all("form")
        tokens = {form.one("input", name="csrfmiddlewaretoken")["value"] for form in quick_forms}
        assert len(tokens) == 1  # every quick form: this request's token
        assertNotContains(response, "<!--quick")
        assertNotContains(response, "<!--slot")
    token_of = [
        parse(r).one(data_hide_form=True).one("input", name="csrfmiddlewaretoken")["value"]
        for r in (first, second)
    ]
    assert token_of[0] != token_of[1]


def test_a_decision_renews_the_shared_list(moderator, resident):
    comment = reported_comment(resident, body="Será ocultado")
    client = client_for(moderator)
    assert item_ids(client.get(URL)) == [f"caso-comentario-{comment.pk}"]
    client.post(
        f"/moderacion/comentario/{comment.pk}/ocultar/", {"category": "spam", "reason": "Spam"}
    )
    assert item_ids(client.get(URL)) == []
    assert item_ids(client.get(URL + "?estado=closed")) == [f"caso-comentario-{comment.pk}"]


def test_header_count_follows_decisions(moderator, resident):
    first = reported_comment(resident)
    reported_comment(resident)
    client = client_for(moderator)

    def count() -> str:
        return parse(client.get("/")).one(data_open_cases=True).text()

    assert count() == "2 casos abiertos"
    assert count() == "2 casos abiertos"  # kept for every moderator until a write
    client.post(f"/moderacion/comentario/{first.pk}/restaurar/")
    assert count() == "1 caso abierto"
