"""What /indicadores/ shows for a year, assembled from ``queries`` and drawn by ``charts``
(the view stays thin; the files and the API read ``queries`` directly)."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from common.disclosure import RESERVED, SMALL, Figure
from planning.indicators.charts import Chart, Point, horizontal_chart, vertical_chart
from planning.indicators.queries import (
    Breakdown,
    StrategicIndicator,
    YearFigures,
    breakdowns,
    participation_years,
    strategic_indicators,
)


@dataclass
class BreakdownView:
    breakdown: Breakdown
    chart: Chart


@dataclass
class IndicatorsPage:
    year: int
    years: list[int]
    indicator: StrategicIndicator
    indicator_chart: Chart | None
    participation: list[YearFigures]
    participation_chart: Chart | None
    chosen: YearFigures | None
    months_chart: Chart | None
    # Every year's indicator, oldest first (the chart and its table).
    indicators_by_year: list[StrategicIndicator] = field(default_factory=list)
    breakdowns: list[BreakdownView] = field(default_factory=list)


def people_text(figure: Figure | None, count: int | None = None, withheld: str = "") -> str:
    """A count of people as written beside a bar or in a table."""
    if figure is not None:
        count, withheld = figure.count, figure.withheld
    if count is not None:
        return number_format(count, force_grouping=True)
    if withheld == SMALL:
        return _("menos de 5")
    if withheld == RESERVED:
        return _("reservado")
    return _("sin dato")


def percent_text(value: float | None) -> str:
    if value is None:
        return _("sin datos")
    return _("%(value)s %%") % {"value": number_format(value, decimal_pos=1)}


def available_years(
    indicators: dict[int, StrategicIndicator], participation: list[YearFigures]
) -> list[int]:
    """The years one can choose: with instruments or with participation, and this one."""
    current = timezone.localdate().year
    return sorted({*indicators, *(year.year for year in participation), current})


def default_year(indicators: dict[int, StrategicIndicator]) -> int:
    """The latest year up to this one with instruments, else this year."""
    current = timezone.localdate().year
    return max((year for year in indicators if year <= current), default=current)


def build_page(
    year: int,
    indicators: dict[int, StrategicIndicator],
    participation: list[YearFigures],
) -> IndicatorsPage:
    """The page for ``year``: no query of its own but the chosen year's breakdowns (one)."""
    indicator = indicators.get(year) or StrategicIndicator(year, [])
    by_year = list(indicators.values())
    indicator_chart = None
    if by_year:
        indicator_chart = vertical_chart(
            "grafico-indicador",
            _("Instrumentos con instancias participativas amplias y democráticas, por año"),
            [Point(str(item.year), item.percent, percent_text(item.percent)) for item in by_year],
            maximum=100,
        )
    participation_chart = None
    if participation:
        participation_chart = vertical_chart(
            "grafico-participacion",
            _("Personas participantes por año"),
            [
                Point(
                    str(item.year),
                    item.totals.participants.count,
                    people_text(item.totals.participants),
                )
                for item in participation
            ],
        )
    chosen = next((item for item in participation if item.year == year), None)
    months_chart = None
    if chosen is not None and chosen.months:
        months_chart = vertical_chart(
            "grafico-meses",
            _("Personas participantes por mes en %(year)s") % {"year": year},
            [
                Point(
                    month.label[:3],
                    month.totals.participants.count,
                    people_text(month.totals.participants),
                )
                for month in chosen.months
            ],
        )
    views = []
    for breakdown in breakdowns(chosen):
        views.append(
            BreakdownView(
                breakdown,
                horizontal_chart(
                    f"grafico-{breakdown.key}",
                    _("Personas participantes en %(year)s, %(breakdown)s")
                    % {"year": year, "breakdown": str(breakdown.title).lower()},
                    [
                        Point(
                            row.label,
                            row.participants,
                            people_text(None, row.participants, row.withheld),
                        )
                        for row in breakdown.rows
                    ],
                ),
            )
        )
    page = IndicatorsPage(
        year=year,
        years=available_years(indicators, participation),
        indicator=indicator,
        indicator_chart=indicator_chart,
        participation=participation,
        participation_chart=participation_chart,
        chosen=chosen,
        months_chart=months_chart,
        indicators_by_year=by_year,
        breakdowns=views,
    )
    return page


def indicators_page_data() -> tuple[dict[int, StrategicIndicator], list[YearFigures]]:
    """The reads every year's page needs (see ``queries``)."""
    return strategic_indicators(), participation_years()
