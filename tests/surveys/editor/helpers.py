"""Shared by the survey editor's tests: addresses, and the editor's form data as the
pages send it (the fixtures are in conftest.py)."""

from datetime import datetime  # noqa: F401  (re-exported for the tests)
from zoneinfo import ZoneInfo

from django.contrib.messages import get_messages
from django.core.cache import cache

from surveys.models import Question, Survey
from surveys.queries import questions_of
from surveys.results import tallies_key
from tests.surveys.factories import options

SANTIAGO = ZoneInfo("America/Santiago")
K = Question.Kind
# What the editor says (surveys.rules), as the tests expect to read it.
NEEDS_TWO = "Esta pregunta necesita al menos dos opciones."
NO_OPTIONS = "Las preguntas de escala y de texto no llevan opciones: bórralas."
EDITOR = "/consultas/movilidad/encuesta/editar/"
NEW_QUESTION = "/consultas/movilidad/encuesta/preguntas/nueva/"


def question_url(question: Question, action: str = "editar") -> str:
    return f"/consultas/movilidad/encuesta/preguntas/{question.pk}/{action}/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def html(response) -> str:
    return response.content.decode()


def survey_data(**overrides) -> dict:
    data = {
        "title": "Encuesta de transporte",
        "introduction": "Toma cinco minutos.",
        "opens_at": "2026-09-01T09:00",
        "closes_at": "2026-09-30T23:59",
        "results_while_open": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def question_data(**overrides) -> dict:
    data = {
        "kind": K.SINGLE,
        "text": "¿Cómo llegas al trabajo?",
        "help_text": "",
        "is_required": "on",
        "new_options": "Bus\nMetro\nBicicleta",
        "max_choices": "",
        "scale_min_label": "",
        "scale_max_label": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(question: Question, **overrides) -> dict:
    """The edit form as the page shows it for ``question`` (nothing changed)."""
    data = question_data(
        kind=question.kind,
        text=question.text,
        help_text=question.help_text,
        is_required="on" if question.is_required else None,
        new_options="",
        max_choices=question.max_choices or "",
        scale_min_label=question.scale_min_label,
        scale_max_label=question.scale_max_label,
    )
    for option in options(question):
        data[f"option_{option.pk}"] = option.text
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def cached_tally(survey: Survey):
    ids = [q.pk for q in questions_of(survey)]
    return cache.get(tallies_key(survey, ids))
