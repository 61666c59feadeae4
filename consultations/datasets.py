"""Consultations' open data: what is public, its rows, and the three datasets that
``register`` adds to /datos/ (``common.datasets``). The JSON API (``opendata.api``) reads
through the same querysets and serialises with the same row builders, so a file and an
API response never disagree; ``consultations.schemas`` describes each row.

What is public here is exactly what anyone can read on the site, minus people:

- consultations: published ones only (drafts never);
- proposals: visible ones only (published, or withdrawn and marked so); hidden and
  pending proposals never appear, nor do answers that are still drafts;
- survey aggregates: counts per option and value, only once a survey's results are
  public; never open-text answers (free text may carry personal data and is not reviewed
  for publication in bulk), never anything per person.

No person appears in any row: not e-mails, not ids, not even public display names. A
display name is often a real name; in a bulk file it would let anyone link everything a
person wrote across consultations, and a copy cannot be withdrawn when that person later
deletes their account (the site then shows "Participante eliminado"). The site shows
names in context; the data does not need them.

Large datasets are read in keyset batches, so the files stream as rows arrive.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.datasets import Dataset, Item, register_dataset
from common.text import spanish_sorted
from consultations import schemas
from consultations.models import Consultation, Phase, Proposal, TaggedTopic
from consultations.results import Cell, Participation, proposal_totals
from deliberation.sanitizer import plain_text
from surveys.models import Survey
from surveys.results import QUESTION_COLUMNS, question_csv_rows, question_items, tally_survey

BATCH = 2000


def iso(moment: datetime | None) -> str | None:
    """A moment as the data writes it: ISO 8601 in Chile's time, or None."""
    return timezone.localtime(moment).isoformat() if moment else None


# --- What is public --------------------------------------------------------------------------


def published_consultations() -> QuerySet[Consultation]:
    """Published consultations, bare (the API checks a slug with it, one query)."""
    return Consultation.objects.filter(status=Consultation.Status.PUBLISHED)


def public_consultations() -> QuerySet[Consultation]:
    """Published consultations with what their rows show, oldest first (stable ids).
    Rows: ``consultation_rows``."""
    return (
        published_consultations()
        .select_related("division")
        .prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("starts_at", "pk")),
            "comunas",
            "surveys",
        )
        .defer("search_vector", "body")
        .order_by("id")
    )


def public_proposals(consultation: Consultation | None = None) -> QuerySet[Proposal]:
    """Visible proposals of published consultations (of ``consultation`` alone, when
    given), by id, with comuna and answer joined. Rows: ``proposal_rows``.

    The published consultations' ids are read first and passed as a list: PostgreSQL then
    walks the proposals' primary key for each batch instead of sorting a join of them
    all. The search vector, heavy and never shown, stays in the database.
    """
    if consultation is not None:
        ids = [consultation.pk] if consultation.is_published else []
    else:
        ids = list(published_consultations().values_list("pk", flat=True))
    return (
        Proposal.objects.visible()
        .filter(consultation_id__in=ids)
        .select_related("consultation", "comuna", "answer", "answer__division")
        .defer(
            "search_vector",
            "consultation__search_vector",
            "consultation__body",
            "consultation__summary",
        )
        .order_by("id")
    )


def public_surveys() -> QuerySet[Survey]:
    """Surveys of published consultations whose results are public now."""
    return (
        Survey.objects.filter(consultation__status=Consultation.Status.PUBLISHED)
        .results_public()
        .prefetch_related("owner")
        .order_by("id")
    )


