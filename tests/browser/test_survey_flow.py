"""Surveys in Chromium: a resident answers a survey (after a refused empty submission),
edits the answer and sees the results; the survey, results and open data pages pass axe,
on a desktop and at 360 px."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from consultations.models import Phase
from surveys.models import Question, Response
from tests.browser.a11y import assert_accessible
from tests.browser.support import MOBILE, LiveASGIServer, log_in
from tests.consultations.factories import consultation_in
from tests.factories import UserFactory
from tests.surveys.factories import add_responses, demographic_people, make_survey


@pytest.fixture
def scene():
    movilidad = consultation_in(
        Phase.Kind.INFORMATION, title="Movilidad en el Gran Valparaíso", slug="movilidad"
    )
    survey = make_survey(movilidad, results_while_open=True)
    add_responses(survey, 6)
    cultura = consultation_in(Phase.Kind.RESULTS, title="Política de cultura", slug="cultura")
    add_responses(make_survey(cultura, state="closed"), 12, people=demographic_people(12))
    resident = UserFactory(email="camila@ejemplo.cl", display_name="Camila")
    return {"survey": survey, "resident": resident}


def signed_in(new_context: Callable[..., BrowserContext], server: LiveASGIServer, user, **kw):
    context = new_context(**kw)
    log_in(context, server, user)
    return context.new_page()


def question(page: Page, text: str):
    return page.locator(".survey-question").filter(has_text=text)


def test_resident_answers_edits_and_sees_results(
    new_context: Callable[..., BrowserContext], live_asgi: LiveASGIServer, scene
):
    page = signed_in(new_context, live_asgi, scene["resident"])
    page.goto(f"{live_asgi.url}/consultas/movilidad/")
    page.get_by_role("link", name="Responder la encuesta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Encuesta de movilidad")
    assert_accessible(page)

    # An empty submission is refused: the summary gets focus and names each question.
    page.get_by_role("button", name="Enviar respuestas").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("No se guardó tu respuesta")
    expect(question(page, "¿Cómo te mueves habitualmente?")).to_contain_text(
        "Responde esta pregunta: es obligatoria."
    )
    assert_accessible(page)

    # What the person types survives a refusal: an optional text, then too many choices.
    page.get_by_label("Una palabra para tu barrio").fill("Tranquilo")
    page.get_by_label("Tren").check()
    for option in ("Ciclovías", "Veredas", "Iluminación"):
        page.get_by_label(option).check()
    page.get_by_label("4", exact=True).check()
    ranking = question(page, "Ordena estos proyectos")
    ranking.get_by_label("Parque").select_option("1")
    ranking.get_by_label("Biblioteca").select_option("2")
    ranking.get_by_label("Piscina").select_option("3")
    # Taking a place already held swaps the two (the module keeps a permutation).
    ranking.get_by_label("Piscina").select_option("1")
    expect(ranking.get_by_label("Parque")).to_have_value("3")
    page.get_by_role("button", name="Enviar respuestas").click()
    expect(question(page, "¿Qué mejoras priorizarías?")).to_contain_text(
        "Elige como máximo 2 opciones (marcaste 3)."
    )
    expect(page.get_by_label("Una palabra para tu barrio")).to_have_value("Tranquilo")
    expect(ranking.get_by_label("Piscina")).to_have_value("1")

    page.get_by_label("Veredas").uncheck()
    page.get_by_role("button", name="Enviar respuestas").click()
    expect(page.locator(".messages")).to_contain_text("¡Gracias! Guardamos tus respuestas.")
    expect(page.locator("#respuesta-registrada")).to_contain_text("Tu respuesta quedó registrada")

    # Editing: the form comes back filled in; change the scale and save.
    expect(page.get_by_label("Tren")).to_be_checked()
    expect(page.get_by_label("4", exact=True)).to_be_checked()
    page.get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Guardar cambios").click()
    expect(page.locator(".messages")).to_contain_text("Guardamos los cambios a tus respuestas.")
    response = Response.objects.get(respondent=scene["resident"])
    assert response.revision == 2
    assert response.answers.get(question__kind=Question.Kind.SCALE).scale_value == 2

    # The results (shown while open in this survey) count the answer.
    page.goto(f"{live_asgi.url}/consultas/movilidad/encuesta/resultados/")
    expect(page.get_by_text("7 personas respondieron la encuesta.")).to_be_visible()
    chart = page.get_by_role(
        "img",
        name="Gráfico de barras del porcentaje de personas por "
        "respuesta en «¿Cómo te mueves habitualmente?»",
        exact=False,
    )
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Cifras de «¿Cómo te mueves habitualmente?»")
    expect(table.get_by_role("row", name="Tren")).to_contain_text("3")
    assert_accessible(page)


def test_results_and_open_data_pages_are_accessible_on_a_phone(
    new_context: Callable[..., BrowserContext], live_asgi: LiveASGIServer, scene
):
    page = signed_in(new_context, live_asgi, scene["resident"], **MOBILE)
    for path in (
        "/consultas/movilidad/encuesta/",
        "/consultas/cultura/encuesta/resultados/",
        "/consultas/cultura/resultados/",
        "/datos/",
    ):
        page.goto(f"{live_asgi.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
        # Nothing forces a sideways scroll at 360 px (wide tables scroll in their box).
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, overflow)


def test_results_page_is_accessible_on_a_desktop_and_prints_without_chrome(
    page: Page, live_asgi: LiveASGIServer, scene
):
    page.goto(f"{live_asgi.url}/consultas/cultura/resultados/")
    expect(page.get_by_role("table", name="Personas participantes por género")).to_be_visible()
    expect(page.get_by_role("button", name="Imprimir esta página")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_open_data_notice_keeps_its_distance_from_the_text_below(
    page: Page, live_asgi: LiveASGIServer
):
    # A <div class="notice"> had no bottom margin: the licence paragraph touched the box.
    page.goto(f"{live_asgi.url}/datos/")
    gap = page.evaluate(
        """() => {
          const notice = document.querySelector("main .notice");
          const next = notice.nextElementSibling;
          return next.getBoundingClientRect().top - notice.getBoundingClientRect().bottom;
        }"""
    )
    assert gap >= 12, gap
