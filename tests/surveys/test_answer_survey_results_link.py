"""surveys.views.answer_survey: the page that says why someone cannot answer offers "Ver los
resultados de la encuesta" only when they may read the results
(``surveys.access.may_see_survey_results``): not on a survey that has not opened yet and
publishes its results when it closes."""

import pytest

from consultations.models import Phase
from tests.conftest import client_for
from tests.consultations.factories import consultation_in
from tests.surveys.factories import make_survey

URL = "/consultas/movilidad/encuesta/"
LINK = '<a class="button button--secondary" href="/consultas/movilidad/encuesta/resultados/">'


@pytest.fixture
def consultation(db):
    return consultation_in(Phase.Kind.INFORMATION, title="Movilidad", slug="movilidad")


def test_an_upcoming_survey_with_results_at_closing_offers_no_results(
    consultation, resident_client
):
    make_survey(consultation, state="upcoming")
    response = resident_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "La encuesta abre el" in html
    assert "Ver los resultados de la encuesta" not in html
    # And the link would have led to a refusal.
    assert resident_client.get(f"{URL}resultados/").status_code == 403


def test_an_upcoming_survey_showing_results_while_open_offers_them(consultation, resident_client):
    make_survey(consultation, state="upcoming", results_while_open=True)
    assert LINK in resident_client.get(URL).content.decode()


def test_a_closed_survey_offers_its_results(consultation, resident_client):
    make_survey(consultation, state="closed")
    assert LINK in resident_client.get(URL).content.decode()


def test_the_consultations_officials_may_preview_the_results_of_an_upcoming_one(
    consultation, official
):
    make_survey(consultation, state="upcoming")
    assert LINK in client_for(official).get(URL).content.decode()
