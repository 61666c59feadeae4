"""surveys.privacy: a person's survey answers in their export; deletion removes their texts."""

from consultations.models import Phase
from surveys.models import Answer, Question, Response
from surveys.privacy import anonymise_survey_responses, export_survey_responses
from tests.consultations.factories import consultation_in
from tests.factories import UserFactory
from tests.surveys.factories import add_responses, make_survey


def test_export_lists_the_persons_answers(db, resident, other_resident):
    survey = make_survey(consultation_in(Phase.Kind.RESULTS, title="Movilidad", slug="m"))
    add_responses(survey, 2, people=[resident, other_resident])
    exported = export_survey_responses(resident)
    assert len(exported) == 1
    assert exported[0]["consultation"] == "Movilidad"
    answers = {item["question"]: item["answer"] for item in exported[0]["answers"]}
    assert answers["¿Cómo te mueves habitualmente?"] == ["Bus"]
    assert answers["¿Qué mejoras priorizarías?"] == ["Ciclovías"]
    assert answers["Ordena estos proyectos"] == ["Parque", "Biblioteca", "Piscina"]
    assert answers["¿Qué tan seguro te sientes en el transporte público?"] == 1
    assert answers["Una palabra para tu barrio"] == "Barrio 0"
    assert export_survey_responses(other_resident)[0]["answers"] != exported[0]["answers"]


def test_deleting_an_account_removes_its_texts_but_keeps_its_choices(db, resident, other_resident):
    survey = make_survey(consultation_in(Phase.Kind.RESULTS, slug="m"))
    # Persons 0 and 2 write a short text ("Barrio 0", "Barrio 2").
    add_responses(survey, 3, people=[resident, UserFactory(), other_resident])
    before = Answer.objects.filter(response__respondent=resident).count()
    anonymise_survey_responses(resident)
    mine = Answer.objects.filter(response__respondent=resident)
    assert mine.count() == before - 1
    assert not mine.filter(question__kind__in=Question.TEXT_KINDS).exists()
    assert Response.objects.filter(respondent=resident).exists()
    # Someone else's text stays.
    assert Answer.objects.filter(response__respondent=other_resident, text="Barrio 2").exists()


def test_the_download_and_the_deletion_views_use_the_survey_sections(db, resident):
    from tests.conftest import client_for

    survey = make_survey(consultation_in(Phase.Kind.RESULTS, title="Movilidad", slug="m"))
    add_responses(survey, 1, people=[resident])
    client = client_for(resident)
    data = client.get("/cuenta/privacidad/exportar/").json()
    assert data["survey_responses"][0]["consultation"] == "Movilidad"
    response = client.post(
        "/cuenta/privacidad/eliminar/",
        {"password": "contraseña-de-prueba-123", "confirm": "on"},
    )
    assert response.status_code == 302
    assert not Answer.objects.filter(
        response__respondent=resident, question__kind__in=Question.TEXT_KINDS
    ).exists()
