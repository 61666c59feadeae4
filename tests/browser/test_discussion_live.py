"""Live discussions in Chromium: two people watch the same proposal; one comments, replies
and votes, the other sees it happen without reloading; a dropped connection recovers what
it missed; new comments above the reader do not move the page; a moderator hides a comment
from the page. The talk page is scanned with axe-core (desktop and 360 px).
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from consultations.models import Phase
from deliberation.actions import create_discussion, do_post_comment
from deliberation.models import Comment, CommentVote
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import MOBILE, LiveASGIServer, log_in, outside_event_loop
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.deliberation.owners import (  # noqa: F401  (fixtures)
    make_comment,
    owner,
    owner_rules,
    test_owner_registered,
)
from tests.factories import UserFactory

# Live updates are announced in a status region; other status messages may exist too.
ANNOUNCER = "[data-announcer]"
# The page's visible feedback: the server's messages after a reload, the script's after it.
MESSAGES = "main .messages .message"


def open_as(
    new_context: Callable[..., BrowserContext], server: LiveASGIServer, user, url: str, **kw
) -> Page:
    context = new_context(**kw)
    if user is not None:
        log_in(context, server, user)
    page = context.new_page()
    page.goto(url)
    # Live once the socket said hello.
    expect(page.locator("[data-live-status]")).to_be_visible()
    return page


@pytest.fixture
def talk(request: pytest.FixtureRequest):
    """A discussion on the test owner, shown on its standalone page."""
    return create_discussion(request.getfixturevalue("owner"))


@pytest.fixture
def people(db):
    return {
        "camila": UserFactory(email="camila@ejemplo.cl", display_name="Camila"),
        "jorge": UserFactory(email="jorge@ejemplo.cl", display_name="Jorge"),
    }


def test_two_people_watch_a_proposal_and_see_each_other_live(
    live_asgi: LiveASGIServer, new_context, people
) -> None:
    consultation = consultation_in(
        Phase.Kind.PROPOSALS, Phase.Kind.DELIBERATION, title="Ciclovías", slug="ciclovias"
    )
    proposal = ProposalFactory(
        consultation=consultation, author=people["jorge"], title="Ciclovía costanera"
    )
    url = f"{live_asgi.url}{proposal.get_absolute_url()}"
    camila = open_as(new_context, live_asgi, people["camila"], url)
    jorge = open_as(new_context, live_asgi, people["jorge"], url)
    expect(camila.locator("[data-presence]")).to_have_text("En vivo · 2 personas conectadas")

    # Camila comments (with a stance: proposals ask for one).
    camila.get_by_label("Tu comentario").fill("Muy buena idea, la usaría todos los días.")
    camila.get_by_label("A favor").check()
    camila.get_by_role("button", name="Publicar comentario").click()
    comment_text = "Muy buena idea, la usaría todos los días."
    expect(camila.locator(".comment__body", has_text=comment_text)).to_be_visible()
    expect(camila.get_by_label("Tu comentario")).to_have_value("")
    # Jorge sees it without reloading, announced politely, focus untouched.
    expect(jorge.locator(".comment__body", has_text=comment_text)).to_be_visible()
    expect(jorge.locator(ANNOUNCER)).to_have_text("Nuevo comentario de Camila")
    expect(jorge.locator("[data-comment-count]")).to_have_text("1")
    comment = Comment.objects.get()
    assert comment.alignment == "favor"

    # Jorge replies; Camila sees the reply nested under her comment.
    jorge.locator(f"#comentario-{comment.pk}").get_by_role(
        "link", name="Responder a Camila"
    ).click()
    reply_box = jorge.get_by_label("Tu respuesta a Camila")
    expect(reply_box).to_be_focused()
    reply_box.fill("¡Gracias! También pienso en los escolares.")
    jorge.get_by_role("button", name="Publicar respuesta").click()
    replies = camila.locator(f'[data-replies-for="{comment.pk}"]')
    expect(replies).to_contain_text("También pienso en los escolares.")
    expect(camila.locator(ANNOUNCER)).to_have_text("Nueva respuesta de Jorge")
    reply = Comment.objects.get(parent=comment)

    # Camila votes the reply up; Jorge sees the count move.
    camila.locator(f"#comentario-{reply.pk}").get_by_role("button", name="Votar a favor").click()
    expect(
        camila.locator(f"#comentario-{reply.pk}").get_by_role("button", name="Votar a favor")
    ).to_have_attribute("aria-pressed", "true")
    expect(jorge.locator(f'#comentario-{reply.pk} [data-count="up"]')).to_have_text("1")
    assert CommentVote.objects.get().value == 1

    # Jorge edits his reply through its page; Camila sees the new text and the mark.
    jorge.locator(f"#comentario-{reply.pk}").get_by_role("link", name="Editar").click()
    jorge.get_by_label("Texto del comentario").fill("¡Gracias! Y en los escolares.")
    jorge.get_by_role("button", name="Guardar cambios").click()
    expect(camila.locator(f"#comentario-{reply.pk}")).to_contain_text("Y en los escolares.")
    expect(camila.locator(f"#comentario-{reply.pk} .comment__edited")).to_have_text("editado")
    # Her vote is still shown pressed after the card was replaced.
    expect(
        camila.locator(f"#comentario-{reply.pk}").get_by_role("button", name="Votar a favor")
    ).to_have_attribute("aria-pressed", "true")


def test_a_dropped_connection_recovers_missed_comments(
    live_asgi: LiveASGIServer, new_context, talk, people
) -> None:
    make_comment(talk, people["camila"], "Ya estaba antes")
    url = f"{live_asgi.url}/conversaciones/{talk.pk}/"
    page = open_as(new_context, live_asgi, people["jorge"], url)

    live_asgi.stop()
    expect(page.locator("[data-live-paused]")).to_be_visible()
    expect(page.locator("[data-live-paused]")).to_contain_text(
        "Las actualizaciones en vivo están en pausa"
    )
    # While the server is down, a comment is written (its broadcast cannot go anywhere).
    do_post_comment(people["camila"], discussion=talk, body="Escrito durante el corte")
    live_asgi.start()

    expect(page.locator(".comment__body", has_text="Escrito durante el corte")).to_be_visible(
        timeout=20_000
    )
    expect(page.locator("[data-live-paused]")).to_be_hidden()
    expect(page.locator(ANNOUNCER)).to_have_text(
        "Llegó 1 comentario nuevo mientras estabas sin conexión."
    )
    # Nothing duplicated: the catch-up replaces what the page already had.
    expect(page.locator("[data-comment-card]")).to_have_count(2)


def test_new_comments_above_the_reader_do_not_move_the_page(
    live_asgi: LiveASGIServer, new_context, talk, people
) -> None:
    for index in range(15):
        make_comment(talk, people["camila"], f"Comentario antiguo {index}")
    url = f"{live_asgi.url}/conversaciones/{talk.pk}/"
    reader = open_as(new_context, live_asgi, people["jorge"], url)
    target = reader.locator(".comment__body", has_text="Comentario antiguo 5")
    target.scroll_into_view_if_needed()
    reader.evaluate("window.scrollBy(0, 200)")
    before = target.evaluate("el => el.getBoundingClientRect().top")
    writer = open_as(new_context, live_asgi, people["camila"], url)
    writer.get_by_label("Tu comentario").fill("Un comentario nuevo, arriba de todo")
    writer.get_by_role("button", name="Publicar comentario").click()
    expect(reader.locator(".comment__body", has_text="Un comentario nuevo")).to_be_attached()
    after = target.evaluate("el => el.getBoundingClientRect().top")
    assert abs(after - before) <= 2, (before, after)


def test_moderator_hides_a_comment_from_the_page_and_the_text_disappears_live(
    live_asgi: LiveASGIServer, new_context, talk, people, moderator
) -> None:
    comment = make_comment(talk, people["camila"], "Un insulto grosero")
    url = f"{live_asgi.url}/conversaciones/{talk.pk}/"
    reader = open_as(new_context, live_asgi, people["jorge"], url)
    mod = open_as(new_context, live_asgi, moderator, url)
    card = mod.locator(f"#comentario-{comment.pk}")
    card.locator("summary", has_text="Ocultar").click()
    card.get_by_label("Motivo público").fill("Lenguaje ofensivo")
    card.get_by_role("button", name="Ocultar comentario").click()
    expect(card).to_contain_text("Ocultado por moderación: Lenguaje ofensivo")
    # The moderator hears that it worked, even when the hide's own broadcast replaced the
    # card before the response came back (it used to say "Algo falló").
    expect(mod.locator(ANNOUNCER)).to_have_text("El comentario quedó oculto.")
    expect(mod.locator(MESSAGES)).to_have_text("El comentario quedó oculto.")
    expect(reader.locator(f"#comentario-{comment.pk}")).to_contain_text(
        "Ocultado por moderación: Lenguaje ofensivo"
    )
    expect(reader.locator(f"#comentario-{comment.pk}")).not_to_contain_text("insulto")
    # And restores it.
    mod.locator(f"#comentario-{comment.pk}").get_by_role("button", name="Restaurar").click()
    expect(reader.locator(f"#comentario-{comment.pk}")).to_contain_text("Un insulto grosero")
    expect(mod.locator(ANNOUNCER)).to_have_text("El comentario quedó restaurado.")
    expect(mod.locator(MESSAGES)).to_have_text("El comentario quedó restaurado.")


def test_author_deletes_a_comment_and_hears_it_worked(
    live_asgi: LiveASGIServer, new_context, talk, people
) -> None:
    comment = make_comment(talk, people["camila"], "Me equivoqué de hilo")
    page = open_as(
        new_context, live_asgi, people["camila"], f"{live_asgi.url}/conversaciones/{talk.pk}/"
    )
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"#comentario-{comment.pk}").get_by_role("button", name="Borrar").click()
    # Nobody had replied: it leaves the thread, without a placeholder.
    expect(page.locator(f"#comentario-{comment.pk}")).to_have_count(0)
    expect(page.locator(ANNOUNCER)).to_have_text("Borraste tu comentario.")
    # The delete's own broadcast reaches this page too, maybe after the response: it must
    # not replace what the author heard with the announcement meant for everyone else.
    page.wait_for_timeout(1000)
    expect(page.locator(ANNOUNCER)).to_have_text("Borraste tu comentario.")


def test_after_a_scripted_delete_the_page_shows_its_message_not_an_earlier_one(
    live_asgi: LiveASGIServer, new_context, talk, people
) -> None:
    kept = make_comment(talk, people["camila"], "Primera idea")
    gone = make_comment(talk, people["camila"], "Me equivoqué de hilo")
    page = open_as(
        new_context, live_asgi, people["camila"], f"{live_asgi.url}/conversaciones/{talk.pk}/"
    )
    # An edit goes through its own page and comes back with the server's green message.
    page.locator(f"#comentario-{kept.pk}").get_by_role("link", name="Editar").click()
    page.get_by_label("Texto del comentario").fill("Primera idea, mejorada")
    page.get_by_role("button", name="Guardar cambios").click()
    messages = page.locator(MESSAGES)
    expect(messages).to_have_text("Tu comentario quedó editado.")
    expect(messages).to_have_class(re.compile(r"message--success"))
    # The scripted delete replaces it: the page no longer says "editado" about a delete.
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"#comentario-{gone.pk}").get_by_role("button", name="Borrar").click()
    expect(page.locator(f"#comentario-{gone.pk}")).to_have_count(0)
    expect(messages).to_have_text("Borraste tu comentario.")
    expect(messages).to_have_class(re.compile(r"message--success"))
    expect(page.locator(ANNOUNCER)).to_have_text("Borraste tu comentario.")


def test_the_comment_form_shows_cancel_only_on_a_reply_form(
    live_asgi: LiveASGIServer, new_context, talk, people
) -> None:
    # The main form's "Cancelar" (kept for the reply copies) carries `hidden`, which the
    # .button class's display used to override: a visible button that did nothing.
    root = make_comment(talk, people["camila"], "Una opinión")
    page = open_as(
        new_context, live_asgi, people["jorge"], f"{live_asgi.url}/conversaciones/{talk.pk}/"
    )
    main_form = page.locator("#comentar")
    expect(main_form.get_by_role("button", name="Publicar comentario")).to_be_visible()
    expect(main_form.locator("[data-cancel-reply]")).to_be_hidden()
    page.locator(f"#comentario-{root.pk}").get_by_role("link", name="Responder a Camila").click()
    reply_form = page.locator("form[data-reply-form]")
    expect(reply_form.get_by_role("button", name="Cancelar")).to_be_visible()
    reply_form.get_by_role("button", name="Cancelar").click()
    expect(reply_form).to_have_count(0)


def test_signed_out_visitors_get_no_reply_link_on_live_comments(
    live_asgi: LiveASGIServer, new_context, talk, people
) -> None:
    # Without a comment form there is nothing for "Responder" to open.
    page = open_as(new_context, live_asgi, None, f"{live_asgi.url}/conversaciones/{talk.pk}/")
    outside_event_loop(do_post_comment, people["camila"], discussion=talk, body="Recién llegado")
    item = page.locator("li[data-comment]", has_text="Recién llegado")
    expect(item).to_be_visible()
    expect(item.get_by_role("link", name="Responder a Camila")).to_be_hidden()
    # Plain counts, as on page load: nothing to press.
    expect(item.get_by_role("button", name="Votar a favor")).to_have_count(0)
    expect(item.locator(".vote-counts")).to_be_visible()
    expect(item.locator('[data-count="up"]')).to_have_count(1)


@pytest.mark.parametrize("arrives", ["with the response", "by broadcast"])
def test_a_reply_just_posted_shows_counts_not_vote_buttons_like_on_page_load(
    live_asgi: LiveASGIServer, new_context, talk, people, arrives
) -> None:
    root = make_comment(talk, people["camila"], "Una idea")
    mine = make_comment(talk, people["jorge"], "Ya estaba", parent=root)
    url = f"{live_asgi.url}/conversaciones/{talk.pk}/"
    page = open_as(new_context, live_asgi, people["jorge"], url, **MOBILE)
    # Loaded with the page: his own comment has counts and his own controls.
    loaded = page.locator(f"#comentario-{mine.pk} > [data-comment-card]")
    expect(loaded.locator(".vote-counts")).to_be_visible()
    expect(loaded.get_by_role("button", name="Votar a favor")).to_have_count(0)

    if arrives == "by broadcast":
        # Posted elsewhere (another tab): the room's viewer-neutral fragment arrives.
        outside_event_loop(
            do_post_comment, people["jorge"], discussion=talk, body="Desde otra pestaña"
        )
        text = "Desde otra pestaña"
    else:
        page.locator(f"#comentario-{root.pk}").get_by_role(
            "link", name="Responder a Camila"
        ).click()
        page.get_by_label("Tu respuesta a Camila").fill("Mi segunda respuesta")
        page.get_by_role("button", name="Publicar respuesta").click()
        text = "Mi segunda respuesta"
    card = page.locator("[data-comment-card]", has_text=text)
    expect(card).to_be_visible()
    expect(card.locator(".vote-counts")).to_be_visible()
    expect(card.get_by_role("button", name="Votar a favor")).to_have_count(0)
    expect(card.get_by_role("button", name="Votar en contra")).to_have_count(0)
    own = card.locator(".comment__own")
    expect(own).to_be_visible()
    # At 360 px "Editar" and "Borrar" sit on one line, together.
    edit_box = own.get_by_role("link", name="Editar").bounding_box()
    delete_box = own.get_by_role("button", name="Borrar").bounding_box()
    assert edit_box
    assert delete_box
    assert abs(edit_box["y"] - delete_box["y"]) < 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Someone else's comment, arriving live, still has buttons for him.
    outside_event_loop(do_post_comment, people["camila"], discussion=talk, body="De Camila")
    other = page.locator("[data-comment-card]", has_text="De Camila")
    expect(other.get_by_role("button", name="Votar a favor")).to_be_enabled()
    expect(other.locator(".vote-counts")).to_have_count(0)


def test_see_more_appends_the_next_batch_and_moves_focus(
    live_asgi: LiveASGIServer, new_context, talk, people
) -> None:
    for index in range(25):
        make_comment(talk, people["camila"], f"Número {index}")
    page = open_as(
        new_context, live_asgi, people["jorge"], f"{live_asgi.url}/conversaciones/{talk.pk}/"
    )
    expect(page.locator("[data-thread-list] > li")).to_have_count(20)
    page.get_by_role("link", name="Ver más").click()
    expect(page.locator("[data-thread-list] > li")).to_have_count(25)
    expect(page.get_by_role("link", name="Ver más")).to_have_count(0)
    expect(page.locator(".comment-item:focus")).to_contain_text("Número 4")
    assert re.search(r"/conversaciones/\d+/$", page.url)


def test_rate_limit_message_keeps_the_text(
    live_asgi: LiveASGIServer, new_context, talk, people, settings
) -> None:
    settings.CABILDO_RATE_LIMITS = {"comment": "1/m", "vote": "60/m"}
    page = open_as(
        new_context, live_asgi, people["jorge"], f"{live_asgi.url}/conversaciones/{talk.pk}/"
    )
    page.get_by_label("Tu comentario").fill("Primero")
    page.get_by_role("button", name="Publicar comentario").click()
    expect(page.locator(".comment__body", has_text="Primero")).to_be_visible()
    page.get_by_label("Tu comentario").fill("Segundo, muy pensado")
    page.get_by_role("button", name="Publicar comentario").click()
    expect(page.locator("#comentar-errores")).to_contain_text("Estás publicando muy seguido")
    expect(page.get_by_label("Tu comentario")).to_have_value("Segundo, muy pensado")


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_discussion_page_is_accessible(
    live_asgi: LiveASGIServer, new_context, talk, people, moderator, viewport
) -> None:
    talk.uses_alignment = True
    talk.save()
    root = make_comment(talk, people["camila"], "Estoy a favor", alignment="favor")
    make_comment(talk, people["jorge"], "Respuesta", parent=root)
    make_comment(talk, people["jorge"], "En contra", alignment="contra")
    make_comment(
        talk,
        people["jorge"],
        "Oculto",
        moderation_status="hidden",
        moderation_reason="Spam",
    )
    url = f"{live_asgi.url}/conversaciones/{talk.pk}/"
    kwargs = MOBILE if viewport == "mobile" else {}
    for person in (people["jorge"], moderator, None):
        page = open_as(new_context, live_asgi, person, url, **kwargs)
        assert_accessible(page)
    page = open_as(new_context, live_asgi, people["jorge"], url + "?vista=columnas", **kwargs)
    assert_accessible(page)
    # A reply form opened by the script is accessible too.
    page.locator(f"#comentario-{root.pk}").get_by_role("link", name="Responder a Camila").click()
    assert_accessible(page)


def test_more_replies_open_in_place(live_asgi: LiveASGIServer, new_context, talk, people) -> None:
    root = make_comment(talk, people["camila"], "Un hilo muy conversado")
    for index in range(5):
        make_comment(talk, people["jorge"], f"Respuesta {index}", parent=root)
    page = open_as(
        new_context, live_asgi, people["jorge"], f"{live_asgi.url}/conversaciones/{talk.pk}/"
    )
    replies = page.locator(f'[data-replies-for="{root.pk}"] > li')
    expect(replies).to_have_count(2)
    page.get_by_role("link", name="Ver 3 respuestas más").click()
    expect(replies).to_have_count(5)
    expect(page.locator(".comment-item:focus")).to_contain_text("Respuesta 2")
    assert page.url.endswith(f"/conversaciones/{talk.pk}/")
