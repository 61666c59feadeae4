"""deliberation.views.post_comment: POST /conversaciones/<id>/comentar/ (and its actions)."""

import pytest
from django.core import mail

from accounts.models import Notification, User
from deliberation.actions import do_follow
from deliberation.models import Comment, Discussion, Follow, RoomEvent
from tests.conftest import client_for, login_next
from tests.deliberation.helpers import JSON, messages_of
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory


def url(discussion: Discussion) -> str:
    return f"/conversaciones/{discussion.pk}/comentar/"


def test_resident_posts_a_comment_and_lands_on_it(
    discussion, resident, owner_rules, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(resident).post(
            url(discussion), {"body": "Faltan ciclovías en el plan.\n\nSobre todo en Playa Ancha."}
        )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == (
        f"/conversaciones/{discussion.pk}/?comentario={comment.pk}#comentario-{comment.pk}"
    )
    assert messages_of(response) == ["Tu comentario quedó publicado."]
    assert comment.author == resident
    assert comment.body == "<p>Faltan ciclovías en el plan.</p><p>Sobre todo en Playa Ancha.</p>"
    assert (comment.depth, comment.parent, comment.root, comment.alignment) == (0, None, None, "")
    discussion.refresh_from_db()
    assert discussion.comment_count == 1
    assert owner_rules.count_changes == [1]
    # The author follows the owner from now on; one event, broadcast after commit.
    assert Follow.objects.filter(user=resident, object_id=discussion.object_id).exists()
    assert RoomEvent.objects.get().kind == "comment.created"
    assert len(callbacks) == 1


def test_the_script_gets_json_with_the_comment_as_its_author_sees_it(discussion, resident):
    response = client_for(resident).post(url(discussion), {"body": "Apoyo la idea"}, **JSON)
    assert response.status_code == 201
    data = response.json()
    comment = Comment.objects.get()
    assert data["comment"] == comment.pk
    assert data["count"] == 1
    assert data["parent"] is None
    assert f'id="comentario-{comment.pk}"' in data["html"]
    # The author's own controls come visible, with a real CSRF token.
    assert '<span class="comment__own">' in data["html"]
    assert 'name="csrfmiddlewaretoken" value=""' not in data["html"]


def test_typed_html_is_shown_as_text_never_interpreted(discussion, resident):
    typed = '<p onclick="x()">Hola<script>alert(1)</script></p>'
    client_for(resident).post(url(discussion), {"body": typed})
    comment = Comment.objects.get()
    assert comment.body_source == typed
    assert comment.body == (
        "<p>&lt;p onclick=&quot;x()&quot;&gt;Hola&lt;script&gt;alert(1)&lt;/script&gt;"
        "&lt;/p&gt;</p>"
    )


def test_reply_nests_under_its_parent_and_counts_in_the_thread(
    discussion, resident, other_resident
):
    root = make_comment(discussion, other_resident, "Raíz")
    client = client_for(resident)
    client.post(url(discussion), {"body": "Nivel 2", "parent": root.pk})
    second = Comment.objects.get(body="<p>Nivel 2</p>")
    client.post(url(discussion), {"body": "Nivel 3", "parent": second.pk})
    third = Comment.objects.get(body="<p>Nivel 3</p>")
    assert (second.depth, second.parent, second.root) == (1, root, root)
    assert (third.depth, third.parent, third.root) == (2, second, root)
    root.refresh_from_db()
    second.refresh_from_db()
    assert (root.reply_count, second.reply_count) == (2, 1)


def test_replies_stop_at_three_levels_and_the_text_is_kept(discussion, resident, other_resident):
    root = make_comment(discussion, other_resident, "Raíz")
    second = make_comment(discussion, other_resident, "Dos", parent=root)
    third = make_comment(discussion, other_resident, "Tres", parent=second)
    response = client_for(resident).post(
        url(discussion), {"body": "Un cuarto nivel", "parent": third.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Las respuestas llegan hasta tres niveles" in html
    assert "Un cuarto nivel</textarea>" in html
    assert Comment.objects.count() == 3


def test_empty_comment_is_refused_in_spanish(discussion, resident):
    response = client_for(resident).post(url(discussion), {"body": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escribe tu comentario antes de publicarlo." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="comentar-ayuda comentar-texto-error"' in html
    assert not Comment.objects.exists()


def test_json_errors_are_per_field(discussion, resident):
    response = client_for(resident).post(url(discussion), {"body": ""}, **JSON)
    assert response.status_code == 400
    assert response.json() == {"errors": {"body": ["Escribe tu comentario antes de publicarlo."]}}


def test_stance_is_stored_where_the_discussion_asks_for_it(discussion, resident):
    discussion.uses_alignment = True
    discussion.save()
    client_for(resident).post(url(discussion), {"body": "Sí", "alignment": "contra"})
    assert Comment.objects.get().alignment == "contra"


def test_stance_is_ignored_where_the_discussion_does_not_ask(discussion, resident):
    client_for(resident).post(url(discussion), {"body": "Sí", "alignment": "contra"})
    assert Comment.objects.get().alignment == ""


def test_replies_take_no_stance(discussion, resident, other_resident):
    discussion.uses_alignment = True
    discussion.save()
    root = make_comment(discussion, other_resident, "Raíz", alignment="favor")
    client_for(resident).post(
        url(discussion), {"body": "Respuesta", "parent": root.pk, "alignment": "contra"}
    )
    assert Comment.objects.get(parent=root).alignment == ""


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_posting_needs_post(discussion, resident, method):
    response = getattr(client_for(resident), method)(url(discussion))
    assert response.status_code == 405


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_discussion(client, discussion):
    # The form says which page it is on (the owner's page that embeds the discussion).
    response = client.post(url(discussion), {"body": "Hola", "next": "/#division-1"})
    assert login_next(response) == "/#division-1"
    assert not Comment.objects.exists()
    # Without it, the discussion's own page.
    response = client.post(url(discussion), {"body": "Hola"})
    assert login_next(response) == f"/conversaciones/{discussion.pk}/"


def test_hidden_owner_hides_its_discussion(discussion, resident, owner_rules):
    owner_rules.visible = False
    response = client_for(resident).post(url(discussion), {"body": "Hola"})
    assert response.status_code == 404
    assert (
        client_for(resident).post("/conversaciones/999999/comentar/", {"body": "x"}).status_code
        == 404
    )
    assert not Comment.objects.exists()


def test_owner_refusal_is_shown_and_the_text_kept(discussion, resident, owner_rules):
    owner_rules.refusal = "Solo residentes verificados pueden comentar."
    response = client_for(resident).post(url(discussion), {"body": "Mi opinión"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Solo residentes verificados pueden comentar." in html
    assert not Comment.objects.exists()
    # Same request once the rule allows it: the refusal came from the rule.
    owner_rules.refusal = None
    assert client_for(resident).post(url(discussion), {"body": "Mi opinión"}).status_code == 302
    assert Comment.objects.count() == 1


def test_closed_discussion_refuses_comments(discussion, resident):
    discussion.is_closed = True
    discussion.save()
    response = client_for(resident).post(url(discussion), {"body": "Hola"}, **JSON)
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == [
        "Esta conversación está cerrada: ya no recibe comentarios."
    ]


def test_posting_too_often_is_refused_with_the_text_kept(discussion, resident, settings):
    settings.CABILDO_RATE_LIMITS = {"comment": "2/m", "vote": "60/m"}
    client = client_for(resident)
    assert client.post(url(discussion), {"body": "Uno"}).status_code == 302
    assert client.post(url(discussion), {"body": "Dos"}).status_code == 302
    response = client.post(url(discussion), {"body": "Tres, con mucho cuidado"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Estás publicando muy seguido. Espera" in html
    assert "tu texto sigue aquí" in html
    assert "Tres, con mucho cuidado</textarea>" in html
    json_response = client.post(url(discussion), {"body": "Tres"}, **JSON)
    assert json_response.status_code == 429
    assert "Estás publicando muy seguido" in json_response.json()["errors"]["__all__"][0]
    assert Comment.objects.count() == 2
    # Another person is not limited by Camila's pace.
    assert client_for(UserFactory()).post(url(discussion), {"body": "Tres"}).status_code == 302


def test_rate_limits_can_be_turned_off(discussion, resident, settings):
    settings.CABILDO_RATE_LIMITS = {"comment": "1/m", "vote": "1/m"}
    settings.CABILDO_RATE_LIMITS_ENABLED = False
    client = client_for(resident)
    assert [client.post(url(discussion), {"body": f"C{i}"}).status_code for i in range(3)] == [
        302
    ] * 3


def test_reply_notifies_the_parent_author_and_followers_once(
    discussion, owner, resident, other_resident, django_capture_on_commit_callbacks
):
    follower = UserFactory(display_name="Ana", email_frequency=User.EmailFrequency.IMMEDIATE)
    do_follow(follower, owner)
    do_follow(other_resident, owner)  # also the parent's author: gets the reply notice only
    root = make_comment(discussion, other_resident, "Raíz")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(resident).post(url(discussion), {"body": "Te respondo", "parent": root.pk})
    reply = Comment.objects.get(parent=root)
    to_parent = Notification.objects.get(recipient=other_resident)
    assert to_parent.kind == "deliberation.reply"
    assert (
        to_parent.subject == "Camila respondió tu comentario en «Plan de ciclovías de Valparaíso»"
    )
    assert to_parent.url == (
        f"/conversaciones/{discussion.pk}/?comentario={reply.pk}#comentario-{reply.pk}"
    )
    assert not to_parent.is_urgent
    to_follower = Notification.objects.get(recipient=follower)
    assert to_follower.kind == "deliberation.comment"
    assert to_follower.subject == "Camila comentó en «Plan de ciclovías de Valparaíso»"
    assert to_follower.body == "Te respondo"
    # Nobody hears about their own comment.
    assert not Notification.objects.filter(recipient=resident).exists()
    # Ana asked for immediate mail; Jorge keeps the default daily digest.
    assert [m.to for m in mail.outbox] == [[follower.email]]


def test_followers_of_what_the_owner_adds_hear_of_new_comments(discussion, owner_rules, resident):
    from tests.factories import DivisionFactory

    consultation_like = DivisionFactory(name="Consulta madre")
    owner_rules.also_followed = [consultation_like]
    fan = UserFactory()
    do_follow(fan, consultation_like)
    client_for(resident).post(url(discussion), {"body": "Hola"})
    assert Notification.objects.get(recipient=fan).kind == "deliberation.comment"


def test_no_broadcast_when_the_transaction_rolls_back(discussion, resident, monkeypatch):
    from deliberation import actions

    sent = []
    monkeypatch.setattr("deliberation.rooms.send_to_group", lambda *a: sent.append(a))

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(actions, "_notify_new_comment", explode)
    with pytest.raises(RuntimeError):
        actions.do_post_comment(resident, discussion=discussion, body="x")
    assert not Comment.objects.exists()
    assert not RoomEvent.objects.exists()
    assert sent == []


def test_posting_succeeds_when_the_channel_layer_is_down(
    discussion, resident, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr("deliberation.rooms.send_to_group", down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(resident).post(url(discussion), {"body": "Igual se publica"})
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    assert "not broadcast" in caplog.text
