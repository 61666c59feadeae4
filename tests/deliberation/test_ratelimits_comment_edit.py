"""The "comment_edit" rate limit, through deliberation.views.edit_comment: refused with
the Spanish sentence and the typed text kept (the form again, 429; JSON for the page's
script), counted per person; editing works again once the window turns."""

import re
from html import unescape

import pytest

from deliberation import ratelimits
from deliberation.models import CommentRevision
from tests.conftest import client_for
from tests.deliberation.helpers import JSON
from tests.deliberation.owners import make_comment


def url(comment) -> str:
    return f"/conversaciones/comentarios/{comment.pk}/editar/"


def textarea_value(response) -> str:
    found = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", response.content.decode(), re.S)
    return unescape(found.group(1))


@pytest.fixture
def comment(discussion, resident):
    return make_comment(discussion, resident, "Primera versión")


@pytest.fixture
def limited(settings):
    settings.CABILDO_RATE_LIMITS = {**settings.CABILDO_RATE_LIMITS, "comment_edit": "2/m"}


def test_editing_too_often_is_refused_with_the_text_kept(comment, resident, limited):
    client = client_for(resident)
    assert client.post(url(comment), {"body": "Segunda"}).status_code == 302
    assert client.post(url(comment), {"body": "Tercera"}).status_code == 302
    response = client.post(url(comment), {"body": "Cuarta, escrita con cuidado"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Estás publicando muy seguido. Espera" in html
    assert "tu texto sigue aquí" in html
    assert textarea_value(response) == "Cuarta, escrita con cuidado"
    comment.refresh_from_db()
    assert "Tercera" in comment.body
    assert CommentRevision.objects.filter(comment=comment).count() == 2


def test_the_page_script_gets_the_refusal_as_json(comment, resident, limited):
    client = client_for(resident)
    client.post(url(comment), {"body": "Segunda"}, **JSON)
    client.post(url(comment), {"body": "Tercera"}, **JSON)
    response = client.post(url(comment), {"body": "Cuarta"}, **JSON)
    assert response.status_code == 429
    assert "Estás publicando muy seguido" in response.json()["errors"]["__all__"][0]


def test_the_limit_is_per_person(discussion, comment, resident, other_resident, limited):
    theirs = make_comment(discussion, other_resident, "De otra persona")
    for number in range(2):
        client_for(resident).post(url(comment), {"body": f"Versión {number}"})
    assert client_for(other_resident).post(url(theirs), {"body": "Cambio"}).status_code == 302


def test_editing_works_again_once_the_window_turns(comment, resident, limited, monkeypatch):
    now = [7200.0]
    monkeypatch.setattr(ratelimits.time, "time", lambda: now[0])
    client = client_for(resident)
    for number in range(3):
        client.post(url(comment), {"body": f"Versión {number}"})
    now[0] += 60
    # The same request, refused a moment ago: the refusal came from the limit.
    assert client.post(url(comment), {"body": "Versión 2"}).status_code == 302
    comment.refresh_from_db()
    assert "Versión 2" in comment.body
