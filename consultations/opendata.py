"""Open data: the public datasets (/datos/) and the rows the JSON API shares with them.

What is public here is exactly what anyone can read on the site, minus people:

- consultations: published ones only (drafts never);
- proposals: visible ones only (published, or withdrawn and marked so); hidden and
  pending proposals never appear, nor do answers that are still drafts;
- survey aggregates: counts per option and value, only once a survey's results are
  public; never open-text answers (free text may carry personal data and is not reviewed
  for publication in bulk), never anything per person.

No person appears in any dataset: not e-mails, not ids, not even public display names.
A display name is often a real name; in a bulk file it would let anyone link everything a
person wrote across consultations, and a copy cannot be withdrawn when that person later
deletes their account (the site then shows "Participante eliminado"). The site shows
names in context; the data does not need them.

Large files stream: CSV and JSON rows are written as the database cursor yields them.
"""

import csv
import json
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from html import unescape
from itertools import islice
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.contenttypes.models import ContentType
from django.core.handlers.asgi import ASGIRequest
from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from taggit.models import TaggedItem

from consultations.models import Consultation, Phase, Proposal, Question, Survey
from consultations.results import Cell, Participation, proposal_totals
from consultations.survey_queries import QuestionResult, SurveyResults, tally_survey

LICENSE = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.es"
CHUNK = 2000
VISIBLE = [Proposal.ModerationStatus.PUBLISHED, Proposal.ModerationStatus.WITHDRAWN]


def iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """Sanitised rich text as plain text (paragraphs kept as blank lines).

    The HTML comes from ``deliberation.sanitizer`` (well-formed, allow-listed), so
    removing tags with a pattern is enough here; the result is data, never HTML.
    """
    text = html.replace("</p>", "</p>\n\n").replace("<br>", "\n")
    return unescape(TAG.sub("", text)).strip()


def attach_topic_names(objects: list) -> list:
    """Set ``topic_names`` (sorted) on each object, with one query for all of them.

    taggit's own prefetch builds a queryset per object, which costs more than the rest of
    a row together when 50,000 proposals are written.
    """
    if not objects:
        return objects
    content_type = ContentType.objects.get_for_model(objects[0])
    names: dict[int, list[str]] = {}
    for object_id, name in TaggedItem.objects.filter(
        content_type=content_type, object_id__in=[obj.pk for obj in objects]
    ).values_list("object_id", "tag__name"):
        names.setdefault(object_id, []).append(name)
    for obj in objects:
        obj.topic_names = sorted(names.get(obj.pk, []))
    return objects


def in_batches(queryset: QuerySet, size: int = CHUNK) -> Iterator[list]:
    """The queryset's rows in id order, ``size`` at a time (keyset pagination: each batch
    is a short query, so no cursor stays open while a large file is written)."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield attach_topic_names(batch)
        last = batch[-1].pk


# --- Querysets: what is public ------------------------------------------------------------


def public_consultations() -> QuerySet[Consultation]:
    """Published consultations with what their rows show, oldest first (stable ids);
    topics and proposal totals: ``attach_topic_names`` and ``attach_totals``."""
    return (
        Consultation.objects.filter(status=Consultation.Status.PUBLISHED)
        .select_related("division", "survey")
        .prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("starts_at", "pk")),
            "comunas",
        )
        .defer("search_vector", "body")
        .order_by("id")
    )


def attach_totals(consultations: list[Consultation]) -> list[Consultation]:
    """Set ``proposal_count`` and ``support_total`` (visible proposals; cached a few
    minutes, see ``results.proposal_states``)."""
    totals = proposal_totals([consultation.pk for consultation in consultations])
    for consultation in consultations:
        consultation.proposal_count, consultation.support_total = totals[consultation.pk]
    return consultations


def public_proposals(consultation: Consultation | None = None) -> QuerySet[Proposal]:
    """Visible proposals of published consultations, by id, with comuna and answer joined
    (topics: ``attach_topic_names``).

    The published consultations' ids are read first and passed as a list: PostgreSQL then
    walks the proposals' primary key for each batch instead of sorting a join of them
    all. The search vector, heavy and never shown, stays in the database.
    """
    if consultation is not None:
        ids = [consultation.pk] if consultation.is_published else []
    else:
        ids = list(
            Consultation.objects.filter(status=Consultation.Status.PUBLISHED).values_list(
                "pk", flat=True
            )
        )
    return (
        Proposal.objects.filter(moderation_status__in=VISIBLE, consultation_id__in=ids)
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
    now = timezone.now()
    return (
        Survey.objects.filter(consultation__status=Consultation.Status.PUBLISHED)
        .filter(Q(results_while_open=True) | Q(closes_at__lte=now))
        .select_related("consultation")
        .order_by("id")
    )


# --- Rows (shared with the API) -----------------------------------------------------------


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def proposal_url(request: HttpRequest, slug: str, pk: int) -> str:
    """A proposal's public address, from a template reversed once per request."""
    template = getattr(request, "_cabildo_proposal_url", None)
    if template is None:
        template = absolute(request, reverse("consultations:proposal", args=["SLUG", 987654321]))
        request._cabildo_proposal_url = template
    return template.replace("SLUG", slug).replace("987654321", str(pk))


