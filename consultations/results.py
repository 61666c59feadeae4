"""Reads for a consultation's results page: participation figures and answered proposals.

Participation counts people, never shows them. Every figure of people (the total and the
breakdowns by comuna, gender and age range) goes through ``common.disclosure``: counts
under 5 withheld, the rest rounded to multiples of 5, one more cell withheld when a small
one would be alone. Only marginal breakdowns are published (never comuna by gender, etc.),
and every category of the territory is listed, so a "menos de 5" does not even reveal that
someone from a small comuna took part.

The breakdowns are published only once participation has closed
(``participation_closes_at``: the proposals and supports phases are over and the survey
has closed), and are then computed once and kept (``ParticipationSnapshot``, with a copy
in the cache). While people can still take part, two snapshots before and after one known
person joins would tell that person's comuna, gender and age range apart; after the
close, nothing that could move a rounded figure (a profile edit, say) shows, even if the
cache is lost. Until then pages publish the totals alone, the people among them rounded.
Proposals, supports and survey responses stay exact: each proposal and its supports are
public on its page anyway, and they count acts, not people by attribute.

The three aggregates behind these figures scan every support and response of the
consultation (hundreds of milliseconds with a million supports), so their raw numbers are
cached for ``PARTICIPATION_SECONDS`` while open; pages say when the figures are from.

Who is a participant: the author of a visible proposal (published or withdrawn), a person
who supported a proposal of the consultation, or a survey respondent. When comments on
consultations arrive (deliberation), their authors join this union here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.models import User
from common.cache import cached_aggregate
from common.disclosure import SMALL, Figure, publish_count, publish_grouped_table, publish_table
from common.text import spanish_sorted
from consultations.models import (
    Consultation,
    ParticipationSnapshot,
    Phase,
    Proposal,
    ProposalAnswer,
    Support,
)
from consultations.queries import region_comunas
from surveys.models import Response

ANSWERS_PER_PAGE = 20
PARTICIPATION_SECONDS = 5 * 60
# The cached copy of a consultation's final figures (kept in ParticipationSnapshot), with
# no expiry; the closing moment is part of the key, as of the row.
FINAL_KEY = "consultations.participation.{pk}.final.{closed}"
# The phases in which people take part (with the survey); the rest only inform.
PARTICIPATION_PHASES = (Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS)

NOT_STATED = _("Sin dato")
OTHER_COMUNAS = _("Otras comunas o sin comuna")
GROUPED_COMUNAS = ngettext_lazy(
    "Otra comuna (menos de 5 personas)",
    "Otras %(count)d comunas (menos de 5 personas cada una)",
    "count",
)
BREAKDOWN_LATER = _(
    "El desglose por comuna, género y tramo de edad se publica al cerrar la consulta."
)


@dataclass
class Cell:
    """One published figure: ``count`` is None when it is withheld."""

    key: str
    label: str
    count: int | None
    # common.disclosure.SMALL: fewer than 5 people; RESERVED: withheld so a small one
    # cannot be deduced from the total.
    suppressed: str = ""
    # A row that groups several comunas under 5 people each: their names.
    members: tuple[str, ...] = ()


@dataclass
class Participation:
    """What a consultation publishes about who took part (see the module doc):
    ``participants`` is rounded (None under 5), the breakdowns are empty until ``final``."""

    participants: Figure
    proposals: int
    supports: int
    responses: int
    proposals_by_state: list[tuple[str, str, int]] = field(default_factory=list)
    by_comuna: list[Cell] = field(default_factory=list)
    by_gender: list[Cell] = field(default_factory=list)
    by_age_range: list[Cell] = field(default_factory=list)
    # The page's comuna table: the comunas under 5 people folded into one row (the files
    # and the API keep ``by_comuna``, one row per comuna).
    comuna_rows: list[Cell] = field(default_factory=list)
    computed_at: datetime | None = None
    # When participation closes (or closed); None while a phase has no end date.
    closes_at: datetime | None = None
    # Participation has closed: the breakdowns are published and no longer change.
    final: bool = False

    @property
    def breakdowns(self) -> list[tuple[str, str, list[Cell]]]:
        if not self.final:
            return []
        return [
            ("comuna", _("Por comuna"), self.by_comuna),
            ("genero", _("Por género"), self.by_gender),
            ("edad", _("Por tramo de edad"), self.by_age_range),
        ]

    @property
    def page_breakdowns(self) -> list[tuple[str, str, list[Cell]]]:
        """``breakdowns`` as the results page shows them: comunas grouped."""
        return [
            (key, title, self.comuna_rows if key == "comuna" else rows)
            for key, title, rows in self.breakdowns
        ]


def cells(rows: list[tuple[str, str, int]]) -> list[Cell]:
    """The (key, label, true count) rows of one breakdown as published
    (``common.disclosure.publish_table``)."""
    figures = publish_table([count for _key, _label, count in rows])
    return [
        Cell(key, str(label), figure.count, figure.withheld)
        for (key, label, _count), figure in zip(rows, figures, strict=True)
    ]


def grouped_cells(rows: list[tuple[str, str, int]]) -> list[Cell]:
    """A comuna breakdown's rows for the page: the comunas under 5 people folded into one
    row after the others (``common.disclosure.publish_grouped_table``: the group follows
    the same rules as a cell); the last row ("other comunas or none") is never grouped."""
    table = publish_grouped_table(
        [count for _key, _label, count in rows],
        groupable=[bool(key) for key, _label, _count in rows],
    )
    shown = [
        Cell(rows[index][0], str(rows[index][1]), figure.count, figure.withheld)
        for index, figure in zip(table.kept, table.figures, strict=False)
    ]
    if table.group is not None:
        members = tuple(str(rows[index][1]) for index in table.grouped)
        count = len(members)
        group = Cell(
            "grupo",
            GROUPED_COMUNAS % {"count": count},
            table.group.count,
            table.group.withheld,
            members=members,
        )
        # Before "other comunas or none", which stays last.
        at = len(shown) - 1 if shown and not shown[-1].key else len(shown)
        shown.insert(at, group)
    return shown


def participation_closes_at(consultation: Consultation) -> datetime | None:
    """When nobody can take part any more: the latest end of the proposals and supports
    phases and of the survey; None while one of them has no end date, or when the
    consultation has none of them yet. Reads ``phases`` (prefetch to save a query) and
    ``survey``."""
    ends = []
    for phase in consultation.phases.all():
        if phase.kind in PARTICIPATION_PHASES:
            if phase.effective_end is None:
                return None
            ends.append(phase.effective_end)
    survey = consultation.survey
    if survey is not None:
        ends.append(survey.closes_at)
    return max(ends, default=None)


def participants_of(consultation: Consultation):
    """The ids of everyone who took part (a UNION subquery, so each person counts once)."""
    authors = Proposal.objects.visible().filter(consultation=consultation).values("author_id")
    supporters = Support.objects.filter(consultation=consultation).values("user_id")
    respondents = Response.objects.filter(survey__consultation=consultation).values("respondent_id")
    return authors.union(supporters, respondents)


def _comuna_categories(consultation: Consultation) -> list[tuple[str, str]]:
    """The comunas a consultation is about: its own list, or the region's (from the file)."""
    if consultation.whole_region:
        return region_comunas()
    return spanish_sorted(
        consultation.comunas.values_list("cut", "name"), key=lambda comuna: comuna[1]
    )


