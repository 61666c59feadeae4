"""Reads for /indicadores/, its files and the API: the strategic indicator (computed now
from the instruments' participatory instances: a few dozen rows) and the participation
figures as published (from the precomputed rows, ``planning.indicators.models``).

The criteria are written in docs/indicators.md; keep both in step.

Publication (common/disclosure.py): every count of people is rounded to a multiple of 5
and withheld under 5; a breakdown by comuna, gender or age range is published only for
a closed year (its rows are ``final``: computed once, never again), with complementary
suppression; in a breakdown, a cell's contributions (rounded the same way) and response
rate show only where its people do. Contributions and answers in the totals are exact:
they count public acts, not people by attribute.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.models import User
from accounts.territory import territory_data
from common.disclosure import (
    Figure,
    publish_count,
    publish_grouped_table,
    publish_table,
    round_count,
)
from common.text import spanish_sorted
from planning.indicators.models import ParticipationCell
from planning.indicators.registry import gender_published
from planning.models import ParticipatoryInstance, PlanningInstrument

Dimension = ParticipationCell.Dimension

NOT_STATED = _("Sin dato")
OTHER_COMUNAS = _("Otras comunas o sin comuna")
GROUPED_COMUNAS = ngettext_lazy(
    "Otra comuna (menos de 5 personas)",
    "Otras %(count)d comunas (menos de 5 personas cada una)",
    "count",
)
MONTHS = (
    _("enero"),
    _("febrero"),
    _("marzo"),
    _("abril"),
    _("mayo"),
    _("junio"),
    _("julio"),
    _("agosto"),
    _("septiembre"),
    _("octubre"),
    _("noviembre"),
    _("diciembre"),
)


# --- The strategic indicator ------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """The four criteria of a broad and democratic participatory instance
    (docs/indicators.md), as met by one instance or, for an instrument, by any of them."""

    open_to_all: bool
    results_published: bool
    devolution_sent: bool
    gender_published: bool

    @property
    def all_met(self) -> bool:
        return (
            self.open_to_all
            and self.results_published
            and self.devolution_sent
            and self.gender_published
        )


@dataclass(frozen=True)
class InstrumentRef:
    """What the indicator shows of an instrument (read as values: no model rows)."""

    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return reverse("planning:instrument", args=[self.slug])


@dataclass(frozen=True)
class InstanceFacts:
    """The facts of one participatory instance that the criteria read."""

    open_to_all_residents: bool
    results_published_on: date | None
    devolution_sent_on: date | None
    # "app_label.model" of its platform process, and the process's id (or None, None).
    process_label: str | None
    process_id: int | None


@dataclass
class InstanceRow:
    instance: InstanceFacts
    criteria: Criteria


@dataclass
class InstrumentRow:
    instrument: InstrumentRef
    instances: list[InstanceRow]

    @property
    def qualifies(self) -> bool:
        """In the numerator: one instance met every criterion."""
        return any(row.criteria.all_met for row in self.instances)

    @property
    def criteria(self) -> Criteria:
        """Each criterion met by at least one instance (what the list shows)."""
        rows = [row.criteria for row in self.instances]
        return Criteria(
            open_to_all=any(c.open_to_all for c in rows),
            results_published=any(c.results_published for c in rows),
            devolution_sent=any(c.devolution_sent for c in rows),
            gender_published=any(c.gender_published for c in rows),
        )


@dataclass
class StrategicIndicator:
    """The percentage of instruments elaborated in ``year`` that had a broad and
    democratic participatory instance."""

    year: int
    instruments: list[InstrumentRow]

    @property
    def denominator(self) -> int:
        return len(self.instruments)

    @property
    def numerator(self) -> int:
        return sum(1 for row in self.instruments if row.qualifies)

    @property
    def percent(self) -> float | None:
        if not self.instruments:
            return None
        return round(100 * self.numerator / self.denominator, 1)


def instance_criteria(
    instance: InstanceFacts, today: date, published_by_gender: set[tuple[str, int]]
) -> Criteria:
    """One instance against the criteria, on ``today`` (a date still to come does not
    count yet)."""
    process = (instance.process_label, instance.process_id)
    return Criteria(
        open_to_all=instance.open_to_all_residents,
        results_published=instance.results_published_on is not None
        and instance.results_published_on <= today,
        devolution_sent=instance.devolution_sent_on is not None
        and instance.devolution_sent_on <= today,
        gender_published=instance.process_id is not None and process in published_by_gender,
    )


def strategic_indicators(today: date | None = None) -> dict[int, StrategicIndicator]:
    """The indicator of every year that has instruments (by ``elaboration_year``), the
    instruments in Spanish order: two queries (instruments, their instances with their
    process type), read as values, plus what each registered kind of process needs to
    say which of its processes published participation by gender
    (``registry.gender_published``)."""
    today = today or timezone.localdate()
    instruments = PlanningInstrument.objects.filter(elaboration_year__isnull=False).values_list(
        "pk", "name", "slug", "elaboration_year"
    )
    facts: dict[int, list[InstanceFacts]] = defaultdict(list)
    processes: dict[str, list[int]] = defaultdict(list)
    rows = (
        ParticipatoryInstance.objects.filter(instrument__elaboration_year__isnull=False)
        .order_by("starts_on", "pk")
        .values_list(
            "instrument_id",
            "open_to_all_residents",
            "results_published_on",
            "devolution_sent_on",
            "process_type__app_label",
            "process_type__model",
            "process_id",
        )
    )
    for instrument, open_to_all, results, devolution, app_label, model, process_id in rows:
        label = f"{app_label}.{model}" if process_id is not None else None
        facts[instrument].append(InstanceFacts(open_to_all, results, devolution, label, process_id))
        if label is not None:
            processes[label].append(process_id)
    by_gender = {
        (label, pk) for label, ids in processes.items() for pk in gender_published(label, ids)
    }
    years: dict[int, StrategicIndicator] = {}
    for pk, name, slug, year in spanish_sorted(instruments, key=lambda item: item[1]):
        indicator = years.setdefault(year, StrategicIndicator(year, []))
        indicator.instruments.append(
            InstrumentRow(
                InstrumentRef(name, slug),
                [
                    InstanceRow(instance, instance_criteria(instance, today, by_gender))
                    for instance in facts[pk]
                ],
            )
        )
    return dict(sorted(years.items()))


# --- Participation ----------------------------------------------------------------------------


@dataclass
class Totals:
    """A period's figures as published: people rounded (or withheld), contributions and
    answered ones exact."""

    participants: Figure
    contributions: int
    answered: int

    @property
    def response_rate(self) -> float | None:
        if not self.contributions:
            return None
        return round(100 * self.answered / self.contributions, 1)


@dataclass
class MonthFigures:
    month: int
    label: str
    totals: Totals


@dataclass
class YearFigures:
    year: int
    final: bool
    computed_at: datetime
    totals: Totals
    months: list[MonthFigures] = field(default_factory=list)


@dataclass
class BreakdownRow:
    """One published row of a breakdown: ``participants`` None when withheld
    (``withheld``: common.disclosure.SMALL or RESERVED); contributions (rounded) and the
    response rate only where the people are published."""

    key: str
    label: str
    participants: int | None
    withheld: str
    contributions: int | None = None
    response_rate: float | None = None
    # A row grouping several comunas with fewer than 5 people each: their names.
    members: tuple[str, ...] = ()


@dataclass
class Breakdown:
    key: str  # the dimension: comuna, genero, edad
    title: Any
    rows: list[BreakdownRow]


def participation_years() -> list[YearFigures]:
    """Every computed year, oldest first, with its months: one query."""
    rows = (
        ParticipationCell.objects.filter(dimension=Dimension.TOTAL)
        .order_by("period__year", "month")
        .values_list(
            "period__year",
            "period__final",
            "period__computed_at",
            "month",
            "participants",
            "contributions",
            "answered",
        )
    )
    years: dict[int, YearFigures] = {}
    for year, final, computed_at, month, participants, contributions, answered in rows:
        totals = Totals(publish_count(participants), contributions, answered)
        if month == 0:
            years[year] = YearFigures(year, final, computed_at, totals)
        elif year in years:
            years[year].months.append(MonthFigures(month, str(MONTHS[month - 1]), totals))
    return list(years.values())


@cache
def comuna_categories() -> list[tuple[str, str]]:
    """(CUT, name) of the region's comunas, in Spanish order (from the data file, once per
    process)."""
    own = settings.CABILDO_REGION_CODE
    return spanish_sorted(
        [
            (comuna["cut"], comuna["name"])
            for comuna in territory_data()["comunas"]
            if comuna["region_cut"] == own
        ],
        key=lambda item: item[1],
    )


def _categories(dimension: str) -> list[tuple[str, Any]]:
    """Every category of a dimension, in order, "" (not stated, or outside) last: a
    "menos de 5" must not even reveal that someone of a small comuna took part."""
    if dimension == Dimension.COMUNA:
        return [*comuna_categories(), ("", OTHER_COMUNAS)]
    choices = User.Gender.choices if dimension == Dimension.GENDER else User.AgeRange.choices
    return [*choices, ("", NOT_STATED)]


def _published_row(
    key: str, label: str, figure: Figure, counts: tuple[int, int], members: tuple = ()
) -> BreakdownRow:
    contributions, answered = counts
    row = BreakdownRow(key, label, figure.count, figure.withheld, members=members)
    if figure.count is not None:
        row.contributions = round_count(contributions)
        if row.contributions is not None:
            row.response_rate = round(100 * answered / contributions, 1)
    return row


def breakdowns(year: YearFigures | None, *, grouped: bool = True) -> list[Breakdown]:
    """A closed year's breakdowns as published (none for an open year): one query.
    ``grouped``: the comunas under 5 people folded into one row (the page); the files
    keep one row per comuna."""
    if year is None or not year.final:
        return []
    found: dict[str, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    for dimension, key, *counts in ParticipationCell.objects.filter(
        period__year=year.year, month=0, dimension__in=[d for d in Dimension if d != "total"]
    ).values_list("dimension", "key", "participants", "contributions", "answered"):
        found[dimension][key] = tuple(counts)
    published = []
    for dimension, title in (
        (Dimension.COMUNA, _("Por comuna")),
        (Dimension.GENDER, _("Por género")),
        (Dimension.AGE_RANGE, _("Por tramo de edad")),
    ):
        categories = _categories(dimension)
        cells = [found[dimension].get(key, (0, 0, 0)) for key, _label in categories]
        people = [participants for participants, _contributions, _answered in cells]
        acts = [(contributions, answered) for _people, contributions, answered in cells]
        if dimension == Dimension.COMUNA and grouped:
            rows = _grouped_rows(categories, people, acts)
        else:
            rows = [
                _published_row(key, str(label), figure, counts)
                for (key, label), figure, counts in zip(
                    categories, publish_table(people), acts, strict=True
                )
            ]
        published.append(Breakdown(dimension.value, title, rows))
    return published


def _grouped_rows(
    categories: list[tuple[str, Any]], people: list[int], acts: list[tuple[int, int]]
) -> list[BreakdownRow]:
    """The comuna rows with the comunas under 5 people folded into one group row before
    "other comunas or none" (common.disclosure.publish_grouped_table)."""
    table = publish_grouped_table(people, groupable=[bool(key) for key, _label in categories])
    rows = [
        _published_row(categories[index][0], str(categories[index][1]), figure, acts[index])
        for index, figure in zip(table.kept, table.figures, strict=False)
    ]
    if table.group is not None:
        members = tuple(str(categories[index][1]) for index in table.grouped)
        counts = (
            sum(acts[index][0] for index in table.grouped),
            sum(acts[index][1] for index in table.grouped),
        )
        group = _published_row(
            "grupo", GROUPED_COMUNAS % {"count": len(members)}, table.group, counts, members
        )
        at = len(rows) - 1 if rows and not rows[-1].key else len(rows)
        rows.insert(at, group)
    return rows