def consultation_item(request: HttpRequest, consultation: Consultation) -> dict[str, Any]:
    survey = getattr(consultation, "survey", None)
    slug = consultation.slug
    return {
        "id": consultation.pk,
        "slug": slug,
        "title": consultation.title,
        "summary": consultation.summary,
        "url": absolute(request, consultation.get_absolute_url()),
        "created_at": iso(consultation.created_at),
        "whole_region": consultation.whole_region,
        "comunas": [
            {"cut": comuna.cut, "name": comuna.name}
            for comuna in sorted(consultation.comunas.all(), key=lambda c: c.cut)
        ],
        "topics": consultation.topic_names,
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
        "links": {
            "proposals": absolute(request, reverse("data:api_proposals", args=[slug])),
            "results": absolute(request, reverse("data:api_results", args=[slug])),
        },
    }


def answer_item(proposal: Proposal) -> dict[str, Any] | None:
    """The proposal's official answer, only once published."""
    answer = getattr(proposal, "answer", None)
    if answer is None or not answer.is_published:
        return None
    return {
        "state": answer.state,
        "text": plain_text(answer.body),
        "division": answer.division.name,
        "estimated_cost_clp": answer.estimated_cost,
        "execution_period": answer.execution_period,
        "published_at": iso(answer.published_at),
    }


def proposal_item(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "consultation": proposal.consultation.slug,
        "title": proposal.title,
        "text": plain_text(proposal.body),
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
        "url": proposal_url(request, proposal.consultation.slug, proposal.pk),
        "answer": answer_item(proposal),
    }


def cell_item(cell: Cell) -> dict[str, Any]:
    return {
        "key": cell.key,
        "label": cell.label,
        "count": cell.count,
        "suppressed": cell.suppressed or None,
    }


def participation_item(figures: Participation) -> dict[str, Any]:
    return {
        "participants": figures.participants,
        "proposals": figures.proposals,
        "supports": figures.supports,
        "survey_responses": figures.responses,
        "proposals_by_state": {value: count for value, _label, count in figures.proposals_by_state},
        "by_comuna": [cell_item(cell) for cell in figures.by_comuna],
        "by_gender": [cell_item(cell) for cell in figures.by_gender],
        "by_age_range": [cell_item(cell) for cell in figures.by_age_range],
    }


def question_item(position: int, result: QuestionResult) -> dict[str, Any]:
    question = result.question
    item: dict[str, Any] = {
        "position": position,
        "text": question.text,
        "kind": question.kind,
        "respondents": result.respondents,
        "average": result.average,
        "options": [],
        "text_answer_count": result.text_count if result.is_text else None,
    }
    for row in result.rows:
        option: dict[str, Any] = {"label": row.label, "count": row.count, "percent": row.percent}
        if result.is_ranking:
            option |= {
                "average_place": row.average_place,
                "first_places": row.first_places,
                "points": row.points,
            }
        item["options"].append(option)
    return item


def survey_item(consultation: Consultation, results: SurveyResults) -> dict[str, Any]:
    survey = results.survey
    return {
        "consultation": consultation.slug,
        "title": survey.title,
        "opens_at": iso(survey.opens_at),
        "closes_at": iso(survey.closes_at),
        "closed": survey.has_closed(),
        "computed_at": iso(results.computed_at),
        "response_count": results.response_count,
        "questions": [
            question_item(position, result)
            for position, result in enumerate(results.questions, start=1)
        ],
    }


# --- CSV rows -------------------------------------------------------------------------------

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

SURVEY_COLUMNS = [
    "consultation",
    "survey",
    "closed",
    "response_count",
    "question_position",
    "question",
    "kind",
    "respondents",
    "option",
    "count",
    "percent",
    "average_place",
    "first_places",
    "points",
]


def _bool(value: bool) -> str:
    return "true" if value else "false"


def consultation_csv_row(item: dict[str, Any]) -> list[Any]:
    phases = {phase["kind"]: phase for phase in item["phases"]}
    edges = []
    for kind in PHASE_KINDS:
        phase = phases.get(kind)
        end = phase and (min(filter(None, [phase["ends_at"], phase["closed_at"]]), default=None))
        edges += [phase["starts_at"] if phase else "", end or ""]
    survey = item["survey"] or {}
    return [
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
        _bool(item["requires_verified_resident"]),
        item["division"] or "",
        *edges,
        item["proposal_count"],
        item["support_count"],
        survey.get("title", ""),
        survey.get("opens_at", ""),
        survey.get("closes_at", ""),
    ]


