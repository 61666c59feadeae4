"""Builders for survey tests: a survey with every question kind, and answers in volume.

Answers written here go straight to the rows (like ``do_answer_survey`` would store them),
so tests of pages and data can create many responses quickly.
"""

from datetime import timedelta
from itertools import cycle

from django.utils import timezone

from consultations.models import Consultation
from surveys.models import Answer, Option, Question, Response, Survey
from tests.factories import UserFactory

K = Question.Kind

QUESTIONS = [
    # kind, text, required, options, extra fields
    (K.SINGLE, "¿Cómo te mueves habitualmente?", True, ["Bus", "Tren", "Bicicleta", "A pie"], {}),
    (
        K.MULTIPLE,
        "¿Qué mejoras priorizarías?",
        True,
        ["Ciclovías", "Veredas", "Paraderos", "Iluminación"],
        {"max_choices": 2},
    ),
    (
        K.SCALE,
        "¿Qué tan seguro te sientes en el transporte público?",
        True,
        [],
        {"scale_min_label": "Nada seguro", "scale_max_label": "Muy seguro"},
    ),
    (K.RANKING, "Ordena estos proyectos", True, ["Parque", "Biblioteca", "Piscina"], {}),
    (K.SHORT_TEXT, "Una palabra para tu barrio", False, [], {}),
    (K.LONG_TEXT, "¿Algo más que quieras contarnos?", False, [], {}),
]


def make_survey(consultation: Consultation, *, state: str = "open", **fields) -> Survey:
    """A survey with one question of every kind. ``state``: open, closed or upcoming."""
    now = timezone.now()
    opens_at, closes_at = {
        "open": (now - timedelta(days=1), now + timedelta(days=7)),
        "closed": (now - timedelta(days=10), now - timedelta(days=1)),
        "upcoming": (now + timedelta(days=2), now + timedelta(days=9)),
    }[state]
    survey = Survey.objects.create(
        owner=consultation,
        title=fields.pop("title", "Encuesta de movilidad"),
        introduction=fields.pop("introduction", "Cuéntanos cómo te mueves."),
        opens_at=fields.pop("opens_at", opens_at),
        closes_at=fields.pop("closes_at", closes_at),
        **fields,
    )
    for position, (kind, text, required, options, extra) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(
            survey=survey, position=position, kind=kind, text=text, is_required=required, **extra
        )
        Option.objects.bulk_create(
            Option(question=question, position=index, text=label)
            for index, label in enumerate(options, start=1)
        )
    return survey


def questions(survey: Survey) -> dict[str, Question]:
    """The survey's questions by kind, with their options prefetched."""
    return {q.kind: q for q in survey.questions.prefetch_related("options")}


def options(question: Question) -> list[Option]:
    return list(question.options.order_by("position"))


def valid_post(survey: Survey, *, revision: int = 0, **overrides) -> dict:
    """Form data answering every question: Tren; Ciclovías + Iluminación; 4; Biblioteca >
    Parque > Piscina; "Tranquilo"; a comment."""
    q = questions(survey)
    single, multiple, ranking = options(q[K.SINGLE]), options(q[K.MULTIPLE]), options(q[K.RANKING])
    data = {
        "revision": str(revision),
        f"q{q[K.SINGLE].pk}": str(single[1].pk),
        f"q{q[K.MULTIPLE].pk}": [str(multiple[0].pk), str(multiple[3].pk)],
        f"q{q[K.SCALE].pk}": "4",
        f"q{q[K.RANKING].pk}_o{ranking[0].pk}": "2",
        f"q{q[K.RANKING].pk}_o{ranking[1].pk}": "1",
        f"q{q[K.RANKING].pk}_o{ranking[2].pk}": "3",
        f"q{q[K.SHORT_TEXT].pk}": "Tranquilo",
        f"q{q[K.LONG_TEXT].pk}": "Faltan ciclovías seguras hacia el plan.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def add_responses(survey: Survey, count: int, *, people=None, texts: bool = True) -> list[Response]:
    """``count`` responses with a spread of answers, written straight to the rows.

    Person i chooses single option i % 4, multiple options {i % 4, (i + 1) % 4} (one option
    when i is a multiple of 5), scale (i % 5) + 1, a ranking rotated by i % 3, and (when
    ``texts``) a short text for even i.
    """
    q = questions(survey)
    people = people or [UserFactory() for _ in range(count)]
    responses = Response.objects.bulk_create(
        Response(survey=survey, respondent=person) for person in people[:count]
    )
    single, multiple, ranking = options(q[K.SINGLE]), options(q[K.MULTIPLE]), options(q[K.RANKING])
    rows = []
    for i, response in enumerate(responses):
        rows.append(Answer(response=response, question=q[K.SINGLE], option=single[i % 4], rank=1))
        chosen = [multiple[i % 4]] if i % 5 == 0 else [multiple[i % 4], multiple[(i + 1) % 4]]
        chosen.sort(key=lambda option: option.position)
        rows += [
            Answer(response=response, question=q[K.MULTIPLE], option=option, rank=place)
            for place, option in enumerate(chosen, start=1)
        ]
        rows.append(Answer(response=response, question=q[K.SCALE], scale_value=(i % 5) + 1))
        rotation = i % 3
        order = ranking[rotation:] + ranking[:rotation]
        rows += [
            Answer(response=response, question=q[K.RANKING], option=option, rank=place)
            for place, option in enumerate(order, start=1)
        ]
        if texts and i % 2 == 0:
            rows.append(Answer(response=response, question=q[K.SHORT_TEXT], text=f"Barrio {i}"))
    Answer.objects.bulk_create(rows)
    return responses


def demographic_people(
    count: int, *, comunas=("05101", "05109"), genders=("F", "M"), ages=("18-29", "30-44")
) -> list:
    """People cycling through the given comunas, genders and age ranges."""
    from accounts.models import Comuna

    comuna_rows = {c.cut: c for c in Comuna.objects.filter(cut__in=comunas)}
    people = []
    for _i, comuna, gender, age in zip(
        range(count), cycle(comunas), cycle(genders), cycle(ages), strict=False
    ):
        people.append(UserFactory(comuna=comuna_rows[comuna], gender=gender, age_range=age))
    return people
