"""/indicadores/ in Chromium: the strategic indicator for the year with its chart and
table, the participation charts beside their tables, choosing another year without
JavaScript, a refused year in words, and an axe-core scan (WCAG 2.2 AA) of the page and
of the method page."""

from playwright.sync_api import Page, expect

from planning.indicators.actions import do_refresh_indicators
from tests.browser.a11y import assert_accessible
from tests.browser.support import MOBILE, LiveASGIServer
from tests.consultations.factories import ConsultationFactory, PhaseFactory, ProposalFactory
from tests.factories import UserFactory
from tests.planning.indicators_helpers import instance, instrument, moment, this_year


def seed() -> int:
    last = this_year() - 1
    closed = ConsultationFactory(title="Consulta cerrada")
    PhaseFactory(consultation=closed, starts_at=moment(last, 2), ends_at=moment(last, 3))
    instance(instrument("erd", last, name="Estrategia Regional de Desarrollo"), process=closed)
    instance(instrument("prot", last, name="Plan de Ordenamiento"), devolution_sent_on=None)
    instrument("politica", last - 1, name="Política de Cultura")
    for person in UserFactory.create_batch(14, gender="F", age_range="30-44"):
        ProposalFactory(author=person, consultation=closed, created_at=moment(last, 2))
    for person in UserFactory.create_batch(6, gender="M", age_range="18-29"):
        ProposalFactory(author=person, consultation=closed, created_at=moment(last, 4))
    ProposalFactory(created_at=moment(this_year(), 1))
    do_refresh_indicators()
    return last


def test_the_page_shows_the_strategic_indicator_with_chart_and_table(
    page: Page, live_asgi: LiveASGIServer
) -> None:
    last = seed()
    page.goto(f"{live_asgi.url}/")
    page.get_by_role("navigation", name="Secciones").get_by_role("link", name="Indicadores").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Indicadores de participación {last}"
    )
    expect(page.get_by_role("heading", name=f"Indicador estratégico {last}")).to_be_visible()
    expect(page.locator("dl.figures")).to_contain_text("50,0 %")

    criteria = page.get_by_role(
        "table", name=f"Instrumentos elaborados en {last} y criterios cumplidos"
    )
    expect(criteria.get_by_role("row")).to_have_count(3)
    erd = criteria.get_by_role("row", name="Estrategia Regional de Desarrollo")
    expect(erd.get_by_role("cell").last).to_have_text("Sí")
    prot = criteria.get_by_role("row", name="Plan de Ordenamiento")
    expect(prot.get_by_role("cell").nth(2)).to_have_text("No")  # devolución not sent

    chart = page.get_by_role(
        "img", name="Instrumentos con instancias participativas amplias y democráticas, por año"
    )
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(2)  # 0 % draws an empty bar
    yearly = page.get_by_role("table", name="Indicador estratégico por año")
    expect(yearly.get_by_role("row", name=str(last))).to_contain_text("50,0 %")

    gender = page.get_by_role("img", name=f"Personas participantes en {last}, por género")
    expect(gender).to_be_visible()
    table = page.get_by_role("table", name=f"Participación en {last} por género")
    expect(table.get_by_role("row", name="Femenino")).to_contain_text("15")
    expect(table.get_by_role("row", name="Masculino")).to_contain_text("5")
    assert_accessible(page)


def test_choosing_a_year_and_a_refused_year(page: Page, live_asgi: LiveASGIServer) -> None:
    last = seed()
    page.goto(f"{live_asgi.url}/indicadores/")
    page.get_by_label("Año", exact=True).select_option(str(this_year()))
    page.get_by_role("button", name="Ver ese año").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Indicadores de participación {this_year()}"
    )
    expect(
        page.get_by_text("El desglose por comuna, género y tramo de edad se publica una sola vez")
    ).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_asgi.url}/indicadores/?anio=1999")
    expect(page.get_by_role("alert")).to_contain_text("No hay indicadores para «1999»")
    expect(page.get_by_label("Año", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Indicadores de participación {last}"
    )
    assert_accessible(page)


def test_the_method_page_and_a_phone(page: Page, live_asgi: LiveASGIServer, new_context) -> None:
    seed()
    page.goto(f"{live_asgi.url}/indicadores/")
    page.get_by_role("link", name="documento completo", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Indicadores de participación: criterios y método"
    )
    assert_accessible(page)

    phone = new_context(**MOBILE).new_page()
    phone.goto(f"{live_asgi.url}/indicadores/")
    # Charts scale down; wide tables scroll inside their own region, never the page.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
