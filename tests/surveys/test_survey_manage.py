"""The survey editor (surveys.views, routed under /consultas/<slug>/encuesta/): officials
of the consultation's division and administrators build its survey
(/consultas/<slug>/encuesta/editar/) and its questions (/consultas/<slug>/encuesta/
preguntas/…), with the admin's rules (surveys.rules)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from consultations.models import Phase
from surveys.actions import (
    QuestionFields,
    check_delete_question,
    check_save_question,
    do_save_survey,
)
from surveys.models import Option, Question, Survey
from surveys.queries import QuestionUsage, questions_of
from surveys.results import tallies_key, tally_survey
from tests.conftest import client_for, login_next, with_totp
from tests.consultations.factories import ConsultationFactory, consultation_in
from tests.factories import DivisionFactory, UserFactory
from tests.surveys.factories import add_responses, make_survey, options, questions

SANTIAGO = ZoneInfo("America/Santiago")
K = Question.Kind
EDITOR = "/consultas/movilidad/encuesta/editar/"
NEW_QUESTION = "/consultas/movilidad/encuesta/preguntas/nueva/"


def question_url(question: Question, action: str = "editar") -> str:
    return f"/consultas/movilidad/encuesta/preguntas/{question.pk}/{action}/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def consultation(division):
    """Published, answered by the ``official``'s division, without a survey yet."""
    return consultation_in(
        Phase.Kind.INFORMATION,
        title="Movilidad en el Gran Valparaíso",
        slug="movilidad",
        division=division,
    )


@pytest.fixture
def survey(consultation):
    """Open, one question of every kind (survey_factories.QUESTIONS), nobody answered."""
    return make_survey(consultation)


@pytest.fixture
def outsider(db):
    """An official (with 2FA) of another division."""
    return with_totp(
        UserFactory(email="otra@gore.cl", is_official=True, division=DivisionFactory())
    )


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


# --- The survey: create and edit -----------------------------------------------------------


def test_official_creates_the_survey_in_santiago_time(official_client, consultation):
    page = official_client.get(EDITOR)
    assert page.status_code == 200
    assert "<h1>Crear la encuesta</h1>" in html(page)
    assert 'type="datetime-local"' in html(page)
    assert "Agregar pregunta" not in html(page)  # questions come after saving

    response = official_client.post(EDITOR, survey_data(results_while_open="on"))
    assert response.status_code == 302
    assert response.url == EDITOR
    assert messages_of(response) == ["Creaste la encuesta. Ahora agrégale preguntas."]
    survey = Survey.objects.get(consultation=consultation)
    assert survey.title == "Encuesta de transporte"
    assert survey.introduction == "Toma cinco minutos."
    assert survey.opens_at == datetime(2026, 9, 1, 9, 0, tzinfo=SANTIAGO)
    assert survey.closes_at == datetime(2026, 9, 30, 23, 59, tzinfo=SANTIAGO)
    assert survey.results_while_open

    page = html(official_client.get(EDITOR))
    assert "<h1>Editar la encuesta</h1>" in page
    assert 'value="2026-09-01T09:00"' in page
    assert 'value="2026-09-30T23:59"' in page
    assert "Todavía no hay preguntas." in page
    assert f'href="{NEW_QUESTION}"' in page


def test_official_changes_the_survey(official_client, survey):
    response = official_client.post(
        EDITOR, survey_data(title="  Movilidad   2026 ", opens_at="2026-04-04T10:30")
    )
    assert messages_of(response) == ["Guardaste los datos de la encuesta."]
    survey.refresh_from_db()
    assert survey.title == "Movilidad 2026"
    assert survey.opens_at == datetime(2026, 4, 4, 10, 30, tzinfo=SANTIAGO)
    assert not survey.results_while_open
    assert survey.questions.count() == 6  # the questions stay


