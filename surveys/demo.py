"""Demo surveys: two questionnaires with every question kind (``CYCLING``, open, and
``CULTURE``, closed with public results), and the demo neighbours who answer them.

Surveys belong to owners, so this app seeds none on its own: an owner app's demo calls
``seed_survey(owner, spec, people, rng)`` for the objects it creates (consultations.demo
does). Idempotent: a survey is found by its owner, questions by position, and the
neighbours' answers are rewritten from the caller's random generator.
"""

import random
from datetime import datetime, time, timedelta
from typing import TextIO

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from accounts.models import User
from surveys.models import Answer, Option, Question, Response, Survey

K = Question.Kind
G = User.Gender
# Demo neighbours: name and (private, for the participation figures) gender. The names
# differ from the supporters' (consultations.demo) and the accounts demo's.
PEOPLE = [
    ("Fernanda Lagos", G.FEMALE),
    ("Cristóbal Núñez", G.MALE),
    ("Daniela Alarcón", G.FEMALE),
    ("Ignacio Bravo", G.MALE),
    ("Carolina Cáceres", G.FEMALE),
    ("Felipe Gutiérrez", G.MALE),
    ("Macarena Pizarro", G.FEMALE),
    ("Nicolás Riquelme", G.MALE),
    ("Josefa Sandoval", G.FEMALE),
    ("Joaquín Vergara", G.MALE),
    ("Trinidad Saavedra", G.FEMALE),
    ("Gabriel Figueroa", G.MALE),
    ("Florencia Cortés", G.FEMALE),
    ("Agustín Salinas", G.MALE),
    ("Amanda Jara", G.FEMALE),
    ("Lucas Olivares", G.MALE),
    ("Emilia Cárdenas", G.FEMALE),
    ("Maximiliano Vidal", G.MALE),
    ("Sofía Aravena", G.FEMALE),
    ("Bastián Molina", G.MALE),
    ("Renata Ortiz", G.FEMALE),
    ("Alonso Parra", G.MALE),
    ("Agustina Leiva", G.FEMALE),
    ("Cristian Mella", G.MALE),
    ("Millaray Catrileo", G.FEMALE),
    ("Rodrigo Cisternas", G.MALE),
    ("Belén Navarro", G.FEMALE),
    ("Esteban Yáñez", G.MALE),
    ("Ximena Toro", G.FEMALE),
    ("Luis Ulloa", G.MALE),
    ("Alex Huaiquil", G.NON_BINARY),
    ("Paz Zúñiga", ""),
]
NEIGHBOURS = len(PEOPLE)
EMAIL = "vecina{:02d}@demo.cabildo.cl"
# Most neighbours live in four comunas, so some participation cells reach 5 people.
COMUNAS = ["05101", "05109", "05801", "05804", "05103", "05501"]
COMUNA_WEIGHTS = [10, 8, 5, 5, 2, 2]

CYCLING = {
    "title": "¿Cómo te mueves en bicicleta?",
    "introduction": (
        "Cinco minutos para contarnos tus trayectos. Puedes cambiar tus respuestas "
        "hasta que cierre la encuesta; los resultados se publican al cerrar."
    ),
    "state": "open",
    "responses": 28,
    "questions": [
        (
            K.SINGLE,
            "¿Con qué frecuencia usas la bicicleta?",
            ["Todos los días", "Algunas veces por semana", "Rara vez", "Nunca"],
            {},
        ),
        (
            K.MULTIPLE,
            "¿Qué te impide usar más la bicicleta?",
            [
                "Faltan ciclovías",
                "Seguridad vial",
                "Pendientes y cerros",
                "Dónde estacionarla",
                "Robos",
            ],
            {"max_choices": 2},
        ),
        (
            K.SCALE,
            "¿Qué tan segura es tu comuna para andar en bicicleta?",
            [],
            {"scale_min_label": "Nada segura", "scale_max_label": "Muy segura"},
        ),
        (
            K.RANKING,
            "Ordena estos trazados según tu prioridad",
            [
                "Avenida España, de Valparaíso a Viña del Mar",
                "Costanera de Quilpué",
                "Troncal de Villa Alemana",
                "Borde costero de Concón",
            ],
            {},
        ),
        (
            K.SHORT_TEXT,
            "Describe en pocas palabras tu trayecto ideal",
            [],
            {"is_required": False},
        ),
        (
            K.LONG_TEXT,
            "¿Algo más que quieras decirnos sobre la red de ciclovías?",
            [],
            {"is_required": False, "help_text": "No escribas datos personales."},
        ),
    ],
    "texts": [
        "Plano y con sombra",
        "Del cerro al plan sin autos",
        "Junto al mar",
        "Rápido y seguro",
    ],
    "long_texts": [
        "Necesitamos estacionamientos seguros en las estaciones del tren.",
        "Que las ciclovías estén separadas de la calzada, no pintadas.",
        "Pienso que hay que conectar los cerros con ascensores que lleven bicicletas.",
    ],
}


