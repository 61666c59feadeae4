"""The profile page (accounts.views.profile) of a verified person: where the residence was
verified, and what changing the profile comuna does (it is allowed and keeps the
verification, which stays with the verified comuna)."""

import pytest
from django.utils import timezone

from accounts.models import Comuna, User
from tests.conftest import client_for
from tests.factories import UserFactory

URL = "/cuenta/perfil/"
QUILPUE, OLMUE = "05801", "05803"
MOVED = (
    "Tu perfil dice que vives en Olmué, pero tu residencia está verificada en Quilpué: en las "
    "consultas para residentes verificados cuenta Quilpué. Si te cambiaste, pide una nueva "
    "verificación con tu cédula en una oficina del Gobierno Regional."
)
COMUNA_HELP = (
    "Tu residencia está verificada en Quilpué. Si cambias de comuna, la verificación sigue "
    "siendo de Quilpué: las consultas para residentes verificados la siguen considerando "
    "hasta que verifiques la nueva en una oficina del Gobierno Regional."
)


@pytest.fixture
def verified_in_quilpue(db):
    return UserFactory(
        display_name="Camila",
        comuna=Comuna.objects.get(pk=QUILPUE),
        rut="12345678-5",
        is_verified_resident=True,
        verified_at=timezone.now(),
    )


def profile_data(**overrides) -> dict:
    return {
        "display_name": "Camila",
        "comuna": OLMUE,
        "gender": "",
        "age_range": "",
        "email_frequency": "daily",
        **overrides,
    }


def test_a_verified_person_reads_where_and_is_warned_before_changing_it(verified_in_quilpue):
    html = client_for(verified_in_quilpue).get(URL).content.decode()
    assert '<span class="status status--ok">Residencia verificada en Quilpué</span>' in html
    assert COMUNA_HELP in html
    assert MOVED not in html


def test_changing_the_comuna_keeps_the_verification_where_it_was(verified_in_quilpue):
    client = client_for(verified_in_quilpue)
    response = client.post(URL, profile_data())
    assert response.status_code == 302
    person = User.objects.get(pk=verified_in_quilpue.pk)
    assert (person.comuna_id, person.is_verified_resident, person.verified_comuna_id) == (
        OLMUE,
        True,
        QUILPUE,
    )
    html = client.get(URL).content.decode()
    assert "Residencia verificada en Quilpué" in html
    assert MOVED in html

    # Back to Quilpué (a slip of the finger): nothing to warn about.
    client.post(URL, profile_data(comuna=QUILPUE))
    assert MOVED not in client.get(URL).content.decode()


def test_a_refused_save_describes_the_saved_profile(verified_in_quilpue):
    # Olmué was typed but the form was refused: the page must not say it is the profile's.
    response = client_for(verified_in_quilpue).post(URL, profile_data(display_name="C"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "El nombre público debe tener al menos 2 caracteres." in html
    assert MOVED not in html
    assert '<option value="05803" selected>Olmué</option>' in html  # what was typed stays
    assert User.objects.get(pk=verified_in_quilpue.pk).comuna_id == QUILPUE


def test_a_cleared_comuna_leaves_the_verified_one(verified_in_quilpue):
    client = client_for(verified_in_quilpue)
    assert client.post(URL, profile_data(comuna="")).status_code == 302
    html = client.get(URL).content.decode()
    assert "Tu perfil no indica tu comuna; tu residencia sigue verificada en Quilpué." in html


def test_a_verification_without_a_comuna_says_so(db):
    person = UserFactory(rut="12345678-5", is_verified_resident=True, verified_comuna=None)
    html = client_for(person).get(URL).content.decode()
    assert '<span class="status status--ok">Residencia verificada</span>' in html
    assert (
        "Tu verificación no registra tu comuna: para participar en las consultas para "
        "residentes verificados, pide en una oficina del Gobierno Regional que la registren."
    ) in html


def test_an_unverified_person_reads_nothing_about_a_verified_comuna(resident_client):
    html = resident_client.get(URL).content.decode()
    assert "Residencia sin verificar" in html
    assert "verificada en" not in html


def test_the_profile_page_queries_stay_constant(verified_in_quilpue, django_assert_max_num_queries):
    User.objects.filter(pk=verified_in_quilpue.pk).update(comuna_id=OLMUE)
    client = client_for(verified_in_quilpue)
    # Session, user, unread notifications (as for anyone): comuna names come from the file.
    with django_assert_max_num_queries(3):
        assert client.get(URL).status_code == 200