def test_administrator_builds_the_survey_of_any_division(admin, db):
    consultation_in(Phase.Kind.INFORMATION, slug="movilidad", division=DivisionFactory())
    client = client_for(admin)
    assert client.get(EDITOR).status_code == 200
    assert client.post(EDITOR, survey_data()).status_code == 302
    response = client.post(NEW_QUESTION, question_data())
    assert response.status_code == 302
    assert Question.objects.get().text == "¿Cómo llegas al trabajo?"


def test_official_builds_the_survey_of_a_draft(official_client, division):
    ConsultationFactory(slug="movilidad", status="draft", division=division)
    assert official_client.post(EDITOR, survey_data()).status_code == 302
    assert Survey.objects.filter(consultation__slug="movilidad").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"closes_at": "2026-09-01T08:00"},
            "closes_at",
            "La encuesta debe cerrar después de abrir: elige un cierre posterior a la apertura.",
        ),
        (
            {"closes_at": "2026-09-01T09:00"},
            "closes_at",
            "La encuesta debe cerrar después de abrir: elige un cierre posterior a la apertura.",
        ),
        ({"title": "   "}, "title", "Escribe un título para la encuesta."),
        ({"title": "x" * 201}, "title", "Escribe como máximo 200 caracteres (escribiste 201)."),
        ({"opens_at": ""}, "opens_at", "Indica cuándo abre la encuesta."),
        ({"closes_at": None}, "closes_at", "Indica cuándo cierra la encuesta."),
        (
            {"opens_at": "el lunes"},
            "opens_at",
            "Escribe una fecha y hora válidas, por ejemplo 2026-09-01T09:00.",
        ),
        (
            # Chile's clocks jump from 00:00 to 01:00 on 6 September 2026.
            {"opens_at": "2026-09-06T00:30"},
            "opens_at",
            "Esa hora no existe o se repite en Chile por el cambio de horario: elige otra "
            "(por ejemplo, una hora más tarde).",
        ),
    ],
)
def test_bad_survey_data_is_explained_next_to_its_field_and_kept(
    official_client, consultation, overrides, field, message
):
    data = survey_data(introduction="Mi introducción escrita con cuidado.", **overrides)
    response = official_client.post(EDITOR, data)
    assert response.status_code == 400
    page = html(response)
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>' in page
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in page or (
        f'aria-describedby="id_{field}_error"' in page
    )
    assert "No se guardó la encuesta." in page
    assert "Mi introducción escrita con cuidado." in page
    if field != "opens_at":
        assert 'value="2026-09-01T09:00"' in page
    assert not Survey.objects.exists()
    # The same request without the mistake goes through.
    assert official_client.post(EDITOR, survey_data()).status_code == 302
    assert Survey.objects.count() == 1


# --- Who may build a survey ----------------------------------------------------------------

PAGES = [
    ("get", EDITOR),
    ("post", EDITOR),
    ("get", NEW_QUESTION),
    ("post", NEW_QUESTION),
    ("get", "edit"),
    ("post", "edit"),
    ("post", "move"),
    ("get", "delete"),
    ("post", "delete"),
]


def resolve(url: str, survey: Survey) -> str:
    question = questions(survey)[K.SINGLE]
    return {
        "edit": question_url(question),
        "move": question_url(question, "mover"),
        "delete": question_url(question, "borrar"),
    }.get(url, url)


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, survey, method, url):
    url = resolve(url, survey)
    expected = EDITOR if url.endswith("/mover/") else url
    assert login_next(getattr(client, method)(url)) == expected


@pytest.mark.parametrize("persona", ["resident", "moderator", "cosoc_member"])
@pytest.mark.parametrize(("method", "url"), PAGES)
def test_people_without_an_editing_role_are_refused(request, survey, persona, method, url):
    client = client_for(request.getfixturevalue(persona))
    response = getattr(client, method)(resolve(url, survey), {"direccion": "abajo"})
    assert response.status_code == 403
    assert Survey.objects.get().title == "Encuesta de movilidad"
    assert Question.objects.count() == 6


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_officials_of_another_division_do_not_find_it(outsider, survey, method, url):
    response = getattr(client_for(outsider), method)(resolve(url, survey), {"direccion": "abajo"})
    assert response.status_code == 404
    assert Question.objects.count() == 6


