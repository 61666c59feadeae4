"""surveys.views.answer_survey: /consultas/<slug>/encuesta/ (GET shows the form, POST answers
or replaces the answer)."""

import re

import pytest
from django.contrib.messages import get_messages

from consultations.models import Consultation, Phase
from surveys.models import Answer, Question, Response
from tests.conftest import client_for
from tests.consultations.factories import consultation_in
from tests.surveys.factories import add_responses, make_survey, options, questions, valid_post

K = Question.Kind


@pytest.fixture
def consultation(db):
    return consultation_in(Phase.Kind.INFORMATION, title="Movilidad", slug="movilidad")


@pytest.fixture
def survey(consultation):
    return make_survey(consultation)


URL = "/consultas/movilidad/encuesta/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def stored(survey, user) -> dict:
    """What the person's response holds, by question kind."""
    response = Response.objects.get(survey=survey, respondent=user)
    result: dict = {}
    for answer in Answer.objects.filter(response=response).select_related("question", "option"):
        kind = answer.question.kind
        if answer.option_id:
            result.setdefault(kind, []).append((answer.rank, answer.option.text))
        elif answer.scale_value is not None:
            result[kind] = answer.scale_value
        else:
            result[kind] = answer.text
    for value in result.values():
        if isinstance(value, list):
            value.sort()
    return result


# --- Happy path -------------------------------------------------------------------------------


def test_resident_sees_every_question_kind(survey, resident_client):
    response = resident_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    q = questions(survey)
    assert "<h1>Encuesta de movilidad</h1>" in html
    # Single choice and scale: radio buttons inside a fieldset with a legend.
    assert f'type="radio" id="q{q[K.SINGLE].pk}-0" name="q{q[K.SINGLE].pk}"' in html
    assert "5 · Muy seguro" in html
    # Multiple choice says its maximum; ranking is one select per option, labelled.
    assert "Elige hasta 2 opciones." in html
    ranking = options(q[K.RANKING])
    assert f'<label for="id_q{q[K.RANKING].pk}_o{ranking[0].pk}">Parque</label>' in html
    assert '<option value="3">Lugar 3</option>' in html
    # Texts, with their limits; help and errors are tied to the fields.
    assert f'aria-describedby="q{q[K.SHORT_TEXT].pk}-ayuda"' in html
    assert "Hasta 5000 caracteres." in html
    assert 'name="revision" value="0"' in html
    assert "Enviar respuestas" in html


def test_resident_answers_every_question(survey, resident, resident_client):
    response = resident_client.post(URL, valid_post(survey))
    assert response.status_code == 302
    assert response.url == URL
    assert messages_of(response) == [
        "¡Gracias! Guardamos tus respuestas. Puedes cambiarlas hasta que cierre la encuesta."
    ]
    assert stored(survey, resident) == {
        K.SINGLE: [(1, "Tren")],
        K.MULTIPLE: [(1, "Ciclovías"), (2, "Iluminación")],
        K.SCALE: 4,
        K.RANKING: [(1, "Biblioteca"), (2, "Parque"), (3, "Piscina")],
        K.SHORT_TEXT: "Tranquilo",
        K.LONG_TEXT: "Faltan ciclovías seguras hacia el plan.",
    }


def test_optional_questions_may_stay_empty(survey, resident, resident_client):
    q = questions(survey)
    data = valid_post(survey, **{f"q{q[K.SHORT_TEXT].pk}": "", f"q{q[K.LONG_TEXT].pk}": "  "})
    assert resident_client.post(URL, data).status_code == 302
    assert K.SHORT_TEXT not in stored(survey, resident)
    assert K.LONG_TEXT not in stored(survey, resident)


