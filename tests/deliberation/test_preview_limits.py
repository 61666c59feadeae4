"""The preview is bounded and rate limited on every path: the script's endpoint
(POST /conversaciones/vista-previa/) and the forms' own "Vista previa" button without
JavaScript (``markup.preview_of``), which rendered whatever size was posted."""

from unittest import mock

import pytest

from deliberation import markup
from deliberation.models import Comment
from tests.conftest import client_for

URL = "/conversaciones/vista-previa/"


@pytest.fixture
def limited(settings):
    settings.CABILDO_RATE_LIMITS = {**settings.CABILDO_RATE_LIMITS, "preview": "2/m"}


def test_the_endpoint_is_rate_limited_with_a_spanish_sentence(resident, limited):
    client = client_for(resident)
    assert client.post(URL, {"body": "uno"}).status_code == 200
    assert client.post(URL, {"body": "dos"}).status_code == 200
    response = client.post(URL, {"body": "tres"})
    assert response.status_code == 429
    [message] = response.json()["errors"]["body"]
    assert message.startswith("Estás pidiendo vistas previas muy seguido. Espera ")
    # Another person is not held back.
    assert client_for_other().post(URL, {"body": "tres"}).status_code == 200


def client_for_other():
    from tests.factories import UserFactory

    return client_for(UserFactory(email="otra@ejemplo.cl"))


def test_the_button_without_javascript_is_rate_limited_too(discussion, resident, limited):
    client = client_for(resident)
    url = f"/conversaciones/{discussion.pk}/comentar/"
    for _ in range(2):
        client.post(url, {"body": "Mi **idea**", "vista_previa": "1"})
    response = client.post(url, {"body": "Mi **idea**", "vista_previa": "1"})
    html = response.content.decode()
    assert "Estás pidiendo vistas previas muy seguido." in html
    assert "<strong>idea</strong>" not in html
    assert ">Mi **idea**</textarea>" in html  # the text is kept
    assert not Comment.objects.exists()


def test_the_button_without_javascript_does_not_render_an_unbounded_text(discussion, resident):
    """A form's own view rendered any size posted (2.5 MB of markup: half a minute of a
    worker); past the preview's bound it says so instead, and still writes nothing."""
    client = client_for(resident)
    typed = "x" * (markup.PREVIEW_MAX_LENGTH + 1)
    with mock.patch.object(markup, "render_markdown", wraps=markup.render_markdown) as render:
        response = client.post(
            f"/conversaciones/{discussion.pk}/comentar/", {"body": typed, "vista_previa": "1"}
        )
    assert render.call_count == 0
    html = response.content.decode()
    assert "El texto tiene 50\xa0001 caracteres; el máximo es 50\xa0000." in html
    assert not Comment.objects.exists()


def test_a_form_renders_its_preview_once_per_request(official_client, db):
    """The consultation editor asked for the preview twice (the view, then the page)."""
    with mock.patch.object(markup, "render_markdown", wraps=markup.render_markdown) as render:
        response = official_client.post(
            "/consultas/nueva/", {"title": "T", "body": "Una **descripción**", "vista_previa": "1"}
        )
    assert response.status_code == 200
    assert "<strong>descripción</strong>" in response.content.decode()
    assert render.call_count == 1