def test_official_without_2fa_is_sent_to_set_it_up(official_without_2fa, survey):
    response = client_for(official_without_2fa).get(EDITOR)
    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/totp/activate/"


def test_unknown_consultation_is_not_found(official_client, db):
    assert official_client.get("/consultas/no-existe/encuesta/editar/").status_code == 404


def test_questions_need_a_survey_first(official_client, consultation):
    assert official_client.get(NEW_QUESTION).status_code == 404


def test_a_question_of_another_survey_is_not_found(official_client, survey, division):
    other = make_survey(consultation_in(Phase.Kind.INFORMATION, slug="otra", division=division))
    foreign = questions(other)[K.SINGLE]
    for action in ("editar", "borrar"):
        assert official_client.get(question_url(foreign, action)).status_code == 404
    assert official_client.post(question_url(foreign), edit_data(foreign)).status_code == 404
    response = official_client.post(question_url(foreign, "mover"), {"direccion": "abajo"})
    assert response.status_code == 404
    assert official_client.post(question_url(foreign, "borrar")).status_code == 404
    assert Question.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
@pytest.mark.parametrize("url", [EDITOR, NEW_QUESTION, "edit", "delete"])
def test_pages_refuse_other_methods(official_client, survey, method, url):
    assert getattr(official_client, method)(resolve(url, survey)).status_code == 405


def test_moving_refuses_get(official_client, survey):
    assert official_client.get(resolve("move", survey)).status_code == 405


def test_actions_check_who_calls_them(resident, outsider, survey):
    question = questions(survey)[K.SINGLE]
    with pytest.raises(PermissionDenied):
        do_save_survey(
            outsider,
            owner=survey.owner,
            title="x",
            introduction="",
            opens_at=survey.opens_at,
            closes_at=survey.closes_at,
            results_while_open=False,
        )
    with pytest.raises(PermissionDenied):
        check_delete_question(resident, question=question)
    assert Question.objects.filter(pk=question.pk).exists()


# --- Questions: add ------------------------------------------------------------------------


def test_official_adds_a_single_choice_question_at_the_end(official_client, survey):
    page = official_client.get(NEW_QUESTION)
    assert page.status_code == 200
    assert "<h1>Nueva pregunta</h1>" in html(page)
    response = official_client.post(
        NEW_QUESTION,
        question_data(new_options="  Bus \n\nMetro\n Bicicleta  ", help_text="Elige la principal."),
    )
    question = Question.objects.get(text="¿Cómo llegas al trabajo?")
    assert response.status_code == 302
    assert response.url == f"{EDITOR}#pregunta-{question.pk}"
    assert messages_of(response) == ["Agregaste la pregunta «¿Cómo llegas al trabajo?»."]
    assert question.kind == K.SINGLE
    assert question.position == 7
    assert question.is_required
    assert question.help_text == "Elige la principal."
    assert [(o.position, o.text) for o in options(question)] == [
        (1, "Bus"),
        (2, "Metro"),
        (3, "Bicicleta"),
    ]
    assert questions_of(survey)[-1] == question


def test_official_adds_scale_multiple_and_text_questions(official_client, survey):
    official_client.post(
        NEW_QUESTION,
        question_data(
            kind=K.SCALE,
            text="¿Qué tan seguro te sientes?",
            new_options="",
            is_required=None,
            scale_min_label="Nada",
            scale_max_label="Mucho",
        ),
    )
    scale = Question.objects.get(text="¿Qué tan seguro te sientes?")
    assert (scale.kind, scale.is_required, scale.scale_min_label, scale.scale_max_label) == (
        K.SCALE,
        False,
        "Nada",
        "Mucho",
    )
    assert not scale.options.exists()
    official_client.post(
        NEW_QUESTION, question_data(kind=K.MULTIPLE, text="¿Qué mejorarías?", max_choices="2")
    )
    assert Question.objects.get(text="¿Qué mejorarías?").max_choices == 2
    official_client.post(
        NEW_QUESTION, question_data(kind=K.LONG_TEXT, text="¿Algo más?", new_options="")
    )
    assert Question.objects.get(text="¿Algo más?").kind == K.LONG_TEXT