def in_batches(queryset: QuerySet, size: int = BATCH) -> Iterator[list]:
    """The queryset's rows in id order, ``size`` at a time (keyset pagination: each batch
    is a short query, so no cursor stays open while a large file is written)."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def attach_topic_names(objects: list) -> list:
    """Set ``topic_names`` (their Spanish names, in Spanish order) on each object, with
    one query for all of them.

    taggit's own prefetch builds a queryset per object, which costs more than the rest of
    a row together when 50,000 proposals are written.
    """
    if not objects:
        return objects
    content_type = ContentType.objects.get_for_model(objects[0])
    names: dict[int, list[str]] = {}
    for object_id, name in TaggedTopic.objects.filter(
        content_type=content_type, object_id__in=[obj.pk for obj in objects]
    ).values_list("object_id", "tag__name"):
        names.setdefault(object_id, []).append(name)
    for obj in objects:
        obj.topic_names = spanish_sorted(names.get(obj.pk, []))
    return objects


# --- Rows: one builder per kind, for the files and the API ------------------------------------


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _proposal_url(request: HttpRequest, slug: str, pk: int) -> str:
    """A proposal's public address, from a template reversed once per request."""
    template = getattr(request, "_cabildo_proposal_url", None)
    if template is None:
        template = _absolute(request, reverse("consultations:proposal", args=["SLUG", 987654321]))
        request._cabildo_proposal_url = template
    return template.replace("SLUG", slug).replace("987654321", str(pk))


def consultation_item(request: HttpRequest, consultation: Consultation) -> Item:
    """A ``schemas.Consultation``; the consultation comes from ``consultation_rows``."""
    survey = consultation.survey
    slug = consultation.slug
    return {
        "id": consultation.pk,
        "slug": slug,
        "title": consultation.title,
        "summary": consultation.summary,
        "url": _absolute(request, consultation.get_absolute_url()),
        "created_at": iso(consultation.created_at),
        "whole_region": consultation.whole_region,
        "comunas": [
            {"cut": comuna.cut, "name": comuna.name}
            for comuna in sorted(consultation.comunas.all(), key=lambda c: c.cut)
        ],
        "topics": consultation.topic_names,
        "residency_rule": consultation.residency_rule,
        "requires_verified_resident": consultation.requires_verified_resident,
        "division": consultation.division.name if consultation.division else None,
        "phases": [
            {
                "kind": phase.kind,
                "starts_at": iso(phase.starts_at),
                "ends_at": iso(phase.ends_at),
                "closed_at": iso(phase.closed_at),
            }
            for phase in consultation.phases.all()
        ],
        "proposal_count": consultation.proposal_count,
        "support_count": consultation.support_total,
        "survey": None
        if survey is None
        else {
            "title": survey.title,
            "opens_at": iso(survey.opens_at),
            "closes_at": iso(survey.closes_at),
            "results_public": survey.results_are_public(),
        },
        # The API's addresses (opendata.urls), by name: this app does not import it.
        "links": {
            "proposals": _absolute(request, reverse("data:api_proposals", args=[slug])),
            "results": _absolute(request, reverse("data:api_results", args=[slug])),
        },
    }


def consultation_rows(request: HttpRequest, consultations: list[Consultation]) -> list[Item]:
    """Rows of consultations from ``public_consultations``: two more queries for the lot
    (topics; proposal totals, cached a few minutes by ``results.proposal_states``)."""
    totals = proposal_totals([consultation.pk for consultation in consultations])
    for consultation in attach_topic_names(consultations):
        consultation.proposal_count, consultation.support_total = totals[consultation.pk]
    return [consultation_item(request, consultation) for consultation in consultations]


def answer_item(proposal: Proposal) -> Item | None:
    """The proposal's official answer (``schemas.ProposalAnswer``), only once published."""
    answer = getattr(proposal, "answer", None)
    if answer is None or not answer.is_published:
        return None
    return {
        "state": answer.state,
        "text": plain_text(answer.body, paragraphs=True),
        "division": answer.division.name,
        "estimated_cost_clp": answer.estimated_cost,
        "execution_period": answer.execution_period,
        "published_at": iso(answer.published_at),
    }