def proposal_states(consultation_ids: list[int]) -> dict[int, list[dict]]:
    """Visible proposals and their supports by state, per consultation: from the cache,
    with one grouped query for the consultations missing from it."""
    keys = {pk: f"consultations.proposal_states.{pk}" for pk in consultation_ids}
    cached = cache.get_many(keys.values())
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in consultation_ids if pk not in found]
    if missing:
        computed: dict[int, list[dict]] = {pk: [] for pk in missing}
        for row in (
            Proposal.objects.visible()
            .filter(consultation_id__in=missing)
            .values("consultation_id", "state")
            .annotate(count=Count("id"), supports=Sum("support_count"))
            .order_by()
        ):
            computed[row.pop("consultation_id")].append(row)
        cache.set_many({keys[pk]: rows for pk, rows in computed.items()}, PARTICIPATION_SECONDS)
        found |= computed
    return found


def proposal_totals(consultation_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(visible proposals, their supports) per consultation, from ``proposal_states``."""
    return {
        pk: (sum(row["count"] for row in rows), sum(row["supports"] or 0 for row in rows))
        for pk, rows in proposal_states(consultation_ids).items()
    }


def participation_counts(consultation: Consultation, *, final_at: datetime | None = None) -> dict:
    """The raw aggregates: proposals by state, responses, participants grouped by comuna,
    gender and age range. Three queries, or none when cached (``common.cache``). With
    ``final_at`` (participation closed then), the responses and groups are computed once
    and kept (``ParticipationSnapshot``), so every later read publishes the same."""

    def compute() -> dict:
        return {
            "responses": Response.objects.filter(survey__consultation=consultation).count(),
            "groups": list(
                User.objects.filter(pk__in=participants_of(consultation))
                .values("comuna_id", "gender", "age_range")
                .annotate(count=Count("id"))
                .order_by()
            ),
        }

    if final_at is None:
        entry = cached_aggregate(
            f"consultations.participation.{consultation.pk}", PARTICIPATION_SECONDS, compute
        )
        value, computed_at = entry.value, entry.computed_at
    else:
        value, computed_at = _final_figures(consultation, final_at, compute)
    return {
        **value,
        "computed_at": computed_at,
        "states": proposal_states([consultation.pk])[consultation.pk],
    }


def _final_figures(
    consultation: Consultation, closed_at: datetime, compute: Callable[[], dict]
) -> tuple[dict, datetime]:
    """The figures frozen at ``closed_at``: from the cache, else from their snapshot row
    (one query), else computed and stored by this request (the first reader after the
    close; two at once store one row, and both publish it)."""
    key = FINAL_KEY.format(pk=consultation.pk, closed=closed_at.isoformat())
    cached = cache.get(key)
    if cached is not None:
        return cached
    snapshot = ParticipationSnapshot.objects.filter(
        consultation=consultation, closed_at=closed_at
    ).first()
    if snapshot is None:
        try:
            with transaction.atomic():
                snapshot = ParticipationSnapshot.objects.create(
                    consultation=consultation, closed_at=closed_at, figures=compute()
                )
        except IntegrityError:  # another reader stored it first
            snapshot = ParticipationSnapshot.objects.get(
                consultation=consultation, closed_at=closed_at
            )
    final = (snapshot.figures, snapshot.computed_at)
    cache.set(key, final, None)
    return final


def participation(consultation: Consultation) -> Participation:
    """Participation figures as published (see the module doc): the cached aggregates,
    plus a query for the phases (unless prefetched) and, for a consultation on chosen
    comunas once final, one for their names."""
    closes_at = participation_closes_at(consultation)
    final = closes_at is not None and closes_at <= timezone.now()
    counts = participation_counts(consultation, final_at=closes_at if final else None)
    states = {row["state"]: row for row in counts["states"]}
    groups = counts["groups"]
    figures = Participation(
        participants=publish_count(sum(group["count"] for group in groups)),
        proposals=sum(row["count"] for row in states.values()),
        supports=sum(row["supports"] or 0 for row in states.values()),
        responses=counts["responses"],
        proposals_by_state=[
            (value, str(label), states[value]["count"] if value in states else 0)
            for value, label in Proposal.State.choices
        ],
        computed_at=counts["computed_at"],
        closes_at=closes_at,
        final=final,
    )
    if not final:
        return figures

    comunas = _comuna_categories(consultation)
    known = {cut for cut, _name in comunas}
    by_comuna: dict[str, int] = {}
    by_gender: dict[str, int] = {}
    by_age: dict[str, int] = {}
    for group in groups:
        comuna = group["comuna_id"] if group["comuna_id"] in known else ""
        by_comuna[comuna] = by_comuna.get(comuna, 0) + group["count"]
        by_gender[group["gender"]] = by_gender.get(group["gender"], 0) + group["count"]
        by_age[group["age_range"]] = by_age.get(group["age_range"], 0) + group["count"]

    comuna_cells = [(cut, name, by_comuna.get(cut, 0)) for cut, name in comunas]
    comuna_cells.append(("", OTHER_COMUNAS, by_comuna.get("", 0)))
    gender_cells = [(value, label, by_gender.get(value, 0)) for value, label in User.Gender.choices]
    gender_cells.append(("", NOT_STATED, by_gender.get("", 0)))
    age_cells = [(value, label, by_age.get(value, 0)) for value, label in User.AgeRange.choices]
    age_cells.append(("", NOT_STATED, by_age.get("", 0)))
    figures.by_comuna = cells(comuna_cells)
    figures.comuna_rows = grouped_cells(comuna_cells)
    figures.by_gender = cells(gender_cells)
    figures.by_age_range = cells(age_cells)
    return figures


def withheld_note(figure: Cell | Figure) -> str:
    """Why a figure is withheld, in words, for the files' "nota" column."""
    withheld = figure.suppressed if isinstance(figure, Cell) else figure.withheld
    return str(_("menos de 5") if withheld == SMALL else _("reservado"))


def summary_rows(figures: Participation) -> list[list]:
    """The participation rows of the results summary CSV (section, question, category,
    people, percent, note), as published: the same figures as the page."""
    rounded = str(_("redondeada a múltiplo de 5"))
    participants = figures.participants
    rows = [
        [
            "participacion",
            "",
            str(_("Personas participantes")),
            participants.count,
            "",
            rounded if participants.count is not None else withheld_note(participants),
        ]
    ]
    for label, value in [
        (_("Propuestas"), figures.proposals),
        (_("Apoyos"), figures.supports),
        (_("Respuestas a la encuesta"), figures.responses),
    ]:
        rows.append(["participacion", "", str(label), value, "", ""])
    for _value, label, count in figures.proposals_by_state:
        rows.append(["propuestas_por_estado", "", label, count, "", ""])
    if not figures.final:
        later = str(BREAKDOWN_LATER)
        rows.append(["desglose", "", "", "", "", later])
    for key, _title, breakdown in figures.breakdowns:
        for cell in breakdown:
            note = rounded if cell.count is not None else withheld_note(cell)
            rows.append([f"participantes_por_{key}", "", cell.label, cell.count, "", note])
    return rows


def answered_proposals(consultation: Consultation):
    """Visible proposals' published official answers, newest first."""
    return (
        ProposalAnswer.objects.filter(
            is_published=True,
            proposal__consultation=consultation,
            proposal__moderation_status__in=Proposal.VISIBLE_STATUSES,
        )
        .select_related("proposal", "division")
        .order_by("-published_at", "-id")
    )


def answered_proposals_page(consultation: Consultation, number: str | int | None) -> Page:
    """One page of answered proposals (two queries: count and page)."""
    return Paginator(answered_proposals(consultation), ANSWERS_PER_PAGE).get_page(number)