NEEDS_TWO = "Esta pregunta necesita al menos dos opciones."
NO_OPTIONS = "Las preguntas de escala y de texto no llevan opciones: bórralas."


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"new_options": "Bus"}, "new_options", NEEDS_TWO),
        ({"new_options": ""}, "new_options", NEEDS_TWO),
        ({"kind": K.RANKING, "new_options": "\n \nParque\n"}, "new_options", NEEDS_TWO),
        ({"kind": K.SCALE}, "new_options", NO_OPTIONS),
        ({"kind": K.SHORT_TEXT}, "new_options", NO_OPTIONS),
        (
            {"new_options": "Bus\nMetro\nbus"},
            "new_options",
            "La opción «bus» está repetida: cada opción debe ser distinta.",
        ),
        (
            {"new_options": "Bus\n" + "M" * 201},
            "new_options",
            "Cada opción puede tener como máximo 200 caracteres: «" + "M" * 40 + "…» tiene 201.",
        ),
        (
            {"max_choices": "2"},
            "max_choices",
            "El máximo de opciones solo se usa en preguntas de varias opciones: déjalo vacío o "
            "elige «Varias opciones».",
        ),
        (
            {"kind": K.MULTIPLE, "max_choices": "4"},
            "max_choices",
            "El máximo no puede ser mayor que el número de opciones (hay 3).",
        ),
        (
            {"kind": K.MULTIPLE, "max_choices": "0"},
            "max_choices",
            "Escribe un número mayor o igual a 1.",
        ),
        (
            {"kind": K.MULTIPLE, "max_choices": "dos"},
            "max_choices",
            "Escribe un número entero, por ejemplo 2.",
        ),
        (
            {"scale_min_label": "Nada"},
            "scale_min_label",
            "Solo las escalas llevan este texto: bórralo o elige «Escala de 1 a 5».",
        ),
        ({"text": ""}, "text", "Escribe la pregunta."),
        ({"text": "¿" * 301}, "text", "Escribe como máximo 300 caracteres (escribiste 301)."),
        (
            {"kind": "matriz"},
            "kind",
            "Elige una opción válida. matriz no está entre las opciones disponibles.",
        ),
    ],
)
def test_bad_questions_are_explained_next_to_the_field_and_kept(
    official_client, survey, overrides, field, message
):
    data = question_data(help_text="Una ayuda que costó escribir.", **overrides)
    response = official_client.post(NEW_QUESTION, data)
    assert response.status_code == 400
    page = html(response)
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>' in page, page
    assert "No se guardó la pregunta." in page
    assert 'value="Una ayuda que costó escribir."' in page
    for line in data["new_options"].splitlines():
        assert line in page
    assert Question.objects.count() == 6
    # The valid request goes through.
    assert official_client.post(NEW_QUESTION, question_data()).status_code == 302
    assert Question.objects.count() == 7


# --- Questions: edit -----------------------------------------------------------------------


