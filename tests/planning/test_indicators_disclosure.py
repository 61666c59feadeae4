"""The small-cell method on the indicators (common.disclosure): people rounded to 5 and
withheld under 5, complementary suppression, comunas grouped on the page, contributions
and response rates only beside published people, breakdowns only for closed years."""

import pytest
from django.utils import timezone

from planning.indicators.models import ParticipationCell, ParticipationPeriod
from planning.indicators.queries import breakdowns, participation_years

pytestmark = pytest.mark.django_db


def period(year: int, cells: list[tuple], *, final: bool = True) -> None:
    """``cells``: (dimension, key, participants, contributions, answered), month 0."""
    row = ParticipationPeriod.objects.create(year=year, final=final, computed_at=timezone.now())
    ParticipationCell.objects.bulk_create(
        ParticipationCell(
            period=row,
            dimension=dimension,
            key=key,
            participants=people,
            contributions=contributions,
            answered=answered,
        )
        for dimension, key, people, contributions, answered in cells
    )


def published(year: int, dimension: str, *, grouped: bool = True):
    (figures,) = [item for item in participation_years() if item.year == year]
    return {b.key: b.rows for b in breakdowns(figures, grouped=grouped)}[dimension]


def test_totals_are_rounded_and_small_totals_withheld():
    period(2024, [("total", "", 12, 30, 3)])
    period(2025, [("total", "", 4, 9, 0)], final=False)
    first, second = participation_years()
    assert first.totals.participants.count == 10
    assert (first.totals.contributions, first.totals.answered) == (30, 3)
    assert first.totals.response_rate == 10.0
    assert second.totals.participants.count is None
    assert second.totals.participants.withheld == "small"


def test_a_lone_small_cell_takes_a_reserved_one_with_it():
    period(
        2024,
        [
            ("total", "", 40, 40, 0),
            ("genero", "F", 20, 20, 10),
            ("genero", "M", 17, 17, 0),
            ("genero", "NB", 3, 3, 0),
        ],
    )
    rows = {row.key: row for row in published(2024, "genero")}
    assert rows["F"].participants == 20
    assert rows["NB"].withheld == "small"
    # The other categories hold 0 people each: small too, so there is no lone small cell
    # and nothing more is reserved.
    assert rows["M"].participants == 15


def test_small_cells_hide_their_contributions_and_rate():
    period(
        2024, [("total", "", 30, 50, 5), ("edad", "18-29", 26, 40, 4), ("edad", "60+", 4, 10, 1)]
    )
    rows = {row.key: row for row in published(2024, "edad")}
    assert (rows["18-29"].participants, rows["18-29"].contributions) == (25, 40)
    assert rows["18-29"].response_rate == 10.0
    assert rows["60+"].participants is None
    assert rows["60+"].contributions is None
    assert rows["60+"].response_rate is None


def test_contributions_under_five_are_withheld_even_beside_published_people():
    period(2024, [("total", "", 9, 3, 1), ("genero", "F", 9, 3, 1)])
    (female,) = [row for row in published(2024, "genero") if row.key == "F"]
    assert female.participants == 10
    assert female.contributions is None
    assert female.response_rate is None


def test_comunas_under_five_are_grouped_on_the_page_and_listed_in_the_files():
    period(
        2024,
        [
            ("total", "", 40, 40, 0),
            ("comuna", "05101", 30, 30, 0),
            ("comuna", "05109", 3, 3, 0),
            ("comuna", "05602", 4, 4, 0),
            ("comuna", "", 3, 3, 0),
        ],
    )
    page = published(2024, "comuna")
    group = next(row for row in page if row.members)
    # Every other comuna of the region has 0 people: all are in the group (at most 4 each).
    assert "Algarrobo" in group.members
    assert group.key == "grupo"
    assert page[-1].key == ""  # "other comunas or none" stays last
    files = published(2024, "comuna", grouped=False)
    assert "grupo" not in {row.key for row in files}
    by_key = {row.key: row for row in files}
    assert by_key["05101"].participants == 30
    assert by_key["05109"].withheld == "small"


def test_open_year_publishes_no_breakdown():
    period(2026, [("total", "", 40, 40, 0), ("genero", "F", 40, 40, 0)], final=False)
    (figures,) = participation_years()
    assert breakdowns(figures) == []