def proposal_csv_row(item: dict[str, Any]) -> list[Any]:
    answer = item["answer"] or {}
    comuna = item["comuna"] or {}
    return [
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


def survey_csv_rows(item: dict[str, Any]) -> Iterator[list[Any]]:
    common = [item["consultation"], item["title"], _bool(item["closed"]), item["response_count"]]
    for question in item["questions"]:
        head = [
            *common,
            question["position"],
            question["text"],
            question["kind"],
            question["respondents"],
        ]
        if question["kind"] in Question.TEXT_KINDS:
            yield [*head, "", question["text_answer_count"], "", "", "", ""]
            continue
        for option in question["options"]:
            average = option.get("average_place")
            yield [
                *head,
                option["label"],
                option["count"],
                option["percent"],
                "" if average is None else average,
                option.get("first_places", ""),
                option.get("points", ""),
            ]


# --- Datasets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    slug: str
    name: str
    title: Any
    description: Any
    columns: list[str]
    items: Callable[[HttpRequest], Iterable[dict[str, Any]]]
    csv_rows: Callable[[dict[str, Any]], Iterable[list[Any]]]


def consultation_items(request: HttpRequest) -> Iterator[dict[str, Any]]:
    for batch in in_batches(public_consultations(), 500):
        for consultation in attach_totals(batch):
            yield consultation_item(request, consultation)


def proposal_items(request: HttpRequest) -> Iterator[dict[str, Any]]:
    for batch in in_batches(public_proposals()):
        for proposal in batch:
            yield proposal_item(request, proposal)


def survey_items(request: HttpRequest) -> Iterator[dict[str, Any]]:
    for survey in public_surveys():
        yield survey_item(survey.consultation, tally_survey(survey))


DATASETS = {
    dataset.slug: dataset
    for dataset in [
        Dataset(
            slug="consultas",
            name="consultations",
            title=_("Consultas"),
            description=_(
                "Cada consulta publicada: territorio, temas, fases con sus fechas, si exige "
                "residencia verificada, y cuántas propuestas y apoyos reunió."
            ),
            columns=CONSULTATION_COLUMNS,
            items=consultation_items,
            csv_rows=lambda item: [consultation_csv_row(item)],
        ),
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
            items=proposal_items,
            csv_rows=lambda item: [proposal_csv_row(item)],
        ),
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
            items=survey_items,
            csv_rows=survey_csv_rows,
        ),
    ]
}


def dataset_for(slug: str) -> Dataset:
    try:
        return DATASETS[slug]
    except KeyError:
        raise Http404 from None


# --- Streaming writers ---------------------------------------------------------------------


# OWASP's advice against CSV injection: a text cell that a spreadsheet would read as a
# formula (proposal titles are written by anyone) starts with an apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` that neutralises formula-like text cells (see FORMULA_STARTS)."""

    def __init__(self, target: Any) -> None:
        self._writer = csv.writer(target)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([spreadsheet_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def stream_csv(dataset: Dataset, request: HttpRequest) -> Iterator[str]:
    writer = SafeWriter(_Echo())
    # A byte-order mark, so spreadsheet programs read the accents as UTF-8.
    yield "\ufeff" + writer.writerow(dataset.columns)
    for item in dataset.items(request):
        for row in dataset.csv_rows(item):
            yield writer.writerow(row)


def stream_json(dataset: Dataset, request: HttpRequest) -> Iterator[str]:
    head = {
        "dataset": dataset.name,
        "license": LICENSE,
        "generated_at": iso(timezone.now()),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    for index, item in enumerate(dataset.items(request)):
        yield ("," if index else "") + json.dumps(item, ensure_ascii=False)
    yield "]}"


def _filename(dataset: Dataset, extension: str) -> str:
    return f"cabildo-{dataset.slug}-{timezone.localdate().isoformat()}.{extension}"


# --- Views (/datos/) ------------------------------------------------------------------------


@require_safe
def data_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "data/index.html",
        {"datasets": DATASETS.values(), "license_url": LICENSE_URL},
    )


def _streaming(request: HttpRequest, parts: Iterator[str], content_type: str) -> Any:
    """A streaming response of ``parts``, streamed for real under both servers.

    Under ASGI, Django reads a synchronous iterator whole into a list before sending it
    (with a warning): a 30 MB file would sit in memory. There the parts are pulled in
    batches from the same generator, in the thread that runs the ORM, by an asynchronous
    iterator; under WSGI the generator is handed over as it is.
    """
    if isinstance(request, ASGIRequest):
        return StreamingHttpResponse(_in_async_batches(parts), content_type=content_type)
    return StreamingHttpResponse(parts, content_type=content_type)


async def _in_async_batches(parts: Iterator[str], size: int = 500) -> AsyncIterator[str]:
    def next_batch() -> str:
        return "".join(islice(parts, size))

    while batch := await sync_to_async(next_batch, thread_sensitive=True)():
        yield batch


@require_safe
def download_csv(request: HttpRequest, dataset: str) -> StreamingHttpResponse:
    chosen = dataset_for(dataset)
    response = _streaming(request, stream_csv(chosen, request), "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(chosen, "csv")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def download_json(request: HttpRequest, dataset: str) -> StreamingHttpResponse:
    chosen = dataset_for(dataset)
    response = _streaming(request, stream_json(chosen, request), "application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(chosen, "json")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