def test_official_edits_a_question_and_its_options(official_client, survey):
    single = questions(survey)[K.SINGLE]
    bus, tren, bici, pie = options(single)
    page = html(official_client.get(question_url(single)))
    assert "<h1>Editar pregunta</h1>" in page
    assert f'value="{bus.text}"' in page
    assert f'name="remove_{bus.pk}"' in page
    response = official_client.post(
        question_url(single),
        edit_data(
            single,
            text="¿Cómo te mueves casi siempre?",
            **{f"option_{tren.pk}": "Tren o metro", f"remove_{pie.pk}": "on"},
            new_options="Auto\nMoto",
        ),
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Guardaste la pregunta «¿Cómo te mueves casi siempre?»."]
    single.refresh_from_db()
    assert single.text == "¿Cómo te mueves casi siempre?"
    assert [(o.pk, o.position, o.text) for o in options(single)][:3] == [
        (bus.pk, 1, "Bus"),
        (tren.pk, 2, "Tren o metro"),
        (bici.pk, 3, "Bicicleta"),
    ]
    assert [o.text for o in options(single)] == ["Bus", "Tren o metro", "Bicicleta", "Auto", "Moto"]


def test_an_unanswered_question_changes_kind(official_client, survey):
    single = questions(survey)[K.SINGLE]
    removals = {f"remove_{option.pk}": "on" for option in options(single)}
    data = edit_data(single, kind=K.SCALE, scale_min_label="Nunca", **removals)
    assert official_client.post(question_url(single), data).status_code == 302
    single.refresh_from_db()
    assert single.kind == K.SCALE
    assert not single.options.exists()


def test_changing_to_a_scale_asks_to_remove_the_options(official_client, survey):
    single = questions(survey)[K.SINGLE]
    response = official_client.post(question_url(single), edit_data(single, kind=K.SCALE))
    assert response.status_code == 400
    assert NO_OPTIONS in html(response)
    assert Question.objects.get(pk=single.pk).kind == K.SINGLE


def test_an_emptied_option_is_explained(official_client, survey):
    single = questions(survey)[K.SINGLE]
    bus = options(single)[0]
    response = official_client.post(
        question_url(single), edit_data(single, **{f"option_{bus.pk}": " "})
    )
    assert response.status_code == 400
    assert (
        f'<ul class="errorlist" id="id_option_{bus.pk}_error"><li>Escribe el texto de la opción, '
        "o marca «Quitar» para borrarla.</li></ul>"
    ) in html(response)


def test_removing_all_but_one_option_is_refused(official_client, survey):
    single = questions(survey)[K.SINGLE]
    removals = {f"remove_{option.pk}": "on" for option in options(single)[1:]}
    response = official_client.post(question_url(single), edit_data(single, **removals))
    assert response.status_code == 400
    assert NEEDS_TWO in html(response)
    assert single.options.count() == 4


# --- Answered questions --------------------------------------------------------------------


@pytest.fixture
def answered(survey):
    """Two responses: the single-choice question's options 1 and 2 were chosen once each;
    options 3 and 4 never."""
    add_responses(survey, 2)
    return questions(survey)[K.SINGLE]


def test_an_answered_question_offers_only_its_kind(official_client, answered):
    page = html(official_client.get(question_url(answered)))
    assert "Esta pregunta ya tiene respuestas: su tipo no se puede cambiar" in page
    assert page.count("<option ") == 1
    assert "Ya tiene respuestas: el tipo queda fijo." in page
    response = official_client.post(question_url(answered), edit_data(answered, kind=K.MULTIPLE))
    assert response.status_code == 400
    assert (
        "Esta pregunta ya tiene respuestas: su tipo no se puede cambiar. Si necesitas otro tipo, "
        "agrega una pregunta nueva."
    ) in html(response)
    assert Question.objects.get(pk=answered.pk).kind == K.SINGLE


def test_chosen_options_can_be_renamed_but_not_removed(official_client, answered):
    bus, _tren, bici, pie = options(answered)
    page = html(official_client.get(question_url(answered)))
    assert f'name="remove_{bus.pk}"' not in page
    assert "Elegida 1 vez: no se puede quitar." in page
    assert f'name="remove_{bici.pk}"' in page

    # A stale page (or a crafted request) that asks to remove a chosen option.
    data = edit_data(answered, text="Pregunta corregida", **{f"remove_{bus.pk}": "on"})
    response = official_client.post(question_url(answered), data)
    assert response.status_code == 400
    assert (
        f'<ul class="errorlist" id="id_option_{bus.pk}_error"><li>«Bus» ya fue elegida 1 vez: '
        "no se puede quitar, pero puedes corregir su texto.</li></ul>"
    ) in html(response)
    assert 'value="Pregunta corregida"' in html(response)
    assert answered.options.count() == 4

    # Renaming it, and removing an option nobody chose, are fine; the answers stay.
    data = edit_data(answered, **{f"option_{bus.pk}": "Micro", f"remove_{pie.pk}": "on"})
    assert official_client.post(question_url(answered), data).status_code == 302
    assert [o.text for o in options(answered)] == ["Micro", "Tren", "Bicicleta"]
    assert Option.objects.get(pk=bus.pk).answers.count() == 1


def test_answers_that_arrive_while_the_form_is_checked_are_explained(
    official_client, answered, monkeypatch
):
    # The form saw no answers (they arrived between its checks and the action's lock): the
    # action refuses, and the page says why next to the field, keeping what was typed.
    monkeypatch.setattr(
        "surveys.views.question_usage", lambda question: QuestionUsage()
    )
    response = official_client.post(
        question_url(answered), edit_data(answered, kind=K.MULTIPLE, text="Texto nuevo")
    )
    assert response.status_code == 400
    assert (
        '<ul class="errorlist" id="id_kind_error"><li>Esta pregunta ya tiene respuestas: su '
        "tipo no se puede cambiar."
    ) in html(response)
    assert 'value="Texto nuevo"' in html(response)
    bus = options(answered)[0]
    response = official_client.post(
        question_url(answered), edit_data(answered, **{f"remove_{bus.pk}": "on"})
    )
    assert response.status_code == 400
    assert (
        f'<ul class="errorlist" id="id_option_{bus.pk}_error"><li>«Bus» ya fue elegida 1 vez: '
        "no se puede quitar, pero puedes corregir su texto.</li></ul>"
    ) in html(response)
    assert Question.objects.get(pk=answered.pk).kind == K.SINGLE
    assert answered.options.count() == 4


def test_answers_that_arrive_after_the_form_was_shown_still_lock(official, survey):
    single = questions(survey)[K.SINGLE]
    bus = options(single)[0]
    add_responses(survey, 1)  # chooses «Bus»
    base = {
        "text": single.text,
        "help_text": "",
        "is_required": True,
        "max_choices": None,
        "scale_min_label": "",
        "scale_max_label": "",
        "kept": tuple((o.pk, o.text) for o in options(single)),
    }
    with pytest.raises(ValidationError) as error:
        check_save_question(
            official, survey=survey, question=single, fields=QuestionFields(kind=K.RANKING, **base)
        )
    assert error.value.code == "kind_locked"
    base["kept"] = base["kept"][1:]
    with pytest.raises(ValidationError) as error:
        check_save_question(
            official,
            survey=survey,
            question=single,
            fields=QuestionFields(kind=K.SINGLE, removed=frozenset({bus.pk}), **base),
        )
    assert error.value.code == "option_chosen"
    assert error.value.params["option"] == bus.pk
    assert single.options.count() == 4


# --- Reordering ----------------------------------------------------------------------------


def test_official_moves_questions_up_and_down(official_client, survey):
    first, second, *rest = questions_of(survey)
    response = official_client.post(question_url(second, "mover"), {"direccion": "arriba"})
    assert response.status_code == 302
    assert response.url == f"{EDITOR}#pregunta-{second.pk}"
    assert messages_of(response) == [f"Subiste la pregunta «{second.text}»."]
    assert [q.pk for q in questions_of(survey)] == [second.pk, first.pk, *(q.pk for q in rest)]
    assert [q.position for q in questions_of(survey)] == [1, 2, 3, 4, 5, 6]

    response = official_client.post(question_url(second, "mover"), {"direccion": "abajo"})
    assert messages_of(response)[-1] == f"Bajaste la pregunta «{second.text}»."
    assert [q.pk for q in questions_of(survey)][:2] == [first.pk, second.pk]


def test_moving_past_either_end_changes_nothing(official_client, survey):
    order = [q.pk for q in questions_of(survey)]
    first, last = questions_of(survey)[0], questions_of(survey)[-1]
    response = official_client.post(question_url(first, "mover"), {"direccion": "arriba"})
    assert response.status_code == 302
    assert messages_of(response) == []
    official_client.post(question_url(last, "mover"), {"direccion": "abajo"})
    assert [q.pk for q in questions_of(survey)] == order


def test_editor_offers_no_move_past_the_ends(official_client, survey):
    page = html(official_client.get(EDITOR))
    assert page.count('name="direccion" value="arriba"') == 5
    assert page.count('name="direccion" value="abajo"') == 5


def test_an_unknown_direction_is_a_bad_request(official_client, survey):
    question = questions_of(survey)[1]
    response = official_client.post(question_url(question, "mover"), {"direccion": "lejos"})
    assert response.status_code == 400
    assert questions_of(survey)[1] == question


# --- Deleting ------------------------------------------------------------------------------


def test_official_deletes_an_unanswered_question_after_confirming(official_client, survey):
    single = questions(survey)[K.SINGLE]
    editor = html(official_client.get(EDITOR))
    assert f'href="{question_url(single, "borrar")}"' in editor
    page = official_client.get(question_url(single, "borrar"))
    assert page.status_code == 200
    assert "¿Borrar esta pregunta y sus opciones? No se puede deshacer." in html(page)
    assert "Sí, borrar la pregunta" in html(page)
    assert Question.objects.filter(pk=single.pk).exists()  # showing the page deletes nothing

    response = official_client.post(question_url(single, "borrar"))
    assert response.status_code == 302
    assert response.url == EDITOR
    assert messages_of(response) == [f"Borraste la pregunta «{single.text}»."]
    assert not Question.objects.filter(pk=single.pk).exists()
    assert not Option.objects.filter(question_id=single.pk).exists()


def test_an_answered_question_cannot_be_deleted(official_client, answered):
    reason = (
        "Esta pregunta ya tiene respuestas: no se puede borrar, porque sus respuestas se "
        "perderían. Puedes corregir su texto o moverla."
    )
    editor = html(official_client.get(EDITOR))
    assert f'href="{question_url(answered, "borrar")}"' not in editor
    assert "No se puede borrar: ya tiene respuestas." in editor
    page = html(official_client.get(question_url(answered, "borrar")))
    assert reason in page
    assert "Sí, borrar la pregunta" not in page
    response = official_client.post(question_url(answered, "borrar"))
    assert response.status_code == 302
    assert messages_of(response) == [reason]
    assert Question.objects.filter(pk=answered.pk).exists()
    assert answered.answers.count() == 2


# --- Cached results ------------------------------------------------------------------------


def cached_tally(survey: Survey):
    ids = [q.pk for q in questions_of(survey)]
    return cache.get(tallies_key(survey, ids))


@pytest.mark.parametrize(
    "change",
    ["survey", "question", "new_question", "move", "delete"],
)
def test_every_change_forgets_the_cached_results(official_client, survey, change):
    add_responses(survey, 3)
    empty = official_client.post(NEW_QUESTION, question_data(text="Sin respuestas"))
    assert empty.status_code == 302
    unanswered = Question.objects.get(text="Sin respuestas")
    official_client.post(question_url(unanswered, "mover"), {"direccion": "arriba"})
    tally_survey(survey)
    assert cached_tally(survey) is not None
    single = questions_of(survey)[0]  # the answered single-choice question
    match change:
        case "survey":
            official_client.post(EDITOR, survey_data())
        case "question":
            data = edit_data(single, **{f"option_{options(single)[0].pk}": "Micro"})
            assert official_client.post(question_url(single), data).status_code == 302
        case "new_question":
            official_client.post(NEW_QUESTION, question_data())
        case "move":
            official_client.post(question_url(unanswered, "mover"), {"direccion": "abajo"})
        case "delete":
            official_client.post(question_url(unanswered, "borrar"))
    assert cached_tally(survey) is None
    if change == "question":
        rows = tally_survey(survey).questions[0].rows
        assert rows[0].label == "Micro"


# --- The editor page -----------------------------------------------------------------------


def test_editor_lists_questions_with_their_kind_and_options(official_client, survey):
    add_responses(survey, 1)
    page = html(official_client.get(EDITOR))
    assert "1. ¿Cómo te mueves habitualmente?" in page
    assert "Una opción · obligatoria · 4 opciones · <strong>ya tiene respuestas</strong>" in page
    assert "Bus · Tren · Bicicleta · A pie" in page
    assert "Texto corto · opcional" in page
    assert "La encuesta ya está abierta y todavía no tiene preguntas" not in page


def test_an_open_survey_without_questions_is_flagged(official_client, consultation):
    make_survey(consultation).questions.all().delete()
    page = html(official_client.get(EDITOR))
    assert "La encuesta ya está abierta y todavía no tiene preguntas" in page


@pytest.mark.parametrize("count", [3, 30])
def test_editor_queries_do_not_grow(official, consultation, django_assert_max_num_queries, count):
    survey = make_survey(consultation)
    for number in range(count):
        question = Question.objects.create(
            survey=survey, position=10 + number, kind=K.SINGLE, text=f"Pregunta {number}"
        )
        Option.objects.bulk_create(
            Option(question=question, position=i, text=f"Opción {i}") for i in (1, 2)
        )
    add_responses(survey, 2)
    client = client_for(official)
    # 1. session, 2. user, 3. TOTP authenticator, 4. consultation, 5. its survey,
    # 6. questions with option counts and whether answered, 7. their options,
    # 8. unread notifications.
    with django_assert_max_num_queries(8):
        assert client.get(EDITOR).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_question_page_queries_do_not_grow(official, survey, django_assert_max_num_queries, count):
    single = questions(survey)[K.SINGLE]
    Option.objects.bulk_create(
        Option(question=single, position=10 + i, text=f"Más {i}") for i in range(count)
    )
    add_responses(survey, 2)
    client = client_for(official)
    # 1. session, 2. user, 3. TOTP authenticator, 4. consultation, 5. its survey,
    # 6. the question, 7. its options, 8. its answers by option, 9. unread notifications.
    with django_assert_max_num_queries(9):
        assert client.get(question_url(single)).status_code == 200


# --- Reachable from the consultation page --------------------------------------------------


def test_officials_find_the_editor_on_the_consultation_page(
    official_client, resident_client, admin, consultation
):
    assert "Crear encuesta" in html(official_client.get("/consultas/movilidad/"))
    assert f'href="{EDITOR}"' in html(client_for(admin).get("/consultas/movilidad/"))
    make_survey(consultation)
    page = html(official_client.get("/consultas/movilidad/"))
    assert "Editar encuesta" in page
    assert f'href="{EDITOR}"' in page
    assert EDITOR not in html(resident_client.get("/consultas/movilidad/"))


def test_officials_of_another_division_see_no_editor_link(outsider, survey):
    assert EDITOR not in html(client_for(outsider).get("/consultas/movilidad/"))


def test_saving_a_question_keeps_a_move_made_meanwhile_by_another_editor(official, survey):
    from surveys.access import access_question_for_editing, access_survey_for_editing
    from surveys.actions import do_move_question
    from surveys.editor_forms import QuestionForm
    from surveys.queries import question_usage

    second = list(survey.questions.order_by("position"))[1]
    # Editor A loads the second question and submits a new text...
    loaded = access_survey_for_editing(official, "consultations.consultation", {"slug": "movilidad"})
    stale = access_question_for_editing(loaded, second.pk)
    form = QuestionForm(
        edit_data(second, text="Texto corregido"), question=stale, usage=question_usage(stale)
    )
    assert form.is_valid(), form.errors
    # ...after editor B moved it up to the first place.
    assert do_move_question(official, question=Question.objects.get(pk=second.pk), offset=-1)
    check_save_question(official, survey=loaded, question=stale, fields=form.question_fields())
    first = survey.questions.order_by("position", "pk").first()
    assert (first.pk, first.text) == (second.pk, "Texto corregido")
