"""?pagina= reads ASCII digits only (issue 8): Django's paginator took a fullwidth 2 for 2."""

import pytest

from accounts.actions import notify
from common.numbers import page_number
from tests.conftest import client_for
from tests.digits import SUPERSCRIPT_TWO, fullwidth


@pytest.mark.parametrize(
    ("text", "page"), [("2", 2), (None, 1), ("", 1), ("0", 1), ("-2", 1), (SUPERSCRIPT_TWO, 1)]
)
def test_page_numbers(text, page):
    assert page_number(text) == page


def test_a_page_in_other_digits_is_the_first_page(resident):
    for number in range(25):
        notify([resident], kind="test", subject=f"Aviso número {number:02d}")
    client = client_for(resident)
    second = client.get("/cuenta/notificaciones/?pagina=2").content.decode()
    assert "Aviso número 00" in second  # the oldest, on page 2
    odd = client.get(f"/cuenta/notificaciones/?pagina={fullwidth('2')}").content.decode()
    assert "Aviso número 00" not in odd
    assert "Aviso número 24" in odd
