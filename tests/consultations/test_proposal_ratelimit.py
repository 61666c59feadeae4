"""The "proposal" rate limit, through consultations.views.create_proposal: refused with
the Spanish sentence and the form again with everything typed (429), counted per person;
publishing works again once the window turns."""

import pytest

from consultations import rules
from consultations.models import Proposal
from deliberation import ratelimits
from tests.conftest import client_for

URL = "/consultas/parques/propuestas/nueva/"
VALID = {
    "title": "Un parque en el cerro Barón",
    "body": "Con árboles nativos y juegos.",
    "comuna": "05101",
    "latitude": "-33.0392",
    "longitude": "-71.6072",
}


@pytest.fixture
def limited(settings):
    settings.CABILDO_RATE_LIMITS = {**settings.CABILDO_RATE_LIMITS, "proposal": "2/h"}


def test_proposing_too_often_is_refused_with_the_form_kept(
    resident_client, proposals_consultation, limited
):
    for number in range(2):
        data = {**VALID, "title": f"Propuesta {number}"}
        assert resident_client.post(URL, data).status_code == 302
    response = resident_client.post(URL, {**VALID, "title": "La tercera, pensada"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Estás publicando muy seguido. Espera" in html
    assert "tu texto sigue aquí" in html
    form = response.context["form"]
    assert form["title"].value() == "La tercera, pensada"
    assert form["body"].value() == "Con árboles nativos y juegos."
    assert form["comuna"].value() == "05101"
    assert form["latitude"].value() == "-33.0392"
    assert 'value="La tercera, pensada"' in html
    assert Proposal.objects.count() == 2


def test_the_limit_is_per_person(resident_client, other_resident, proposals_consultation, limited):
    for number in range(2):
        resident_client.post(URL, {**VALID, "title": f"Propuesta {number}"})
    response = client_for(other_resident).post(URL, {**VALID, "title": "De otra persona"})
    assert response.status_code == 302


def test_a_refusal_by_the_rules_is_not_counted(
    resident_client, proposals_consultation, limited, monkeypatch
):
    closed = [True]
    refusal = rules.proposing_refusal
    monkeypatch.setattr(
        rules,
        "proposing_refusal",
        lambda user, consultation: "Cerrada." if closed[0] else refusal(user, consultation),
    )
    for _ in range(3):
        assert resident_client.post(URL, VALID).status_code == 400
    closed[0] = False
    for number in range(2):
        data = {**VALID, "title": f"Propuesta {number}"}
        assert resident_client.post(URL, data).status_code == 302


def test_proposing_works_again_once_the_window_turns(
    resident_client, proposals_consultation, limited, monkeypatch
):
    now = [7200.0]
    monkeypatch.setattr(ratelimits.time, "time", lambda: now[0])
    for number in range(3):
        resident_client.post(URL, {**VALID, "title": f"Propuesta {number}"})
    now[0] += 3600
    # The same request, refused a moment ago: the refusal came from the limit.
    assert resident_client.post(URL, {**VALID, "title": "Propuesta 2"}).status_code == 302
    assert Proposal.objects.filter(title="Propuesta 2").exists()
