"""Verifying a resident compares the RUT the official saw with the person's current RUT
(accounts.views.set_verification, actions.check_set_verified_resident): the page sends it
in a hidden field, and the action reads the person's row under a lock."""

import threading

import pytest
from django.db import connection, connections, transaction

from accounts.actions import check_set_verified_resident
from accounts.models import Notification, User
from tests.conftest import with_totp
from tests.factories import DivisionFactory, UserFactory

RUT_CHANGED = (
    "Esta persona cambió su RUT mientras revisabas su cédula, así que no se verificó. "
    "Revisa el RUT que aparece ahora y compáralo de nuevo con la cédula."
)


@pytest.fixture
def resident_with_rut(resident):
    resident.rut = "12345678-5"
    resident.save()
    return resident


def url_for(person) -> str:
    return f"/cuenta/verificacion/{person.pk}/"


def test_the_page_sends_the_rut_the_official_sees(resident_with_rut, official_client):
    html = official_client.get("/cuenta/verificacion/", {"q": "12.345.678-5"}).content.decode()
    assert '<input type="hidden" name="rut" value="12345678-5">' in html
    assert "<dd>12.345.678-5</dd>" in html


def test_a_rut_changed_after_the_page_was_shown_is_not_verified(resident_with_rut, official_client):
    # The official compared 12.345.678-5 with the card; then the person edited the profile.
    User.objects.filter(pk=resident_with_rut.pk).update(rut="11111111-1")
    response = official_client.post(
        url_for(resident_with_rut), {"verified": "1", "rut": "12345678-5", "comuna": "05101"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert RUT_CHANGED in html
    # The page shows the person as they are now, with the new RUT to compare.
    assert "<dd>11.111.111-1</dd>" in html
    assert '<input type="hidden" name="rut" value="11111111-1">' in html
    resident_with_rut.refresh_from_db()
    assert not resident_with_rut.is_verified_resident
    assert not Notification.objects.exists()

    # Compared again with the card, the RUT now shown is verified.
    response = official_client.post(
        url_for(resident_with_rut), {"verified": "1", "rut": "11.111.111-1", "comuna": "05101"}
    )
    assert response.status_code == 302
    resident_with_rut.refresh_from_db()
    assert resident_with_rut.is_verified_resident


@pytest.mark.parametrize("sent", [None, "", "no es un rut", "12345678-6"])
def test_a_missing_or_malformed_rut_is_not_verified(resident_with_rut, official_client, sent):
    data = {"verified": "1"} if sent is None else {"verified": "1", "rut": sent}
    response = official_client.post(url_for(resident_with_rut), data)
    assert response.status_code == 409
    assert RUT_CHANGED in response.content.decode()
    resident_with_rut.refresh_from_db()
    assert not resident_with_rut.is_verified_resident


def test_revoking_needs_no_rut(resident_with_rut, official_client):
    resident_with_rut.is_verified_resident = True
    resident_with_rut.save()
    response = official_client.post(url_for(resident_with_rut), {"verified": "0"})
    assert response.status_code == 302
    resident_with_rut.refresh_from_db()
    assert not resident_with_rut.is_verified_resident


# --- Under a row lock (PostgreSQL: SQLite serialises every write) ---------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite serialises every write, so there is no race to test.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rut_change_committing_during_the_verification_is_seen():
    """The profile change holds the person's row when the official's request arrives:
    the verification waits for it and then reads the new RUT (a plain read would have
    seen the old, still committed RUT and verified it)."""
    person = UserFactory(rut="12345678-5")
    official = with_totp(UserFactory(is_official=True, division=DivisionFactory()))
    changing, results = threading.Event(), []

    def change_rut() -> None:
        try:
            with transaction.atomic():
                User.objects.select_for_update().get(pk=person.pk)
                User.objects.filter(pk=person.pk).update(rut="11111111-1")
                changing.set()
                # Keep the row locked while the official's request starts.
                threading.Event().wait(0.5)
        finally:
            connections.close_all()

    def verify() -> None:
        try:
            changing.wait(10)
            check_set_verified_resident(official, person, verified=True, rut="12345678-5")
            results.append("verified")
        except Exception as error:  # the refusal is the expected outcome
            results.append(getattr(error, "messages", [repr(error)])[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change_rut), threading.Thread(target=verify)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [RUT_CHANGED]
    person.refresh_from_db()
    assert (person.rut, person.is_verified_resident) == ("11111111-1", False)
