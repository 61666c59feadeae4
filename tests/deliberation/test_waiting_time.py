"""deliberation.rules.waiting_time: how long to wait, as people say it."""

import pytest

from deliberation.rules import rate_limited, waiting_time


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (1, "1 segundo"),
        (45, "45 segundos"),
        (89, "89 segundos"),
        (90, "2 minutos"),
        (3412, "57 minutos"),
        (5340, "89 minutos"),
        (5400, "2 horas"),
        (86_399, "24 horas"),
    ],
)
def test_waits_read_in_the_largest_sensible_unit(seconds, said):
    assert waiting_time(seconds) == said


def test_a_proposal_refused_for_the_hour_says_minutes():
    assert rate_limited("proposal", 3412) == (
        "Estás publicando muy seguido. Espera 57 minutos y vuelve a intentarlo: tu texto "
        "sigue aquí."
    )