def test_resident_edits_their_answer_until_the_survey_closes(survey, resident, resident_client):
    resident_client.post(URL, valid_post(survey))
    page = resident_client.get(URL).content.decode()
    q = questions(survey)
    # The form comes back with the stored answers and the response's revision.
    assert 'name="revision" value="1"' in page
    assert re.search(r'value="4"[^>]*checked', page)
    assert ">Tranquilo<" not in page
    assert 'value="Tranquilo"' in page
    assert "Tu respuesta quedó registrada" in page
    assert "Guardar cambios" in page

    ranking = options(q[K.RANKING])
    edited = valid_post(
        survey,
        revision=1,
        **{
            f"q{q[K.SCALE].pk}": "2",
            f"q{q[K.RANKING].pk}_o{ranking[0].pk}": "1",
            f"q{q[K.RANKING].pk}_o{ranking[1].pk}": "3",
            f"q{q[K.RANKING].pk}_o{ranking[2].pk}": "2",
            f"q{q[K.SHORT_TEXT].pk}": "",
        },
    )
    response = resident_client.post(URL, edited)
    assert response.status_code == 302
    assert messages_of(response) == ["Guardamos los cambios a tus respuestas."]
    answers = stored(survey, resident)
    assert answers[K.SCALE] == 2
    assert answers[K.RANKING] == [(1, "Parque"), (2, "Piscina"), (3, "Biblioteca")]
    assert K.SHORT_TEXT not in answers
    assert Response.objects.get(respondent=resident).revision == 2
    assert Response.objects.count() == 1


# --- Method, sign-in, outsiders, roles ---------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_survey_refuses_other_methods(survey, resident_client, method):
    assert getattr(resident_client, method)(URL).status_code == 405