def proposal_item(request: HttpRequest, proposal: Proposal) -> Item:
    """A ``schemas.Proposal``; the proposal comes from ``proposal_rows``."""
    return {
        "id": proposal.pk,
        "consultation": proposal.consultation.slug,
        "title": proposal.title,
        "text": plain_text(proposal.body, paragraphs=True),
        "state": proposal.state,
        "withdrawn": proposal.moderation_status == Proposal.ModerationStatus.WITHDRAWN,
        "support_count": proposal.support_count,
        "comment_count": proposal.comment_count,
        "comuna": {"cut": proposal.comuna.cut, "name": proposal.comuna.name}
        if proposal.comuna
        else None,
        "latitude": proposal.latitude,
        "longitude": proposal.longitude,
        "topics": proposal.topic_names,
        "created_at": iso(proposal.created_at),
        "url": _proposal_url(request, proposal.consultation.slug, proposal.pk),
        "answer": answer_item(proposal),
    }


def proposal_rows(request: HttpRequest, proposals: list[Proposal]) -> list[Item]:
    """Rows of proposals from ``public_proposals``: one more query for their topics."""
    return [proposal_item(request, proposal) for proposal in attach_topic_names(proposals)]


def survey_item(consultation: Consultation, survey: Survey) -> Item:
    """A ``schemas.SurveyResults``: the survey's public aggregates (``tally_survey``:
    cached; never the open-text answers). Only for a survey whose results are public."""
    results = tally_survey(survey)
    return {
        "consultation": consultation.slug,
        "title": survey.title,
        "opens_at": iso(survey.opens_at),
        "closes_at": iso(survey.closes_at),
        "closed": survey.has_closed(),
        "computed_at": iso(results.computed_at),
        "response_count": results.response_count,
        "questions": question_items(results),
    }


def cell_item(cell: Cell) -> Item:
    return {
        "key": cell.key,
        "label": cell.label,
        "count": cell.count,
        "suppressed": cell.suppressed or None,
    }


def participation_item(figures: Participation) -> Item:
    """A ``schemas.Participation``: the figures of ``results.participation``, already
    published there (``common.disclosure``: people rounded to multiples of 5, small and
    reserved cells withheld; the breakdowns null until participation closes)."""

    def breakdown(cells: list[Cell]) -> list[Item] | None:
        return [cell_item(cell) for cell in cells] if figures.final else None

    return {
        "participants": figures.participants.count,
        "proposals": figures.proposals,
        "supports": figures.supports,
        "survey_responses": figures.responses,
        "proposals_by_state": {value: count for value, _label, count in figures.proposals_by_state},
        "final": figures.final,
        "participation_closes_at": iso(figures.closes_at),
        "by_comuna": breakdown(figures.by_comuna),
        "by_gender": breakdown(figures.by_gender),
        "by_age_range": breakdown(figures.by_age_range),
    }


# --- CSV rows: the same items, flattened ----------------------------------------------------

PHASE_KINDS = [kind for kind, _label in Phase.Kind.choices]

CONSULTATION_COLUMNS = [
    "id",
    "slug",
    "title",
    "summary",
    "url",
    "created_at",
    "whole_region",
    "comunas_cut",
    "comunas",
    "topics",
    "residency_rule",
    "requires_verified_resident",
    "division",
    *[f"phase_{kind}_{edge}" for kind in PHASE_KINDS for edge in ("starts_at", "ends_at")],
    "proposal_count",
    "support_count",
    "survey_title",
    "survey_opens_at",
    "survey_closes_at",
]

PROPOSAL_COLUMNS = [
    "id",
    "consultation",
    "title",
    "text",
    "state",
    "withdrawn",
    "support_count",
    "comment_count",
    "comuna_cut",
    "comuna",
    "latitude",
    "longitude",
    "topics",
    "created_at",
    "url",
    "answer_state",
    "answer_text",
    "answer_division",
    "answer_estimated_cost_clp",
    "answer_execution_period",
    "answer_published_at",
]

SURVEY_COLUMNS = ["consultation", "survey", "closed", "response_count", *QUESTION_COLUMNS]


def _bool(value: bool) -> str:
    return "true" if value else "false"


