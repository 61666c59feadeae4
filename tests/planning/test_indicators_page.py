"""planning.indicators.views.show_indicators: /indicadores/ (public, read-only)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planning.indicators.actions import do_refresh_indicators
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory, PhaseFactory, ProposalFactory
from tests.factories import UserFactory
from tests.planning.indicators_helpers import instance, instrument, moment, parse, this_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    """Two instruments of last year (one counts), participation last year and this one."""
    last = this_year() - 1
    closed = ConsultationFactory(title="Consulta cerrada")
    PhaseFactory(consultation=closed, starts_at=moment(last, 2), ends_at=moment(last, 3))
    counted = instrument("erd", last, name="Estrategia Regional de Desarrollo")
    instance(counted, process=closed)
    instance(instrument("prot", last, name="Plan de Ordenamiento"), open_to_all_residents=False)
    for person in UserFactory.create_batch(12, gender="F"):
        ProposalFactory(author=person, consultation=closed, created_at=moment(last, 2))
    ProposalFactory(created_at=moment(this_year(), 1))
    do_refresh_indicators()
    return last


def test_page_shows_the_strategic_indicator_with_its_instruments(client, data):
    response = client.get(f"/indicadores/?anio={data}")
    assert response.status_code == 200
    page = parse(response)
    assert page.find("h1").text() == f"Indicadores de participación {data}"
    figures = {
        pair.find("dt").text(): pair.find("dd").text()
        for pair in page.find("dl", class_="figures").children()
    }
    assert figures["Indicador"] == "50,0 %"
    assert figures["Con instancias amplias y democráticas"] == "1"
    assert figures["Instrumentos elaborados en el año"] == "2"
    table = page.find("table", class_="indicators-criteria")
    rows = {
        row.find("a").text(): [cell.text() for cell in row.find_all("td")]
        for row in table.find("tbody").find_all("tr")
    }
    assert rows == {
        "Estrategia Regional de Desarrollo": ["Sí", "Sí", "Sí", "Sí", "Sí"],
        "Plan de Ordenamiento": ["No", "Sí", "Sí", "No", "No"],
    }


def test_every_chart_is_an_image_with_title_description_and_a_table(client, data):
    page = parse(client.get(f"/indicadores/?anio={data}"))
    charts = page.find_all("svg", role="img")
    # indicator by year, participants by year, by month, comuna, gender, age range
    assert len(charts) == 6
    for chart in charts:
        title_id, desc_id = chart["aria-labelledby"], chart["aria-describedby"]
        assert chart.find("title", id=title_id).text()
        assert chart.find("desc", id=desc_id).text()
        assert chart.ancestor(class_="chart-with-table").find("table")


def test_closed_year_shows_rounded_breakdowns(client, data):
    page = parse(client.get(f"/indicadores/?anio={data}"))
    gender = page.find("caption", id="tabla-genero").ancestor(class_="results-table")
    cells = {
        row.find("th").text(): row.find("td").text() for row in gender.find("tbody").find_all("tr")
    }
    # 12 women round to 10; the only other cell is empty ("menos de 5"), so one more is
    # reserved: no lone small cell next to a known total.
    assert cells["Femenino"] == "10"
    assert set(cells.values()) <= {"10", "menos de 5", "reservado"}
    assert "Cifras finales de" in page.text()


def test_open_year_says_breakdowns_come_when_it_closes(client, data):
    page = parse(client.get(f"/indicadores/?anio={this_year()}"))
    assert page.find(id="tabla-genero") is None
    assert "se publica una sola vez, cuando el año termina" in page.text()


def test_default_year_is_the_latest_with_instruments(client, data):
    page = parse(client.get("/indicadores/"))
    assert page.find("h1").text() == f"Indicadores de participación {data}"


@pytest.mark.parametrize("year", ["abc", "1999", "\uff12\uff10\uff12\uff15", "-1", "9" * 40])
def test_bad_year_is_refused_in_spanish(client, data, year):
    response = client.get("/indicadores/", {"anio": year})
    assert response.status_code == 400
    page = parse(response)
    error = page.find(id="id_anio_error").text()
    assert error.startswith("No hay indicadores para")
    assert "elige un año de la lista" in error
    assert page.find(id="id_anio")["aria-invalid"] == "true"
    # The same request with a good year is served: the refusal came from the year.
    assert client.get("/indicadores/", {"anio": str(data)}).status_code == 200


def test_empty_site_shows_the_page(client, db):
    response = client.get("/indicadores/")
    assert response.status_code == 200
    assert "Todavía no hay cifras de participación calculadas." in response.content.decode()


def test_page_refuses_post(client, data):
    assert client.post("/indicadores/").status_code == 405


def test_page_is_the_same_signed_in(data, resident):
    response = client_for(resident).get(f"/indicadores/?anio={data}")
    assert response.status_code == 200
    assert "Estrategia Regional de Desarrollo" in response.content.decode()


def test_method_page_renders_the_docs(client, db):
    response = client.get("/indicadores/metodo/")
    assert response.status_code == 200
    page = parse(response)
    assert page.find(class_="indicators-method-document").find("h1")
    assert client.post("/indicadores/metodo/").status_code == 405


def test_page_queries_are_constant(client, data, django_assert_max_num_queries, page_cache_off):
    for index in range(5):
        instance(instrument(f"extra-{index}", data), process=ConsultationFactory())
    # 1. instruments with a year, 2. their instances with process types, 3. consultations
    # (gender publication), 4. their phases, 5. their surveys, 6. every year's totals,
    # 7. the chosen year's breakdowns.
    with django_assert_max_num_queries(7):
        response = client.get(f"/indicadores/?anio={data}")
    assert response.status_code == 200


def test_signed_in_people_get_the_shared_content_from_the_cache(data, resident):
    client = client_for(resident)
    assert client.get(f"/indicadores/?anio={data}").status_code == 200
    # The figures and the page's content come from the cache (the query-count fixtures
    # turn it off, hence CaptureQueriesContext): only the viewer's own queries remain.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/indicadores/?anio={data}")
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "planning_" not in tables
    assert "Estrategia Regional de Desarrollo" in response.content.decode()
    # A write shows at once: a new instrument of that year.
    instrument("nuevo", data, name="Política Nueva")
    assert "Política Nueva" in client.get(f"/indicadores/?anio={data}").content.decode()
