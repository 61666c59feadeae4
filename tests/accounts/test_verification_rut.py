"""accounts.views.verification (/cuenta/verificacion/): a search that is neither an e-mail
nor a valid RUT says "RUT inválido", next to the field with what was typed, instead of
"no encontramos a nadie"."""

import pytest

from accounts.models import User
from tests.conftest import client_for

URL = "/cuenta/verificacion/"
NOBODY = "No encontramos a nadie con ese RUT o correo."


@pytest.fixture
def resident_with_rut(resident):
    User.objects.filter(pk=resident.pk).update(rut="12345678-5")
    return resident


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("12.345.678-9", "RUT inválido: el dígito verificador no corresponde."),
        ("123456789", "RUT inválido: el dígito verificador no corresponde."),
        ("camila", "RUT inválido: escribe un RUT como 12.345.678-5, o el correo electrónico"),
        ("12.345.678-X", "RUT inválido: escribe un RUT como 12.345.678-5"),
        (
            "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18-\uff15",
            "RUT inválido: escribe un RUT como 12.345.678-5",
        ),
    ],
)
def test_an_invalid_rut_is_explained_and_kept(
    resident_with_rut, official_client, django_assert_max_num_queries, query, message
):
    # session, user, TOTP check, unread notifications: no search runs.
    with django_assert_max_num_queries(5):
        response = official_client.get(URL, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert NOBODY not in html
    assert f'value="{query}"' in html  # as typed
    assert 'aria-invalid="true"' in html


def test_a_valid_rut_or_an_email_still_searches(resident_with_rut, official_client):
    for query in ("12.345.678-5", "camila@ejemplo.cl"):
        html = official_client.get(URL, {"q": query}).content.decode()
        assert "RUT inválido" not in html
        assert resident_with_rut.display_name in html
    # A valid RUT nobody holds: that one is "nobody found".
    html = official_client.get(URL, {"q": "11.111.111-1"}).content.decode()
    assert NOBODY in html


def test_anonymous_and_residents_cannot_search(client, resident):
    response = client.get(URL, {"q": "12.345.678-9"})
    assert response.status_code == 302
    assert client_for(resident).get(URL, {"q": "12.345.678-9"}).status_code == 403


def test_the_search_refuses_post(official_client):
    assert official_client.post(URL, {"q": "12.345.678-9"}).status_code == 405
