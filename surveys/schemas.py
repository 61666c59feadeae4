"""The public shape of a survey's aggregates, as ``surveys.results.question_items`` writes
them: closed pydantic models that the JSON API and the open data document describe and
validate (an owner's dataset nests them in its own rows)."""

from typing import Annotated, Literal

from pydantic import Field

from common.datasets import Count, ItemSchema
from surveys.models import Question

QuestionKind = Literal[tuple(value for value, _label in Question.Kind.choices)]  # type: ignore[valid-type]


class OptionResult(ItemSchema):
    label: str
    count: Count
    percent: Annotated[float, Field(ge=0, le=100)]
    # Ranking questions only (absent otherwise).
    average_place: Annotated[float, Field(ge=1)] | None = None
    first_places: Count = 0
    points: Count = Field(0, description="Puntaje de Borda (solo ordenamientos).")


class QuestionResult(ItemSchema):
    position: Annotated[int, Field(ge=1)]
    text: str
    kind: QuestionKind
    respondents: Count
    average: float | None = Field(description="Solo escalas de 1 a 5.")
    options: list[OptionResult]
    text_answer_count: int | None = Field(
        description="Solo preguntas abiertas: cuántas respuestas hubo (los textos no se "
        "publican como datos)."
    )
