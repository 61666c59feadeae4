"""The survey editor in Chromium: an official builds a survey with a single-choice and a
scale question (after a refused form), reorders them, then a resident answers it on
/consultas/<slug>/encuesta/. The editor pages pass axe, on a desktop and at 360 px."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from consultations.models import Phase
from surveys.models import Question, Response, Survey
from tests.browser.a11y import assert_accessible
from tests.browser.support import MOBILE, LiveASGIServer, datetime_local, signed_in_page
from tests.conftest import with_totp
from tests.consultations.factories import consultation_in
from tests.factories import DivisionFactory, UserFactory


@pytest.fixture
def scene():
    division = DivisionFactory(name="División de Planificación", acronym="DIPLADE")
    consultation = consultation_in(
        Phase.Kind.INFORMATION,
        title="Movilidad en el Gran Valparaíso",
        slug="movilidad",
        division=division,
    )
    official = with_totp(
        UserFactory(
            email="paula@gore.cl", display_name="Paula", is_official=True, division=division
        )
    )
    resident = UserFactory(email="camila@ejemplo.cl", display_name="Camila")
    return {"consultation": consultation, "official": official, "resident": resident}


def flash(page: Page):
    return page.locator(".messages")


def questions_list(page: Page):
    return page.locator(".survey-editor-questions > li")


def test_official_builds_a_survey_and_a_resident_answers_it(
    new_context: Callable[..., BrowserContext], live_asgi: LiveASGIServer, scene
):
    url = live_asgi.url
    page = signed_in_page(new_context, live_asgi, scene["official"])
    page.goto(f"{url}/consultas/movilidad/")
    page.get_by_role("link", name="Crear encuesta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Crear la encuesta")
    assert_accessible(page)

    # Closing before opening is refused, next to the field; what was typed stays.
    now = timezone.now()
    page.get_by_label("Título de la encuesta").fill("¿Cómo te mueves?")
    page.get_by_label("Introducción (opcional)").fill("Toma dos minutos.")
    page.get_by_label("Abre").fill(datetime_local(now - timedelta(hours=1)))
    page.get_by_label("Cierra").fill(datetime_local(now - timedelta(hours=2)))
    page.get_by_role("button", name="Crear la encuesta").click()
    expect(page.get_by_label("Cierra")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_closes_at_error")).to_have_text(
        "La encuesta debe cerrar después de abrir: elige un cierre posterior a la apertura."
    )
    expect(page.get_by_label("Introducción (opcional)")).to_have_value("Toma dos minutos.")
    assert_accessible(page)

    page.get_by_label("Cierra").fill(datetime_local(now + timedelta(days=7)))
    page.get_by_role("button", name="Crear la encuesta").click()
    expect(flash(page)).to_contain_text("Creaste la encuesta. Ahora agrégale preguntas.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Editar la encuesta")

    # A single-choice question with one option is refused; then fixed.
    page.get_by_role("link", name="Agregar pregunta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nueva pregunta")
    assert_accessible(page)
    page.get_by_label("Tipo de pregunta").select_option(label="Una opción")
    page.get_by_label("Pregunta:", exact=True).fill("¿Cómo llegas al trabajo?")
    page.get_by_label("Opciones, una por línea").fill("Bus")
    page.get_by_role("button", name="Agregar la pregunta").click()
    expect(page.locator("#id_new_options_error")).to_have_text(
        "Esta pregunta necesita al menos dos opciones."
    )
    expect(page.get_by_label("Pregunta:", exact=True)).to_have_value("¿Cómo llegas al trabajo?")
    assert_accessible(page)
    page.get_by_label("Opciones, una por línea").fill("Bus\nMetro\nBicicleta")
    page.get_by_role("button", name="Agregar la pregunta").click()
    expect(flash(page)).to_contain_text("Agregaste la pregunta «¿Cómo llegas al trabajo?».")

    # A scale question, then moved to the top.
    page.get_by_role("link", name="Agregar pregunta").click()
    page.get_by_label("Tipo de pregunta").select_option(label="Escala de 1 a 5")
    page.get_by_label("Pregunta:", exact=True).fill("¿Qué tan seguro te sientes en el bus?")
    page.get_by_label("Qué significa el 1 (opcional)").fill("Nada seguro")
    page.get_by_label("Qué significa el 5 (opcional)").fill("Muy seguro")
    page.get_by_role("button", name="Agregar la pregunta").click()
    expect(questions_list(page)).to_have_count(2)
    page.get_by_role("button", name="Subir la pregunta 2").click()
    expect(flash(page)).to_contain_text("Subiste la pregunta")
    expect(questions_list(page).first).to_contain_text("1. ¿Qué tan seguro te sientes en el bus?")
    expect(questions_list(page).nth(1)).to_contain_text("Bus · Metro · Bicicleta")
    assert_accessible(page)

    # The delete confirmation, then cancel; the edit form of a saved question.
    page.get_by_role("link", name="Borrar la pregunta 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Borrar pregunta")
    assert_accessible(page)
    page.get_by_role("link", name="Cancelar").click()
    page.get_by_role("link", name="Editar la pregunta 2").click()
    expect(page.get_by_label("Opción 2:", exact=True)).to_have_value("Metro")
    assert_accessible(page)
    page.get_by_label("Opción 2:", exact=True).fill("Metro o tren")
    page.get_by_role("button", name="Guardar la pregunta").click()
    expect(flash(page)).to_contain_text("Guardaste la pregunta «¿Cómo llegas al trabajo?».")

    survey = Survey.objects.get(consultation=scene["consultation"])
    assert [q.kind for q in survey.questions.order_by("position")] == [
        Question.Kind.SCALE,
        Question.Kind.SINGLE,
    ]

    # A resident answers it.
    resident = signed_in_page(new_context, live_asgi, scene["resident"])
    resident.goto(f"{url}/consultas/movilidad/")
    resident.get_by_role("link", name="Responder la encuesta").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("¿Cómo te mueves?")
    expect(resident.get_by_text("Toma dos minutos.")).to_be_visible()
    resident.get_by_label("4", exact=True).check()
    resident.get_by_label("Metro o tren").check()
    resident.get_by_role("button", name="Enviar respuestas").click()
    expect(flash(resident)).to_contain_text("¡Gracias! Guardamos tus respuestas.")
    response = Response.objects.get(respondent=scene["resident"], survey=survey)
    answers = {a.question.kind: a for a in response.answers.select_related("question", "option")}
    assert answers[Question.Kind.SCALE].scale_value == 4
    assert answers[Question.Kind.SINGLE].option.text == "Metro o tren"

    # Now answered: the question's kind is fixed and it cannot be deleted.
    page.reload()
    expect(questions_list(page).nth(1)).to_contain_text("No se puede borrar: ya tiene respuestas.")
    page.get_by_role("link", name="Editar la pregunta 2").click()
    expect(
        page.get_by_text("Esta pregunta ya tiene respuestas: su tipo no se puede cambiar")
    ).to_be_visible()
    expect(page.get_by_label("Tipo de pregunta").locator("option")).to_have_count(1)
    assert_accessible(page)


def test_editor_pages_fit_a_phone_and_pass_axe(
    new_context: Callable[..., BrowserContext], live_asgi: LiveASGIServer, scene
):
    from tests.surveys.factories import make_survey

    survey = make_survey(scene["consultation"])
    question = survey.questions.order_by("position").first()
    page = signed_in_page(new_context, live_asgi, scene["official"], **MOBILE)
    for path in (
        "/consultas/movilidad/encuesta/editar/",
        "/consultas/movilidad/encuesta/preguntas/nueva/",
        f"/consultas/movilidad/encuesta/preguntas/{question.pk}/editar/",
        f"/consultas/movilidad/encuesta/preguntas/{question.pk}/borrar/",
    ):
        page.goto(f"{live_asgi.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, overflow)
