"""deliberation.moderation_views.blocks and lift_block: GET /moderacion/bloqueos/ and
POST /moderacion/bloqueos/<id>/levantar/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEntry, Notification
from deliberation.actions import do_block_person
from deliberation.models import Block
from tests.conftest import client_for, login_next
from tests.deliberation.helpers import messages_of
from tests.deliberation.moderation_cases import parse
from tests.factories import UserFactory

URL = "/moderacion/bloqueos/"


def lift_url(block: Block) -> str:
    return f"{URL}{block.pk}/levantar/"


@pytest.fixture
def block(moderator, resident):
    return do_block_person(
        moderator,
        person=resident,
        reason="Insultos reiterados",
        until=timezone.now() + timedelta(days=3),
    )


def test_moderator_lists_the_blocks_in_force(block, moderator, other_resident):
    do_block_person(moderator, person=other_resident, reason="Spam")
    do_block_person(
        moderator,
        person=UserFactory(display_name="Terminado"),
        reason="Viejo",
        until=timezone.now() - timedelta(days=1),
    )
    lifted = do_block_person(moderator, person=UserFactory(display_name="Levantado"), reason="x")
    Block.objects.filter(pk=lifted.pk).update(lifted_at=timezone.now())
    response = client_for(moderator).get(URL)
    assert response.status_code == 200
    rows = parse(response).one("tbody").all("tr")
    assert [row.one("th").text().split(" #")[0] for row in rows] == ["Jorge", "Camila"]
    assert "Indefinido" in rows[0].text()
    assert "Insultos reiterados" in rows[1].text()
    assert rows[1].one("form")["action"] == lift_url(block)
    assertNotContains(response, "Terminado")


def test_nobody_blocked_says_so(moderator):
    assertContains(client_for(moderator).get(URL), "Nadie está bloqueado ahora.")


def test_moderator_lifts_a_block(block, moderator, resident):
    response = client_for(moderator).post(lift_url(block))
    assert response.status_code == 302
    assert response.url == URL
    assert messages_of(response) == ["El bloqueo quedó levantado; le avisamos a la persona."]
    block.refresh_from_db()
    assert block.lifted_at is not None
    assert block.lifted_by == moderator
    assert Notification.objects.filter(recipient=resident, kind="deliberation.unblocked").exists()
    assert AuditEntry.objects.filter(action="moderation.unblock").exists()
    assertNotContains(client_for(moderator).get(URL), "Insultos reiterados")
    # Lifting again changes nothing.
    assert client_for(moderator).post(lift_url(block)).status_code == 302
    assert AuditEntry.objects.filter(action="moderation.unblock").count() == 1


def test_unknown_block_is_not_found(moderator):
    assert client_for(moderator).post(f"{URL}999/levantar/").status_code == 404


def test_wrong_method(block, moderator):
    assert client_for(moderator).post(URL).status_code == 405
    assert client_for(moderator).get(lift_url(block)).status_code == 405


def test_anonymous_is_sent_to_login(client, block):
    assert login_next(client.get(URL)) == URL
    assert login_next(client.post(lift_url(block))) == URL
    block.refresh_from_db()
    assert block.lifted_at is None


def test_resident_is_forbidden(block, other_resident):
    assert client_for(other_resident).get(URL).status_code == 403
    assert client_for(other_resident).post(lift_url(block)).status_code == 403
    block.refresh_from_db()
    assert block.lifted_at is None


def test_moderator_without_second_factor_is_sent_to_set_it_up(moderator_without_2fa, block):
    assert client_for(moderator_without_2fa).get(URL).url == "/cuenta/2fa/totp/activate/"


def test_pages_of_blocks(moderator):
    for n in range(55):
        do_block_person(moderator, person=UserFactory(display_name=f"P{n}"), reason="r")
    client = client_for(moderator)
    first = parse(client.get(URL))
    assert len(first.one("tbody").all("tr")) == 50
    second = parse(client.get(URL + first.one("a", rel="next")["href"]))
    assert len(second.one("tbody").all("tr")) == 5
    assert second.one("a", rel="next") is None
    # A malformed cursor shows the first page.
    assert len(parse(client.get(URL + "?despues=x")).one("tbody").all("tr")) == 50


@pytest.mark.parametrize("count", [1, 20])
def test_queries_stay_constant(count, moderator, django_assert_num_queries):
    for n in range(count):
        do_block_person(moderator, person=UserFactory(display_name=f"P{n}"), reason="r")
    client = client_for(moderator)
    # 1 user, 2 TOTP, 3 the blocks (people and moderators), 4 unread notifications,
    # 5 the header's open cases.
    with django_assert_num_queries(5):
        client.get(URL)