CULTURE = {
    "title": "Encuesta sobre la vida cultural de la región",
    "introduction": ("La encuesta cerró: aquí puedes ver cómo respondieron tus vecinas y vecinos."),
    "state": "closed",
    "responses": 32,
    "questions": [
        (
            K.SINGLE,
            "¿Con qué frecuencia asistes a actividades culturales?",
            ["Cada semana", "Cada mes", "Algunas veces al año", "Casi nunca"],
            {},
        ),
        (
            K.MULTIPLE,
            "¿Qué espacios culturales faltan en tu comuna?",
            [
                "Bibliotecas",
                "Teatros",
                "Centros comunitarios",
                "Museos",
                "Salas de ensayo",
            ],
            {"max_choices": 3},
        ),
        (
            K.SCALE,
            "¿Qué tan importante es la cultura para el desarrollo de la región?",
            [],
            {"scale_min_label": "Nada importante", "scale_max_label": "Muy importante"},
        ),
        (
            K.RANKING,
            "Ordena estas líneas de la política cultural",
            ["Patrimonio", "Creación local", "Educación artística", "Cultura en zonas rurales"],
            {},
        ),
        (
            K.SHORT_TEXT,
            "Un artista o agrupación de tu comuna que debamos conocer",
            [],
            {"is_required": False},
        ),
        (
            K.LONG_TEXT,
            "¿Qué más debería incluir la política regional de cultura?",
            [],
            {"is_required": False},
        ),
    ],
    "texts": ["La batucada del cerro", "El coro de la población", "Teatro del puerto"],
    "long_texts": [
        "Talleres para jóvenes en las juntas de vecinos.",
        "Más apoyo a las fiestas tradicionales de los pueblos del interior.",
        "Bibliotecas abiertas los fines de semana.",
    ],
}


def seed(stdout: TextIO) -> list[tuple[str, str]]:
    """Nothing to seed without owners (see the module docstring)."""
    return []


def seed_survey(owner: models.Model, spec: dict, people: list[User], rng: random.Random) -> Survey:
    """Create or refresh ``owner``'s survey from ``spec`` (``CYCLING``, ``CULTURE``) and
    the answers of the first ``spec["responses"]`` of ``people`` (``neighbours``)."""
    survey = _survey(owner, spec)
    _responses(survey, spec, people[: spec["responses"]], rng)
    return survey


def neighbours(rng: random.Random) -> list[User]:
    """Demo neighbours who answer surveys (they cannot sign in: no usable password)."""
    ages = [
        User.AgeRange.FROM_18,
        User.AgeRange.FROM_30,
        User.AgeRange.FROM_45,
        User.AgeRange.FROM_60,
    ]
    people = []
    for index, (name, gender) in enumerate(PEOPLE, start=1):
        person, created = User.objects.update_or_create(
            email=EMAIL.format(index),
            defaults={
                "display_name": name,
                "comuna_id": rng.choices(COMUNAS, weights=COMUNA_WEIGHTS)[0],
                "gender": gender,
                "age_range": rng.choices(ages, weights=[5, 6, 5, 4])[0],
            },
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])
        people.append(person)
    return people


def day_at(days: int, hour: int = 0, minute: int = 0) -> datetime:
    """A round moment for demo dates: ``days`` from today (local time, America/Santiago)
    at ``hour``:``minute``, so nothing starts or ends at the minute the demo was seeded.
    Ends are 23:59 of their day."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _survey(owner: models.Model, spec: dict) -> Survey:
    if spec["state"] == "open":
        opens_at, closes_at = day_at(-3), day_at(25, 23, 59)
    else:
        opens_at, closes_at = day_at(-40), day_at(-10, 23, 59)
    survey, _created = Survey.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(owner),
        object_id=owner.pk,
        defaults={
            "title": spec["title"],
            "introduction": spec["introduction"],
            "opens_at": opens_at,
            "closes_at": closes_at,
        },
    )
    for position, (kind, text, options, extra) in enumerate(spec["questions"], start=1):
        fields = {
            "kind": kind,
            "text": text,
            "is_required": True,
            "help_text": "",
            "max_choices": None,
            "scale_min_label": "",
            "scale_max_label": "",
            **extra,
        }
        question, _created = Question.objects.update_or_create(
            survey=survey, position=position, defaults=fields
        )
        for index, label in enumerate(options, start=1):
            Option.objects.update_or_create(
                question=question, position=index, defaults={"text": label}
            )
    return survey


def _responses(survey: Survey, spec: dict, people: list[User], rng: random.Random) -> None:
    """The neighbours' answers, rewritten each time (other people's answers are kept)."""
    Response.objects.filter(survey=survey, respondent__in=people).delete()
    responses = Response.objects.bulk_create(
        Response(survey=survey, respondent=person) for person in people
    )
    questions = list(survey.questions.prefetch_related("options").order_by("position"))
    rows = []
    for response in responses:
        for question in questions:
            options = list(question.options.all())
            # A gentle skew: earlier options are a little more popular.
            weights = [len(options) - index + 1 for index in range(len(options))]
            if question.kind == K.SINGLE:
                chosen = rng.choices(options, weights=weights)
            elif question.kind == K.MULTIPLE:
                wanted = rng.randint(1, question.max_choices or len(options))
                chosen = sorted(
                    set(rng.choices(options, weights=weights, k=wanted)),
                    key=lambda option: option.position,
                )
            elif question.kind == K.RANKING:
                chosen = sorted(options, key=lambda option: option.position + rng.random() * 3)
            elif question.kind == K.SCALE:
                value = rng.choices(range(1, 6), weights=[1, 2, 4, 6, 5])[0]
                rows.append(Answer(response=response, question=question, scale_value=value))
                continue
            else:
                pool = spec["texts"] if question.kind == K.SHORT_TEXT else spec["long_texts"]
                if rng.random() < 0.4:
                    rows.append(Answer(response=response, question=question, text=rng.choice(pool)))
                continue
            rows += [
                Answer(response=response, question=question, option=option, rank=place)
                for place, option in enumerate(chosen, start=1)
            ]
    Answer.objects.bulk_create(rows)
