"""consultations.views.publish_devolution and devolution.check_publish_devolution:
POST /consultas/<slug>/devolucion/publicar/."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification
from consultations.devolution import check_publish_devolution
from consultations.models import Consultation
from planning.models import Devolution, ParticipatoryInstance
from surveys.models import Response, Survey
from tests.conftest import client_for, login_next, with_totp
from tests.consultations.devolution_fixtures import URL, consultation, proposal, section
from tests.consultations.factories import SupportFactory
from tests.factories import DivisionFactory, UserFactory
from tests.planning.factories import comment_on

__all__ = ["consultation", "proposal", "section"]

PUBLISH = f"{URL}publicar/"


def told(person) -> int:
    return Notification.objects.filter(recipient=person, kind="planning.devolution").count()


@pytest.fixture
def participants(consultation, proposal, other_resident):
    supporter, commenter, respondent = UserFactory.create_batch(3)
    SupportFactory(proposal=proposal, user=supporter)
    comment_on(consultation, author=commenter)
    survey = Survey.objects.create(
        content_type=ContentType.objects.get_for_model(Consultation),
        object_id=consultation.pk,
        title="Encuesta",
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() - timedelta(days=1),
    )
    Response.objects.create(survey=survey, respondent=respondent)
    return [other_resident, supporter, commenter, respondent]


def test_editor_publishes_and_every_participant_is_told_once(
    official, consultation, section, participants
):
    instance = ParticipatoryInstance.objects.create(
        instrument=section.instrument,
        title="Consulta Ciclovías",
        kind=ParticipatoryInstance.Kind.CONSULTATION,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 1),
        process_type=ContentType.objects.get_for_model(Consultation),
        process_id=consultation.pk,
    )
    client = client_for(official)
    response = client.post(PUBLISH, {"introduction": "Gracias por participar."})
    assert response.status_code == 302
    assert response.url == URL
    devolution = Devolution.objects.get()
    assert (devolution.published_by, devolution.introduction) == (
        official,
        "Gracias por participar.",
    )
    assert [told(person) for person in participants] == [1, 1, 1, 1]
    assert told(official) == 0
    instance.refresh_from_db()
    assert instance.devolution_sent_on is not None
    # A second publication is refused: nobody is told twice.
    response = client.post(PUBLISH, {"introduction": "Otra vez"})
    assert response.status_code == 400
    assert "La devolución de esta consulta ya está publicada." in response.content.decode()
    assert [told(person) for person in participants] == [1, 1, 1, 1]


def test_refused_introduction_keeps_what_was_typed(official, consultation):
    text = "x" * 5001
    response = client_for(official).post(PUBLISH, {"introduction": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "La introducción tiene 5001 caracteres; el máximo es 5000." in html
    assert text in html
    assert not Devolution.objects.exists()
    # The refusal came from the length: a valid one publishes.
    assert client_for(official).post(PUBLISH, {"introduction": "Breve"}).status_code == 302


def test_anonymous_is_sent_to_login(client, consultation):
    response = client.post(PUBLISH)
    assert login_next(response) == consultation.get_absolute_url()
    assert not Devolution.objects.exists()


def test_resident_is_forbidden(resident, consultation):
    assert client_for(resident).post(PUBLISH).status_code == 403
    assert not Devolution.objects.exists()


def test_official_of_another_division_does_not_find_it(consultation):
    stranger = with_totp(
        UserFactory(is_official=True, division=DivisionFactory(name="Otra", acronym="OTRA"))
    )
    assert client_for(stranger).post(PUBLISH).status_code == 404
    assert not Devolution.objects.exists()


def test_moderator_cannot_publish(moderator, consultation):
    assert client_for(moderator).post(PUBLISH).status_code == 403
    with pytest.raises(PermissionDenied):
        check_publish_devolution(moderator, consultation=consultation)


def test_publish_refuses_get(official, consultation):
    assert client_for(official).get(PUBLISH).status_code == 405


def test_unpublished_consultation_is_refused(official, consultation):
    consultation.status = Consultation.Status.DRAFT
    consultation.save()
    with pytest.raises(ValidationError) as refused:
        check_publish_devolution(official, consultation=consultation)
    assert refused.value.messages == ["La consulta todavía no está publicada."]


def test_publish_without_second_factor_is_forbidden(official_without_2fa, consultation):
    with pytest.raises(PermissionDenied):
        check_publish_devolution(official_without_2fa, consultation=consultation)