def consultation_csv_rows(item: Item) -> list[list[Any]]:
    phases = {phase["kind"]: phase for phase in item["phases"]}
    edges = []
    for kind in PHASE_KINDS:
        phase = phases.get(kind)
        end = phase and (min(filter(None, [phase["ends_at"], phase["closed_at"]]), default=None))
        edges += [phase["starts_at"] if phase else "", end or ""]
    survey = item["survey"] or {}
    return [
        [
            item["id"],
            item["slug"],
            item["title"],
            item["summary"],
            item["url"],
            item["created_at"],
            _bool(item["whole_region"]),
            ";".join(comuna["cut"] for comuna in item["comunas"]),
            ";".join(comuna["name"] for comuna in item["comunas"]),
            ";".join(item["topics"]),
            item["residency_rule"],
            _bool(item["requires_verified_resident"]),
            item["division"] or "",
            *edges,
            item["proposal_count"],
            item["support_count"],
            survey.get("title", ""),
            survey.get("opens_at", ""),
            survey.get("closes_at", ""),
        ]
    ]


def proposal_csv_rows(item: Item) -> list[list[Any]]:
    answer = item["answer"] or {}
    comuna = item["comuna"] or {}
    return [
        [
            item["id"],
            item["consultation"],
            item["title"],
            item["text"],
            item["state"],
            _bool(item["withdrawn"]),
            item["support_count"],
            item["comment_count"],
            comuna.get("cut", ""),
            comuna.get("name", ""),
            "" if item["latitude"] is None else item["latitude"],
            "" if item["longitude"] is None else item["longitude"],
            ";".join(item["topics"]),
            item["created_at"],
            item["url"],
            answer.get("state", ""),
            answer.get("text", ""),
            answer.get("division", ""),
            answer.get("estimated_cost_clp") or "",
            answer.get("execution_period", ""),
            answer.get("published_at", ""),
        ]
    ]


def survey_csv_rows(item: Item) -> Iterator[list[Any]]:
    """One row per option or scale value of each question (``surveys.results``)."""
    head = [item["consultation"], item["title"], _bool(item["closed"]), item["response_count"]]
    for question in item["questions"]:
        for row in question_csv_rows(question):
            yield [*head, *row]


# --- Datasets ------------------------------------------------------------------------------


def all_consultation_items(request: HttpRequest) -> Iterator[Item]:
    for batch in in_batches(public_consultations(), 500):
        yield from consultation_rows(request, batch)


def all_proposal_items(request: HttpRequest) -> Iterator[Item]:
    for batch in in_batches(public_proposals()):
        yield from proposal_rows(request, batch)


def all_survey_items(request: HttpRequest) -> Iterator[Item]:
    for survey in public_surveys():
        yield survey_item(survey.owner, survey)


def register() -> None:
    """Add consultations' datasets to /datos/ (``ConsultationsConfig.ready``)."""
    register_dataset(
        Dataset(
            slug="consultas",
            name="consultations",
            title=_("Consultas"),
            description=_(
                "Cada consulta publicada: territorio, temas, fases con sus fechas, si exige "
                "residencia verificada, y cuántas propuestas y apoyos reunió."
            ),
            columns=CONSULTATION_COLUMNS,
            items=all_consultation_items,
            csv_rows=consultation_csv_rows,
            item_schema=schemas.Consultation,
        )
    )
    register_dataset(
        Dataset(
            slug="propuestas",
            name="proposals",
            title=_("Propuestas"),
            description=_(
                "Cada propuesta visible (publicada o retirada por quien la propuso): texto, "
                "estado, apoyos, comentarios, comuna, ubicación y la respuesta oficial cuando está "
                "publicada. Sin datos de quienes las escribieron."
            ),
            columns=PROPOSAL_COLUMNS,
            items=all_proposal_items,
            csv_rows=proposal_csv_rows,
            item_schema=schemas.Proposal,
        )
    )
    register_dataset(
        Dataset(
            slug="encuestas",
            name="surveys",
            title=_("Resultados de encuestas"),
            description=_(
                "Cuántas personas eligieron cada opción o valor de cada pregunta, en las "
                "encuestas cuyos resultados ya son públicos. Las respuestas abiertas no se "
                "incluyen: solo cuántas hubo."
            ),
            columns=SURVEY_COLUMNS,
            items=all_survey_items,
            csv_rows=survey_csv_rows,
            item_schema=schemas.SurveyResults,
        )
    )
