"""deliberation.views.preview_text (POST /conversaciones/vista-previa/, the "Vista previa"
button's script) and the same preview without JavaScript on the comment forms: the text
rendered as it would be stored, nothing written, the text kept."""

import pytest
from django.test import Client

from deliberation.models import Comment, CommentRevision
from tests.conftest import client_for, login_next
from tests.deliberation.owners import make_comment

URL = "/conversaciones/vista-previa/"


def test_signed_in_person_gets_the_rendered_text_without_writes(
    resident, django_assert_max_num_queries
):
    client = client_for(resident)
    # The session and its user; nothing is written.
    with django_assert_max_num_queries(2):
        response = client.post(URL, {"body": "Con **negrita**\n\n- uno\n\n<b>x</b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Con <strong>negrita</strong></p><ul><li>uno</li></ul>" in html
    assert "<p>&lt;b&gt;x&lt;/b&gt;</p>" in html
    assert "Vista previa" in html


def test_empty_text_says_there_is_nothing_to_show(resident):
    response = client_for(resident).post(URL, {"body": "  "})
    assert "Todavía no hay texto que mostrar." in response.content.decode()


def test_a_text_too_long_for_any_box_is_refused_in_spanish(resident):
    response = client_for(resident).post(URL, {"body": "x" * 50_001})
    assert response.status_code == 400
    assert response.json() == {
        # Grouped as Spanish writes long numbers (a non-breaking space).
        "errors": {"body": ["El texto tiene 50\xa0001 caracteres; el máximo es 50\xa0000."]}
    }
    assert client_for(resident).post(URL, {"body": "x" * 50_000}).status_code == 200


def test_it_takes_only_post(resident):
    assert client_for(resident).get(URL).status_code == 405


def test_anonymous_visitor_is_sent_to_login(client):
    assert login_next(client.post(URL, {"body": "x"})) == URL


def test_it_needs_the_csrf_token(resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert client.post(URL, {"body": "x"}).status_code == 403


# --- Without JavaScript: the forms' own views ---------------------------------------------------


def test_comment_preview_without_javascript_keeps_the_text_and_posts_nothing(discussion, resident):
    typed = "Mi **idea**\n\n- una"
    response = client_for(resident).post(
        f"/conversaciones/{discussion.pk}/comentar/", {"body": typed, "vista_previa": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Mi <strong>idea</strong></p><ul><li>una</li></ul>" in html
    assert f">{typed}</textarea>" in html
    assert not Comment.objects.exists()


def test_edit_preview_without_javascript_changes_nothing(discussion, resident):
    comment = make_comment(discussion, resident, "Primera")
    response = client_for(resident).post(
        f"/conversaciones/comentarios/{comment.pk}/editar/",
        {"body": "Segunda *versión*", "vista_previa": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Segunda <em>versión</em></p>" in html
    assert ">Segunda *versión*</textarea>" in html
    comment.refresh_from_db()
    assert comment.body == "<p>Primera</p>"
    assert not CommentRevision.objects.exists()


@pytest.mark.parametrize("path", ["comentar", "editar"])
def test_the_comment_forms_offer_the_preview_and_say_what_formatting_works(
    discussion, resident, path
):
    comment = make_comment(discussion, resident, "Hola")
    url = (
        f"/conversaciones/{discussion.pk}/"
        if path == "comentar"
        else f"/conversaciones/comentarios/{comment.pk}/editar/"
    )
    html = client_for(resident).get(url).content.decode()
    assert 'name="vista_previa"' in html
    assert 'aria-live="polite"' in html
    assert "**negrita**" in html
    assert "maxlength" not in html
    assert 'data-limit="5000"' in html
