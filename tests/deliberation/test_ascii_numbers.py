"""Numbers in a discussion's addresses and forms are ASCII digits only: ``?responder=``,
``?comentario=``, ``?despues=`` (deliberation.blocks, deliberation.queries) and the reply
form's hidden ``parent`` and the live client's ``after`` (deliberation.forms).

``"²".isdigit()`` is true but ``int("²")`` raises (a 500 on every page with a discussion);
fullwidth and Arabic-Indic digits were read as the id they look like."""

from datetime import timedelta

import pytest
from django.utils import timezone

from deliberation.forms import ClientMessageForm
from deliberation.models import Comment
from tests.conftest import client_for
from tests.deliberation.owners import make_comment
from tests.digits import SUPERSCRIPT_TWO, arabic_indic, fullwidth


def page(discussion) -> str:
    return f"/conversaciones/{discussion.pk}/"


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, "1" + SUPERSCRIPT_TWO, "³"])
def test_a_superscript_reply_id_shows_the_page(discussion, resident, value):
    response = client_for(resident).get(page(discussion), {"responder": value})
    assert response.status_code == 200
    assert 'name="parent" value="" data-parent-field' in response.content.decode()


@pytest.mark.parametrize("digits", [fullwidth, arabic_indic])
def test_a_reply_id_in_other_digits_does_not_prepare_a_reply(
    discussion, resident, other_resident, digits
):
    root = make_comment(discussion, other_resident, "Responde esto")
    client = client_for(resident)
    response = client.get(page(discussion), {"responder": digits(str(root.pk))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Respondiendo a Jorge" not in html
    assert f'name="parent" value="{root.pk}"' not in html

    # The same id in ASCII digits prepares the reply: the refusal came from the digits.
    html = client.get(page(discussion), {"responder": str(root.pk)}).content.decode()
    assert "Respondiendo a Jorge" in html


@pytest.mark.parametrize("digits", [fullwidth, arabic_indic, lambda pk: pk + SUPERSCRIPT_TWO])
def test_a_permalink_in_other_digits_opens_no_thread(discussion, resident, digits):
    comment = make_comment(discussion, resident, "Enlazado")
    client = client_for(resident)
    response = client.get(page(discussion), {"comentario": digits(str(comment.pk))})
    assert response.status_code == 200
    assert "discussion__focused" not in response.content.decode()

    html = client.get(page(discussion), {"comentario": str(comment.pk)}).content.decode()
    assert "discussion__focused" in html


def test_a_cursor_in_other_digits_starts_from_the_first_batch(discussion, resident):
    start = timezone.now() - timedelta(days=1)
    comments = Comment.objects.bulk_create(
        [
            Comment(
                discussion=discussion,
                author=resident,
                body=f"Comentario {i}",
                created_at=start + timedelta(minutes=i),
            )
            for i in range(25)
        ]
    )
    newest = comments[-1]
    # "Most voted" sorts by score, a plain integer: "0~<pk>" continues after that comment.
    cursor = f"0~{newest.pk}"
    client = client_for(resident)
    shown = client.get(page(discussion), {"orden": "mejores", "despues": cursor})
    assert f'data-comment="{newest.pk}"' not in shown.content.decode()

    for written in (fullwidth(cursor), arabic_indic(cursor), f"{SUPERSCRIPT_TWO}~1"):
        response = client.get(page(discussion), {"orden": "mejores", "despues": written})
        assert response.status_code == 200
        # Malformed cursors are ignored: the first batch, which holds the newest comment
        # among equal scores (ties go by id, highest first).
        assert f'data-comment="{newest.pk}"' in response.content.decode()


@pytest.mark.parametrize("digits", [fullwidth, arabic_indic])
def test_a_reply_whose_parent_is_written_in_other_digits_is_refused(
    discussion, resident, other_resident, digits
):
    root = make_comment(discussion, other_resident, "Raíz")
    client = client_for(resident)
    url = f"/conversaciones/{discussion.pk}/comentar/"
    response = client.post(url, {"body": "Mi respuesta", "parent": digits(str(root.pk))})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escribe un número entero usando solo las cifras 0 a 9." in html
    assert "Mi respuesta" in html  # nothing typed is lost
    assert not Comment.objects.filter(body__contains="Mi respuesta").exists()

    response = client.post(url, {"body": "Mi respuesta", "parent": str(root.pk)})
    assert response.status_code == 302
    assert Comment.objects.get(body__contains="Mi respuesta").parent == root


@pytest.mark.parametrize("after", [fullwidth("12"), arabic_indic("12"), SUPERSCRIPT_TWO, True])
def test_a_live_client_resumes_only_after_an_ascii_event_id(after):
    assert not ClientMessageForm({"type": "resume", "after": after}).is_valid()
    form = ClientMessageForm({"type": "resume", "after": 12})
    assert form.is_valid()
    assert form.cleaned_data["after"] == 12
