"""surveys.views.edit_question: changing a question and its options; what answers pin
down (its kind, the chosen options) stays, checked again under lock."""

import pytest
from django.core.exceptions import ValidationError

from surveys.actions import (
    QuestionFields,
    check_save_question,
)
from surveys.models import Option, Question
from surveys.queries import QuestionUsage
from tests.conftest import client_for
from tests.surveys.editor.helpers import (
    NEEDS_TWO,
    K,
    edit_data,
    html,
    messages_of,
    question_url,
)
from tests.surveys.factories import add_responses, options, questions


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
    monkeypatch.setattr("surveys.views.question_usage", lambda question: QuestionUsage())
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


def test_saving_a_question_keeps_a_move_made_meanwhile_by_another_editor(official, survey):
    from surveys.access import access_question_for_editing, access_survey_for_editing
    from surveys.actions import do_move_question
    from surveys.editor_forms import QuestionForm
    from surveys.queries import question_usage

    second = list(survey.questions.order_by("position"))[1]
    # Editor A loads the second question and submits a new text...
    loaded = access_survey_for_editing(
        official, "consultations.consultation", {"slug": "movilidad"}
    )
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