def test_anonymous_visitor_is_sent_to_login(survey, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"/cuenta/login/?next={URL}"
    response = client.post(URL, valid_post(survey))
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
    assert not Response.objects.exists()


def test_unknown_or_surveyless_or_draft_consultations_are_not_found(survey, resident_client):
    assert resident_client.get("/consultas/no-existe/encuesta/").status_code == 404
    consultation_in(Phase.Kind.INFORMATION, slug="sin-encuesta")
    assert resident_client.get("/consultas/sin-encuesta/encuesta/").status_code == 404
    Consultation.objects.filter(pk=survey.object_id).update(status=Consultation.Status.DRAFT)
    assert resident_client.get(URL).status_code == 404
    assert resident_client.post(URL, valid_post(survey)).status_code == 404
    assert not Response.objects.exists()


def test_unverified_resident_cannot_answer_when_verification_is_required(
    survey, resident, resident_client, verified_resident
):
    Consultation.objects.filter(pk=survey.object_id).update(residency_rule="verified")
    response = resident_client.get(URL)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Esta consulta es para residentes verificados de la Región de Valparaíso." in html
    assert '<form method="post" novalidate' not in html

    response = resident_client.post(URL, valid_post(survey))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Esta consulta es para residentes verificados de la Región de Valparaíso." in html
    # Nothing typed is lost.
    assert 'value="Tranquilo"' in html
    assert "Faltan ciclovías seguras hacia el plan.</textarea>" in html
    assert not Response.objects.exists()

    # The same answers from a verified resident go through.
    response = client_for(verified_resident).post(URL, valid_post(survey))
    assert response.status_code == 302
    assert Response.objects.filter(respondent=verified_resident).exists()


# --- Bad input: Spanish messages, nothing lost, then the valid repeat ---------------------------


def test_missing_required_answer_is_refused_and_nothing_is_lost(survey, resident, resident_client):
    q = questions(survey)
    data = valid_post(survey)
    del data[f"q{q[K.SINGLE].pk}"]
    response = resident_client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Responde esta pregunta: es obligatoria." in html
    assert "No se guardó tu respuesta" in html
    # The error summary links to the question; the question points at its error.
    assert f'<a href="#q{q[K.SINGLE].pk}">¿Cómo te mueves habitualmente?</a>' in html
    assert f'aria-describedby="q{q[K.SINGLE].pk}-error"' in html
    assert 'value="Tranquilo"' in html
    assert re.search(r'value="4"[^>]*checked', html)
    assert not Response.objects.exists()

    assert resident_client.post(URL, valid_post(survey)).status_code == 302
    assert stored(survey, resident)[K.SINGLE] == [(1, "Tren")]


def test_a_refused_answer_shows_one_error_banner(survey, resident_client):
    data = valid_post(survey)
    del data[f"q{questions(survey)[K.SINGLE].pk}"]
    html = resident_client.post(URL, data).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    # The error summary only: no "message--error" banner above it saying the same.
    assert main.count('role="alert"') == 1
    assert "message--error" not in main


def test_too_many_choices_are_refused(survey, resident, resident_client):
    q = questions(survey)
    every = [str(option.pk) for option in options(q[K.MULTIPLE])[:3]]
    response = resident_client.post(URL, valid_post(survey, **{f"q{q[K.MULTIPLE].pk}": every}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Elige como máximo 2 opciones (marcaste 3)." in html
    # The three boxes stay checked.
    assert len(re.findall(rf'name="q{q[K.MULTIPLE].pk}" value="\d+" checked', html)) == 3
    assert not Response.objects.exists()
    assert resident_client.post(URL, valid_post(survey)).status_code == 302


@pytest.mark.parametrize(
    ("places", "message"),
    [
        (("1", "1", "2"), "El lugar 1 está repetido: usa cada lugar una sola vez."),
        (("1", "", "2"), "Ordena todas las opciones: dale a cada una un lugar distinto"),
        (("", "", ""), "Responde esta pregunta: es obligatoria."),
        (("1", "2", "9"), "Elige una de las opciones de la lista."),
    ],
)
def test_a_ranking_must_be_a_permutation(survey, resident_client, places, message):
    q = questions(survey)
    ranking = options(q[K.RANKING])
    data = valid_post(
        survey,
        **{
            f"q{q[K.RANKING].pk}_o{option.pk}": place
            for option, place in zip(ranking, places, strict=True)
        },
    )
    response = resident_client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert not Response.objects.exists()
    assert resident_client.post(URL, valid_post(survey)).status_code == 302


def test_an_option_of_another_question_is_refused(survey, resident_client):
    q = questions(survey)
    foreign = options(q[K.MULTIPLE])[0]
    response = resident_client.post(URL, valid_post(survey, **{f"q{q[K.SINGLE].pk}": foreign.pk}))
    assert response.status_code == 400
    assert "Elige una de las opciones de la lista." in response.content.decode()
    assert not Response.objects.exists()


def test_scale_outside_1_to_5_is_refused(survey, resident_client):
    q = questions(survey)
    response = resident_client.post(URL, valid_post(survey, **{f"q{q[K.SCALE].pk}": "6"}))
    assert response.status_code == 400
    assert "Elige una de las opciones de la lista." in response.content.decode()


def test_text_over_the_limit_is_refused_and_kept(survey, resident_client):
    q = questions(survey)
    long_text = "a" * 201
    response = resident_client.post(
        URL, valid_post(survey, **{f"q{q[K.SHORT_TEXT].pk}": long_text})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escribe como máximo 200 caracteres (escribiste 201)." in html
    assert f'value="{long_text}"' in html


def test_typed_html_is_kept_as_text_and_never_executed(survey, resident, resident_client):
    q = questions(survey)
    typed = '<script>alert("x")</script> y <b>más</b>'
    response = resident_client.post(URL, valid_post(survey, **{f"q{q[K.LONG_TEXT].pk}": typed}))
    assert response.status_code == 302
    assert stored(survey, resident)[K.LONG_TEXT] == typed
    html = resident_client.get(URL).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- Rules: dates and one response per person ---------------------------------------------------


def test_closed_survey_shows_why_and_refuses_answers(consultation, resident, resident_client):
    survey = make_survey(consultation, state="closed")
    page = resident_client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "La encuesta cerró el" in html
    assert "ya no se pueden enviar ni cambiar respuestas" in html
    assert 'name="revision"' not in html

    response = resident_client.post(URL, valid_post(survey))
    assert response.status_code == 403
    html = response.content.decode()
    assert "La encuesta cerró el" in html
    assert 'value="Tranquilo"' in html
    assert not Response.objects.exists()


def test_upcoming_survey_refuses_answers_until_it_opens(consultation, resident_client):
    survey = make_survey(consultation, state="upcoming")
    assert "La encuesta abre el" in resident_client.get(URL).content.decode()
    response = resident_client.post(URL, valid_post(survey))
    assert response.status_code == 403
    assert "Vuelve entonces para responder." in response.content.decode()
    assert not Response.objects.exists()


def test_a_survey_without_questions_is_not_offered(consultation, resident, resident_client):
    # Open by its dates, but its officials have not written any question yet.
    survey = make_survey(consultation)
    survey.questions.all().delete()
    page = resident_client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Esta encuesta todavía no está lista: aún no tiene preguntas." in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Enviar respuestas" not in html
    assert "Ver los resultados de la encuesta" not in html
    assert 'href="/consultas/movilidad/"' in html  # back to the consultation

    response = resident_client.post(URL, {"revision": "0"})
    assert response.status_code == 403
    assert "todavía no está lista" in response.content.decode()
    assert not Response.objects.exists()

    # With a question, the same survey is offered and answered.
    question = Question.objects.create(
        survey=survey, position=1, kind=K.SHORT_TEXT, text="¿Cómo llegas al trabajo?"
    )
    assert "Enviar respuestas" in resident_client.get(URL).content.decode()
    response = resident_client.post(URL, {"revision": "0", f"q{question.pk}": "En bus"})
    assert response.status_code == 302
    assert Response.objects.filter(respondent=resident).exists()


def test_a_second_first_answer_is_refused_as_duplicate_then_replaces_on_purpose(
    survey, resident, resident_client
):
    # Answered in another tab; this tab still shows a blank form (revision 0).
    assert resident_client.post(URL, valid_post(survey)).status_code == 302
    q = questions(survey)
    other_tab = valid_post(survey, **{f"q{q[K.SCALE].pk}": "1"})
    response = resident_client.post(URL, other_tab)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Ya habías respondido esta encuesta" in html
    assert "si lo envías de nuevo, reemplazará tu respuesta anterior" in html
    # What this tab typed is still there, now carrying the stored revision.
    assert re.search(r'value="1"[^>]*checked', html)
    assert 'name="revision" value="1"' in html
    assert stored(survey, resident)[K.SCALE] == 4

    response = resident_client.post(URL, {**other_tab, "revision": "1"})
    assert response.status_code == 302
    assert stored(survey, resident)[K.SCALE] == 1
    assert Response.objects.count() == 1


def test_a_stale_edit_is_refused(survey, resident, resident_client):
    resident_client.post(URL, valid_post(survey))
    resident_client.post(URL, valid_post(survey, revision=1))  # now revision 2
    response = resident_client.post(URL, valid_post(survey, revision=1))
    assert response.status_code == 409
    assert "Ya habías respondido esta encuesta" in response.content.decode()


def test_each_person_answers_for_themselves(survey, resident, other_resident, resident_client):
    assert resident_client.post(URL, valid_post(survey)).status_code == 302
    assert client_for(other_resident).post(URL, valid_post(survey)).status_code == 302
    assert Response.objects.filter(survey=survey).count() == 2
    assert Response.objects.get(respondent=resident).revision == 1


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_survey_page_queries_do_not_grow_with_data(
    survey, resident, resident_client, django_assert_max_num_queries, count
):
    add_responses(survey, count)
    resident_client.post(URL, valid_post(survey))
    # session, user, survey + consultation, questions, options, the person's response, its
    # answers, the consultation's comunas (territory rule), unread notifications, TOTP
    # check for the header's staff links.
    with django_assert_max_num_queries(10):
        response = resident_client.get(URL)
    assert response.status_code == 200
