"""consultations.views.close_phase and actions.check_close_phase:
POST /consultas/<slug>/fases/<kind>/cerrar/ ends a running phase now."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied

from consultations.actions import check_close_phase
from consultations.models import Phase
from tests.conftest import client_for, login_next, with_totp
from tests.factories import DivisionFactory, UserFactory

URL = "/consultas/ciclovias/fases/supports/cerrar/"


def last_message(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def supports_phase(consultation) -> Phase:
    return consultation.phases.get(kind=Phase.Kind.SUPPORTS)


def test_official_closes_a_running_phase_early(
    official_client, supports_consultation, resident, proposal
):
    html = official_client.get("/consultas/ciclovias/").content.decode()
    assert f'action="{URL}"' in html
    response = official_client.post(URL)
    assert response.status_code == 302
    assert response.url == "/consultas/ciclovias/"
    assert last_message(response) == "Cerraste la fase de apoyos. Ya no está en curso."
    phase = supports_phase(supports_consultation)
    assert phase.closed_at is not None
    assert not phase.is_active()
    html = official_client.get("/consultas/ciclovias/").content.decode()
    assert "Se cerró anticipadamente el" in html
    # What the phase allowed stops at once.
    response = client_for(resident).post(f"{proposal.get_absolute_url()}apoyar/")
    assert last_message(response) == "La fase de apoyos está cerrada: los apoyos ya no cambian."


def test_closing_a_phase_that_is_not_running_is_explained(official_client, proposals_consultation):
    response = official_client.post("/consultas/parques/fases/supports/cerrar/")
    assert last_message(response) == "Esta fase no está en curso: no hay nada que cerrar."
    assert supports_phase(proposals_consultation).closed_at is None


def test_an_unknown_phase_is_not_found(official_client, supports_consultation):
    assert official_client.post("/consultas/ciclovias/fases/results/cerrar/").status_code == 404
    assert official_client.post("/consultas/ciclovias/fases/nada/cerrar/").status_code == 404


@pytest.mark.parametrize("persona", ["resident", "moderator", "admin"])
def test_people_who_are_not_officials_are_refused(request, supports_consultation, persona):
    assert client_for(request.getfixturevalue(persona)).post(URL).status_code == 403
    assert supports_phase(supports_consultation).closed_at is None


def test_residents_see_no_close_button(resident_client, supports_consultation):
    assert "/cerrar/" not in resident_client.get("/consultas/ciclovias/").content.decode()


def test_official_without_2fa_is_sent_to_set_it_up(
    official_without_2fa, official, supports_consultation
):
    response = client_for(official_without_2fa).post(URL)
    assert response.url == "/cuenta/2fa/totp/activate/"
    assert supports_phase(supports_consultation).closed_at is None
    client_for(official).post(URL)
    assert supports_phase(supports_consultation).closed_at is not None


def test_official_of_another_division_does_not_find_it(supports_consultation):
    outsider = with_totp(UserFactory(is_official=True, division=DivisionFactory()))
    assert client_for(outsider).post(URL).status_code == 404


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_consultation(
    client, supports_consultation
):
    assert login_next(client.post(URL)) == "/consultas/ciclovias/"


def test_close_refuses_get(official_client, supports_consultation):
    assert official_client.get(URL).status_code == 405


def test_action_requires_an_acting_official(official_without_2fa, supports_consultation):
    with pytest.raises(PermissionDenied):
        check_close_phase(official_without_2fa, phase=supports_phase(supports_consultation))


def test_action_refuses_an_official_of_another_division(official, supports_consultation):
    outsider = with_totp(UserFactory(is_official=True, division=DivisionFactory(name="Otra")))
    phase = supports_phase(supports_consultation)
    with pytest.raises(PermissionDenied):
        check_close_phase(outsider, phase=phase)
    phase.refresh_from_db()
    assert phase.closed_at is None
    assert check_close_phase(official, phase=phase).closed_at is not None
