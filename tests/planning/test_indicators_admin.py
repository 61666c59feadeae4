"""The admin's "Recalcular los indicadores de participación" action on the participation
periods: administrators (second factor passed) recompute; the rows are read-only."""

import pytest

from planning.indicators.actions import do_refresh_indicators
from planning.indicators.models import ParticipationPeriod
from tests.conftest import client_for
from tests.consultations.factories import ProposalFactory
from tests.planning.indicators_helpers import moment, this_year

pytestmark = pytest.mark.django_db
URL = "/admin/planning/participationperiod/"


def test_administrator_recomputes_from_the_admin(admin):
    ProposalFactory(created_at=moment(this_year()))
    do_refresh_indicators()
    ProposalFactory(created_at=moment(this_year()))
    period = ParticipationPeriod.objects.get(year=this_year())
    client = client_for(admin)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, {"action": "refresh_indicators", "_selected_action": [period.pk]}, follow=True
    )
    assert response.status_code == 200
    assert f"Cifras de {this_year()} recalculadas." in response.content.decode()
    assert period.cells.get(month=0, dimension="total").participants == 2


def test_the_figures_cannot_be_edited_by_hand(admin):
    do_refresh_indicators()
    period = ParticipationPeriod.objects.get(year=this_year())
    client = client_for(admin)
    assert client.get(f"{URL}add/").status_code == 403
    page = client.get(f"{URL}{period.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_residents_and_sessions_without_the_second_factor_are_kept_out(resident, admin):
    assert client_for(resident).get(URL).status_code == 302
    assert client_for(admin, second_factor=False).get(URL).status_code in {302, 403}
