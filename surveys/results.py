"""The aggregated results of a survey, and their rows for CSV files.

Results are tallied in SQL with one GROUP BY over the answers of every option and scale
question (covered by the ``answer_tally`` index), one over the open-text answers and one
count of responses: a fixed number of queries, whatever the number of responses, and no
Python loop over answer rows.

Those three aggregates take a few hundred milliseconds with 100,000 responses
(bench/README.md), so their raw numbers are cached (``common.cache``): fresh for
``TALLY_SECONDS_OPEN`` while the survey is open (pages say when the figures are from) and
``TALLY_SECONDS_CLOSED`` after it closes, when they no longer change. Questions and
options are read fresh on every request (two small queries), so an edited question text
shows at once; the cache key includes the question ids, so an added or removed question
starts a new tally, and the survey editor forgets the current tally after every change
(``forget_tallies``).
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.text import Truncator

from common.cache import cached_aggregate
from surveys.models import Answer, Question, Response, Survey
from surveys.queries import questions_of

# Chart geometry, in SVG user units (CSS pixels: the chart is not scaled).
ROW_HEIGHT = 46
BAR_OFFSET = 24
BAR_HEIGHT = 16
LABEL_CHARS = 46
TALLY_SECONDS_OPEN = 60
TALLY_SECONDS_CLOSED = 60 * 60


@dataclass
class ResultRow:
    """One bar: an option or a scale value."""

    label: str
    count: int
    percent: float
    # Ranking questions only.
    average_place: float | None = None
    first_places: int = 0
    points: int = 0
    # Geometry, precomputed so templates never localise numbers inside SVG attributes.
    bar: float = 0.0
    short_label: str = ""
    y_label: int = 0
    y_bar: int = 0

    @property
    def bar_width(self) -> str:
        return f"{self.bar:.2f}%"


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    rows: list[ResultRow] = field(default_factory=list)
    average: float | None = None
    text_count: int = 0
    # Set by ``pages.with_text_answer_urls`` for open-text questions.
    text_answers_url: str = ""

    @property
    def chart_height(self) -> int:
        return ROW_HEIGHT * len(self.rows)

    @property
    def is_ranking(self) -> bool:
        return self.question.kind == Question.Kind.RANKING

    @property
    def is_text(self) -> bool:
        return self.question.is_text


@dataclass
class SurveyResults:
    survey: Survey
    response_count: int
    questions: list[QuestionResult]
    computed_at: datetime | None = None


@dataclass
class Tallies:
    """The raw aggregates of a survey, as cached."""

    rows: list[dict]
    text_counts: dict[int, int]
    response_count: int
    computed_at: datetime


def tallies_key(survey: Survey, question_ids: list[int]) -> str:
    digest = hashlib.sha256(",".join(map(str, question_ids)).encode()).hexdigest()[:16]
    return f"surveys.tallies.{survey.pk}.{digest}"


def forget_tallies(survey: Survey) -> None:
    """Drop the cached tally of the survey's current questions (one query), so the next
    results page counts again. Called after the survey or its questions change."""
    ids = list(survey.questions.order_by("position", "pk").values_list("pk", flat=True))
    cache.delete(tallies_key(survey, ids))


def survey_tallies(survey: Survey, questions: list[Question]) -> Tallies:
    """The aggregates from the cache, or three queries (see the module docstring)."""
    ids = [question.pk for question in questions]

    def compute() -> Tallies:
        rows = list(
            Answer.objects.filter(question_id__in=ids)
            .filter(Q(option__isnull=False) | Q(scale_value__isnull=False))
            .values("question_id", "option_id", "scale_value")
            .annotate(
                count=Count("question_id"),
                place_sum=Sum("rank"),
                first=Count("rank", filter=Q(rank=1)),
            )
            .order_by()
        )
        text_ids = [question.pk for question in questions if question.is_text]
        text_counts = (
            dict(
                Answer.objects.filter(question_id__in=text_ids)
                .exclude(text="")
                .values("question_id")
                .annotate(count=Count("question_id"))
                .order_by()
                .values_list("question_id", "count")
            )
            if text_ids
            else {}
        )
        return Tallies(
            rows=rows,
            text_counts=text_counts,
            response_count=Response.objects.filter(survey=survey).count(),
            computed_at=timezone.now(),
        )

    seconds = TALLY_SECONDS_CLOSED if survey.has_closed() else TALLY_SECONDS_OPEN
    return cached_aggregate(tallies_key(survey, ids), seconds, compute).value


def tally_survey(survey: Survey, questions: list[Question] | None = None) -> SurveyResults:
    """Every question's aggregated answers: two queries for the questions, and three more
    when the aggregates are not cached."""
    if questions is None:
        questions = questions_of(survey)
    tallies = survey_tallies(survey, questions)
    by_question: dict[int, list[dict]] = {}
    for tally in tallies.rows:
        by_question.setdefault(tally["question_id"], []).append(tally)
    results = []
    for question in questions:
        tallies_of = by_question.get(question.pk, [])
        if question.has_options:
            result = _option_result(question, tallies_of)
        elif question.kind == Question.Kind.SCALE:
            result = _scale_result(question, tallies_of)
        else:
            count = tallies.text_counts.get(question.pk, 0)
            result = QuestionResult(question, respondents=count, text_count=count)
        _lay_out(result)
        results.append(result)
    return SurveyResults(
        survey=survey,
        response_count=tallies.response_count,
        questions=results,
        computed_at=tallies.computed_at,
    )


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _option_result(question: Question, tallies: list[dict]) -> QuestionResult:
    by_option = {tally["option_id"]: tally for tally in tallies}
    options = list(question.options.all())
    # Every person who answered has exactly one row with rank 1 (see AnswerInput).
    respondents = sum(tally["first"] for tally in tallies)
    rows = []
    for option in options:
        tally = by_option.get(option.pk, {"count": 0, "place_sum": 0, "first": 0})
        row = ResultRow(
            label=option.text,
            count=tally["count"],
            percent=_percent(tally["count"], respondents),
        )
        if question.kind == Question.Kind.RANKING and tally["count"]:
            row.average_place = round(tally["place_sum"] / tally["count"], 2)
            row.first_places = tally["first"]
            # Borda count: n points for a first place, 1 for the last.
            row.points = tally["count"] * (len(options) + 1) - tally["place_sum"]
        rows.append(row)
    if question.kind == Question.Kind.RANKING:
        # Best first; ties keep the options' order.
        rows.sort(key=lambda row: -row.points)
        top = respondents * len(options)
        for row in rows:
            row.bar = 100 * row.points / top if top else 0.0
    else:
        for row in rows:
            row.bar = row.percent
    return QuestionResult(question, respondents=respondents, rows=rows)


def _scale_result(question: Question, tallies: list[dict]) -> QuestionResult:
    counts = {tally["scale_value"]: tally["count"] for tally in tallies}
    respondents = sum(counts.values())
    rows = []
    for value in range(1, 6):
        label = str(value)
        if value == 1 and question.scale_min_label:
            label = f"1 · {question.scale_min_label}"
        elif value == 5 and question.scale_max_label:
            label = f"5 · {question.scale_max_label}"
        count = counts.get(value, 0)
        percent = _percent(count, respondents)
        rows.append(ResultRow(label=label, count=count, percent=percent, bar=percent))
    total = sum(value * count for value, count in counts.items())
    average = round(total / respondents, 2) if respondents else None
    return QuestionResult(question, respondents=respondents, rows=rows, average=average)


def _lay_out(result: QuestionResult) -> None:
    for index, row in enumerate(result.rows):
        row.short_label = Truncator(row.label).chars(LABEL_CHARS)
        row.y_label = index * ROW_HEIGHT + 16
        row.y_bar = index * ROW_HEIGHT + BAR_OFFSET


# --- Rows for JSON and CSV ---------------------------------------------------------------

# The columns of a survey's results, one row per option or scale value (one per open-text
# question, with only its count): the open data file and each survey's own download.
QUESTION_COLUMNS = [
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


def question_item(position: int, result: QuestionResult) -> dict[str, Any]:
    """One question's aggregates as JSON (the API, the open data files, the CSV rows)."""
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


def question_items(results: SurveyResults) -> list[dict[str, Any]]:
    return [
        question_item(position, result)
        for position, result in enumerate(results.questions, start=1)
    ]


def question_csv_rows(item: dict[str, Any]) -> Iterator[list[Any]]:
    """``question_item`` as CSV rows in ``QUESTION_COLUMNS`` order (open-text answers are
    never in a file: only how many there were)."""
    head = [item["position"], item["text"], item["kind"], item["respondents"]]
    if item["kind"] in Question.TEXT_KINDS:
        yield [*head, "", item["text_answer_count"], "", "", "", ""]
        return
    for option in item["options"]:
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
