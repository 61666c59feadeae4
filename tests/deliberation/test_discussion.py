"""deliberation.views.discussion: GET /conversaciones/<id>/, the standalone discussion page,
and through it ``blocks.discussion_context`` (the block other pages include)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from deliberation.models import Comment, CommentVote
from tests.conftest import client_for
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory


def url(discussion) -> str:
    return f"/conversaciones/{discussion.pk}/"


def make_threads(discussion, author, count: int) -> list[Comment]:
    """``count`` top-level comments, one minute apart, oldest first."""
    start = timezone.now() - timedelta(days=1)
    return Comment.objects.bulk_create(
        [
            Comment(
                discussion=discussion,
                author=author,
                body=f"Comentario número {i}",
                created_at=start + timedelta(minutes=i),
            )
            for i in range(count)
        ]
    )


def ids_in(html: str) -> list[int]:
    import re

    return [int(pk) for pk in re.findall(r'data-comment="(\d+)" data-depth="0"', html)]


def test_page_shows_threads_with_replies_and_the_form(discussion, resident, other_resident):
    root = make_comment(discussion, other_resident, "Raíz del hilo")
    make_comment(discussion, resident, "Respuesta anidada", parent=root)
    response = client_for(resident).get(url(discussion))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Conversación sobre «Plan de ciclovías de Valparaíso»</h1>" in html
    assert "Raíz del hilo" in html
    assert "Respuesta anidada" in html
    assert f'data-replies-for="{root.pk}"' in html
    assert 'id="comentar"' in html
    assert f'data-ws-path="/ws/discussions/{discussion.pk}/"' in html
    assert '<script type="module" src="/static/js/discussion.js"></script>' in html
    assert "Las actualizaciones en vivo están en pausa" in html


def test_the_comment_form_asks_for_respect_in_neutral_words(discussion, resident):
    html = client_for(resident).get(url(discussion)).content.decode()
    assert "Escribe con respeto: los comentarios que no respetan" in html
    assert "respetuoso" not in html


def test_anonymous_visitor_reads_and_is_invited_to_sign_in(client, discussion, other_resident):
    make_comment(discussion, other_resident, "Visible para todos")
    html = client.get(url(discussion)).content.decode()
    assert "Visible para todos" in html
    assert "Ingresa a tu cuenta para comentar y votar." in html
    assert 'id="comentar"' not in html
    assert "data-vote-form" not in html


def test_reply_links_are_offered_only_to_those_who_may_comment(
    client, discussion, resident, other_resident, owner_rules
):
    # A "Responder" link points at the comment form (?responder=…#comentar); without the
    # form it reloaded the page and did nothing.
    root = make_comment(discussion, other_resident, "Una opinión")
    assert f'data-reply="{root.pk}"' in client_for(resident).get(url(discussion)).content.decode()
    html = client.get(url(discussion)).content.decode()
    assert "Una opinión" in html
    assert "data-reply=" not in html
    owner_rules.refusal = "Esta conversación solo admite a residentes verificados."
    html = client_for(resident).get(url(discussion)).content.decode()
    assert "Esta conversación solo admite a residentes verificados." in html
    assert "data-reply=" not in html


def test_hidden_owner_404s(client, resident, discussion, owner_rules):
    owner_rules.visible = False
    assert client_for(resident).get(url(discussion)).status_code == 404
    assert client.get("/conversaciones/424242/").status_code == 404


def test_page_needs_get(discussion, resident):
    assert client_for(resident).post(url(discussion)).status_code == 405


def test_first_batch_is_20_newest_and_see_more_continues(discussion, resident):
    comments = make_threads(discussion, resident, 45)
    newest_first = [c.pk for c in reversed(comments)]
    client = client_for(resident)
    html = client.get(url(discussion)).content.decode()
    assert ids_in(html) == newest_first[:20]
    assert "Ver más" in html
    import re

    more = re.search(r'href="([^"]+)" data-more-url="([^"]+)"', html)
    page_link, script_link = (part.replace("&amp;", "&") for part in more.groups())
    assert page_link.startswith(f"/conversaciones/{discussion.pk}/?orden=recientes&despues=")
    assert script_link.startswith(f"/conversaciones/{discussion.pk}/mas/?")
    # Without JavaScript: the next batch as a page.
    second = client.get(page_link).content.decode()
    assert ids_in(second) == newest_first[20:40]
    # With JavaScript: a fragment to append.
    fragment = client.get(script_link).content.decode()
    assert ids_in(fragment) == newest_first[20:40]
    assert "<html" not in fragment
    third_link = re.search(r'data-more-url="([^"]+)"', fragment).group(1).replace("&amp;", "&")
    last = client.get(third_link).content.decode()
    assert ids_in(last) == newest_first[40:]
    assert "data-more-url" not in last


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("antiguos", ["A", "B", "C"]),
        ("recientes", ["C", "B", "A"]),
        ("mejores", ["B", "C", "A"]),
        ("comentados", ["C", "A", "B"]),
    ],
)
def test_sorts(discussion, resident, sort, expected):
    now = timezone.now()
    a = make_comment(discussion, resident, "A", created_at=now - timedelta(hours=3))
    b = make_comment(discussion, resident, "B", created_at=now - timedelta(hours=2), upvotes=5)
    c = make_comment(
        discussion, resident, "C", created_at=now - timedelta(hours=1), upvotes=2, reply_count=4
    )
    Comment.objects.filter(pk=a.pk).update(reply_count=1, downvotes=1)
    names = {a.pk: "A", b.pk: "B", c.pk: "C"}
    html = client_for(resident).get(url(discussion), {"orden": sort}).content.decode()
    assert [names[pk] for pk in ids_in(html)] == expected
    assert "aria-current" in html


def test_cursor_pagination_by_score_has_no_gaps_or_repeats(discussion, resident):
    comments = make_threads(discussion, resident, 50)
    for index, comment in enumerate(comments):
        Comment.objects.filter(pk=comment.pk).update(upvotes=index % 7)
    client = client_for(resident)
    seen = []
    link = f"/conversaciones/{discussion.pk}/mas/?orden=mejores"
    import re

    while link:
        fragment = client.get(link).content.decode()
        seen += ids_in(fragment)
        found = re.search(r'data-more-url="([^"]+)"', fragment)
        link = found.group(1).replace("&amp;", "&") if found else None
    assert sorted(seen) == sorted(c.pk for c in comments)
    assert len(seen) == len(set(seen))


def test_permalink_opens_the_thread_first(discussion, resident, other_resident):
    make_threads(discussion, resident, 30)
    old_root = Comment.objects.order_by("created_at").first()
    reply = make_comment(discussion, other_resident, "La respuesta enlazada", parent=old_root)
    html = client_for(resident).get(url(discussion), {"comentario": reply.pk}).content.decode()
    focused = html.index("discussion__focused")
    assert focused < html.index("La respuesta enlazada") < html.index("data-thread-list")
    assert f'id="comentario-{reply.pk}" data-comment' not in html.split("data-thread-list")[1]
    assert "is-focused" in html
    assert "Ver toda la conversación" in html


def test_reply_link_without_javascript_prepares_the_form(discussion, resident, other_resident):
    root = make_comment(discussion, other_resident, "Responde esto")
    html = client_for(resident).get(url(discussion), {"responder": root.pk}).content.decode()
    assert "Respondiendo a Jorge" in html
    assert f'name="parent" value="{root.pk}"' in html
    assert "Publicar respuesta" in html


def test_two_column_view_splits_in_favour_and_against(discussion, resident):
    discussion.uses_alignment = True
    discussion.save()
    make_comment(discussion, resident, "Estoy a favor", alignment="favor")
    make_comment(discussion, resident, "Estoy en contra", alignment="contra")
    make_comment(discussion, resident, "Me da igual", alignment="neutral")
    html = client_for(resident).get(url(discussion), {"vista": "columnas"}).content.decode()
    favour, against = html.split('id="columna-favor"')[1].split('id="columna-contra"')
    assert "Estoy a favor" in favour
    assert "Estoy en contra" not in favour
    assert "Estoy en contra" in against
    assert "Me da igual" not in html
    assert '<span class="stance stance--favor">A favor</span>' in favour


def test_hidden_and_deleted_text_never_reaches_the_page(
    discussion, resident, other_resident, moderator
):
    make_comment(
        discussion,
        resident,
        "Insulto oculto",
        moderation_status="hidden",
        moderation_reason="Lenguaje ofensivo",
    )
    deleted = make_comment(
        discussion,
        resident,
        "Texto borrado",
        deleted_at=timezone.now(),
        moderation_status="withdrawn",
    )
    # Replied to, so its placeholder stays (without replies it leaves the thread).
    make_comment(discussion, moderator, "Una respuesta", parent=deleted)
    for viewer in (other_resident, moderator):
        html = client_for(viewer).get(url(discussion)).content.decode()
        # Moderators always read a hidden text, marked hidden; nobody reads a deleted one.
        assert ("Insulto oculto" in html) == (viewer == moderator)
        assert ("Texto original (oculto)" in html) == (viewer == moderator)
        assert "Texto borrado" not in html
        assert "Ocultado por moderación: Lenguaje ofensivo" in html
        assert "Quien escribió este comentario lo borró." in html


def test_its_author_reads_a_hidden_comment_with_the_reason_and_may_appeal(discussion, resident):
    hidden = make_comment(
        discussion,
        resident,
        "Insulto oculto",
        moderation_status="hidden",
        moderation_reason="Lenguaje ofensivo",
    )
    html = client_for(resident).get(url(discussion)).content.decode()
    assert "Ver tu texto (solo tú y moderación lo ven)" in html
    assert "Insulto oculto" in html
    assert f"/conversaciones/comentarios/{hidden.pk}/apelar/" in html


def test_own_votes_show_pressed(discussion, resident, other_resident):
    comment = make_comment(discussion, other_resident, "Vótame")
    CommentVote.objects.create(comment=comment, voter=resident, value=1)
    html = client_for(resident).get(url(discussion)).content.decode()
    assert 'value="up" class="vote vote--up" aria-pressed="true"' in html


def test_moderator_with_2fa_gets_hide_controls(
    discussion, resident, moderator, moderator_without_2fa
):
    make_comment(discussion, resident, "Comentario")
    assert "Ocultar comentario" in client_for(moderator).get(url(discussion)).content.decode()
    for person in (resident, moderator_without_2fa):
        assert "Ocultar comentario" not in client_for(person).get(url(discussion)).content.decode()


def test_first_batch_of_a_large_discussion_costs_constant_queries(
    discussion, resident, other_resident, django_assert_max_num_queries
):
    # 5,000 comments: 2,000 threads, 3,000 replies spread over the newest 500.
    threads = make_threads(discussion, other_resident, 2000)
    authors = [UserFactory() for _ in range(3)]
    replies = [
        Comment(
            discussion=discussion,
            author=authors[index % 3],
            body="r",
            parent=threads[-1 - index % 500],
            root=threads[-1 - index % 500],
            depth=1,
        )
        for index in range(3000)
    ]
    Comment.objects.bulk_create(replies)
    assert Comment.objects.filter(discussion=discussion).count() == 5000
    CommentVote.objects.create(comment=threads[-1], voter=resident, value=1)
    client = client_for(resident)
    client.get(url(discussion))  # warm the content-type cache
    # 1 discussion (+content type), 2 owner, 3 first batch of 20 top-level comments
    # (+authors), 4 their replies (+authors), 5 session, 6 user (first template use),
    # 7 the viewer's votes on those comments, 8 does the viewer follow the owner,
    # 9 last event id (where live updates resume), 10 unread notifications (header).
    with django_assert_max_num_queries(10):
        response = client.get(url(discussion))
    assert response.status_code == 200
    assert len(ids_in(response.content.decode())) == 20


def test_authors_see_counts_not_vote_buttons_on_their_own_comments(
    discussion, resident, other_resident
):
    mine = make_comment(discussion, resident, "Lo mío")
    theirs = make_comment(discussion, other_resident, "Lo de otra persona")
    html = client_for(resident).get(url(discussion)).content.decode()
    own_card = html[html.index(f'data-comment-card="{mine.pk}"') :]
    own_card = own_card[: own_card.index("</article>")]
    assert '<p class="vote-counts">' in own_card
    assert "data-vote-form" not in own_card
    other_card = html[html.index(f'data-comment-card="{theirs.pk}"') :]
    assert "data-vote-form" in other_card[: other_card.index("</article>")]


def test_live_fragments_carry_buttons_and_hidden_counts_for_the_script_to_choose(
    discussion, resident
):
    # The same fragment goes to every viewer: the script keeps the buttons for those who
    # may vote on it and the plain counts for its author and for signed-out visitors.
    from deliberation.events import render_comment

    comment = make_comment(discussion, resident, "Hola")
    html = render_comment(comment, discussion, item=True)
    assert 'class="vote-form" data-vote-form>' in html
    assert '<p class="vote-counts" data-vote-counts hidden>' in html
    assert html.count('data-count="up"') == 2


def test_an_empty_discussion_invites_only_those_who_may_comment(
    client, discussion, resident, owner_rules
):
    invitation = "Todavía no hay comentarios. ¡Sé la primera persona en opinar!"
    assert invitation in client_for(resident).get(url(discussion)).content.decode()
    # Signed out: invited, with the way to sign in.
    assert invitation in client.get(url(discussion)).content.decode()
    # Refused (a draft consultation, say): the reason, and no invitation under it.
    owner_rules.refusal = "Los comentarios se abrirán cuando se publique la consulta."
    html = client_for(resident).get(url(discussion)).content.decode()
    assert "Los comentarios se abrirán cuando se publique la consulta." in html
    assert "¡Sé la primera persona en opinar!" not in html
    assert '<p class="empty-state" data-empty>Todavía no hay comentarios.</p>' in html


def test_moderators_get_a_link_to_record_a_comments_outcome(discussion, resident, moderator):
    comment = make_comment(discussion, resident, "Una idea para el plan")
    link = f"/planificacion/destinos/nuevo/?tipo=comentario&amp;id={comment.pk}"
    assert link in client_for(moderator).get(url(discussion)).content.decode()
    assert link not in client_for(resident).get(url(discussion)).content.decode()
