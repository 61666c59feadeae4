"""surveys.views.survey_results: /consultas/<slug>/encuesta/resultados/ (public once the
survey closes; officials preview them earlier).

With ``add_responses(survey, 10)`` the tallies are (see its docstring):
single 3/3/2/2; multiple 5/5/4/4 of 10 people; scale 1..5 twice each (average 3);
ranking Parque 21 points (average place 1.9, 4 first places), Biblioteca 20, Piscina 19;
5 short texts.
"""

import re

import pytest

from consultations.models import Consultation, Phase
from surveys.models import Survey
from tests.conftest import client_for
from tests.consultations.factories import consultation_in
from tests.surveys.factories import add_responses, make_survey

URL = "/consultas/movilidad/encuesta/resultados/"


@pytest.fixture
def consultation(db):
    return consultation_in(Phase.Kind.RESULTS, title="Movilidad", slug="movilidad")


@pytest.fixture
def closed_survey(consultation):
    return make_survey(consultation, state="closed")


def rows_of(html: str, caption: str) -> list[tuple[str, ...]]:
    """The body rows of the table whose caption contains ``caption``."""
    table = re.search(rf"<caption[^>]*>[^<]*{re.escape(caption)}.*?</table>", html, re.S)
    assert table, caption
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)[1:]:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append(tuple(cell.strip() for cell in cells))
    return rows


def test_anyone_sees_the_results_of_a_closed_survey(closed_survey, client):
    add_responses(closed_survey, 10)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "10 personas respondieron la encuesta." in html
    assert rows_of(html, "¿Cómo te mueves habitualmente?") == [
        ("Bus", "3", "30,0 %"),
        ("Tren", "3", "30,0 %"),
        ("Bicicleta", "2", "20,0 %"),
        ("A pie", "2", "20,0 %"),
    ]
    # Multiple choice: percentages of the people who answered, so they add up past 100.
    assert rows_of(html, "¿Qué mejoras priorizarías?") == [
        ("Ciclovías", "5", "50,0 %"),
        ("Veredas", "5", "50,0 %"),
        ("Paraderos", "4", "40,0 %"),
        ("Iluminación", "4", "40,0 %"),
    ]
    assert rows_of(html, "¿Qué tan seguro te sientes")[0] == ("1 · Nada seguro", "2", "20,0 %")
    assert "promedio 3,00" in html
    # Ranking: best first, by Borda points.
    assert rows_of(html, "Ordena estos proyectos") == [
        ("Parque", "21", "1,90", "4"),
        ("Biblioteca", "20", "2,00", "3"),
        ("Piscina", "19", "2,10", "3"),
    ]
    # Open text: a link to the paginated list, not the texts themselves.
    assert "Leer las 5 respuestas" in html
    assert "Barrio 0" not in html


def test_charts_are_accessible_svg_with_the_numbers_in_a_table(closed_survey, client):
    add_responses(closed_survey, 10)
    html = client.get(URL).content.decode()
    charts = re.findall(r'<svg class="chart" role="img" aria-labelledby="(grafico-\d+)"', html)
    assert len(charts) == 4  # every question but the two open ones
    for chart in charts:
        assert f'<title id="{chart}">Gráfico de barras' in html
    # Bar widths are plain numbers (never localised with a comma) and no style attribute.
    assert 'width="30.00%"' in html
    assert 'width="70.00%"' in html  # Parque: 21 of 30 possible points
    assert "style=" not in html.split("<main", 1)[1]


def test_results_of_an_empty_survey_say_so(closed_survey, client):
    html = client.get(URL).content.decode()
    assert "0 personas respondieron la encuesta." in html
    assert "Nadie respondió esta pregunta todavía." in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_results_refuse_other_methods(closed_survey, client, method):
    assert getattr(client, method)(URL).status_code == 405


def test_unknown_draft_or_surveyless_consultations_are_not_found(closed_survey, client):
    assert client.get("/consultas/otra/encuesta/resultados/").status_code == 404
    consultation_in(Phase.Kind.RESULTS, slug="sin-encuesta")
    assert client.get("/consultas/sin-encuesta/encuesta/resultados/").status_code == 404
    Consultation.objects.filter(pk=closed_survey.object_id).update(status=Consultation.Status.DRAFT)
    assert client.get(URL).status_code == 404


def test_results_wait_for_the_survey_to_close_except_for_officials(
    consultation, client, resident_client, official, official_without_2fa
):
    survey = make_survey(consultation, state="open")
    add_responses(survey, 3)
    for visitor in (client, resident_client, client_for(official_without_2fa)):
        response = visitor.get(URL)
        assert response.status_code == 403
        html = response.content.decode()
        assert "Los resultados de esta encuesta se publicarán cuando cierre" in html
        assert "<table" not in html

    response = client_for(official).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vista previa interna" in html
    assert "3 personas respondieron la encuesta." in html

    # A survey that shows its results while open shows them to everyone.
    Survey.objects.filter(pk=survey.pk).update(results_while_open=True)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Vista previa" not in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_results_queries_do_not_grow_with_data(
    closed_survey, client, django_assert_max_num_queries, count
):
    add_responses(closed_survey, count)
    # consultation, its survey, questions, options, the option/scale tally, the text
    # answer counts, the response count.
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200
    assert f"{count} personas respondieron la encuesta." in response.content.decode()


def test_a_second_visit_reuses_the_cached_tallies(closed_survey, client, django_assert_num_queries):
    add_responses(closed_survey, 3)
    client.get(URL)
    add_responses(closed_survey, 2)  # a closed survey does not change; this is a test
    # consultation, its survey, questions, options: the aggregates come from the cache.
    with django_assert_num_queries(4):
        html = client.get(URL).content.decode()
    assert "3 personas respondieron la encuesta." in html


def test_partial_results_say_when_they_are_from(consultation, client):
    survey = make_survey(consultation, state="open", results_while_open=True)
    add_responses(survey, 2)
    html = client.get(URL).content.decode()
    assert "Resultados parciales al" in html
    assert "se actualizan cada minuto" in html
