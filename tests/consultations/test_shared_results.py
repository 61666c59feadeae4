"""The results pages' content is shared by every viewer ({% shared %}, common.templatetags):
an official's preview of results not yet public never reaches a resident, and a new
answer to the consultation's proposals leaves the shared copy."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from consultations.models import Phase
from tests.conftest import client_for
from tests.consultations.factories import consultation_in
from tests.surveys.factories import make_survey

RESULTS = "/consultas/movilidad/resultados/"
SURVEY_RESULTS = "/consultas/movilidad/encuesta/resultados/"
FIGURES = 'class="survey-result"'


def test_an_officials_preview_never_reaches_a_resident(db, official, resident):
    consultation = consultation_in(Phase.Kind.INFORMATION, title="Movilidad", slug="movilidad")
    make_survey(consultation, state="upcoming")
    preview = client_for(official).get(RESULTS)
    assertContains(preview, FIGURES)
    assertContains(client_for(official).get(RESULTS), FIGURES)  # from the shared copy
    resident_page = client_for(resident).get(RESULTS)
    assertNotContains(resident_page, FIGURES)
    assertContains(resident_page, "Los resultados de la encuesta se publicarán cuando cierre")
    assert client_for(resident).get(SURVEY_RESULTS).status_code == 403


def test_the_shared_content_spares_its_queries(db, resident):
    consultation = consultation_in(Phase.Kind.INFORMATION, title="Movilidad", slug="movilidad")
    make_survey(consultation, state="closed")
    client = client_for(resident)
    for url in (RESULTS, SURVEY_RESULTS):
        with CaptureQueriesContext(connection) as rendered:
            assertContains(client.get(url), FIGURES)
        with CaptureQueriesContext(connection) as shared:
            assertContains(client.get(url), FIGURES)
        assert len(shared) < len(rendered), url
