"""common.pagecache: whole pages for anonymous visitors, invalidated by any shared write.

The pages are real ones (the proposals list, a proposal, the home page); the cache is
the tests' local-memory one (one process, as ``make run``).
"""

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from common import pagecache
from consultations.models import Proposal
from tests.conftest import client_for
from tests.consultations.factories import ProposalFactory

LIST_URL = "/consultas/ciclovias/propuestas/"


def served(client, url: str, **extra):
    """The answer and the SQL queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(proposal):
    first, _ = served(Client(), LIST_URL)
    assert first[pagecache.HEADER] == "miss"
    second, queries = served(Client(), LIST_URL)
    assert second[pagecache.HEADER] == "hit"
    assert queries == 0  # no session, no user, no page query
    assert second.content == first.content.replace(  # only the CSRF token differs
        _token_of(first), _token_of(second)
    )
    assertContains(second, "Ciclovía por la costanera")


def test_an_anonymous_visitor_with_a_session_is_served_without_queries(proposal, client):
    client.get(LIST_URL + "?orden=aleatorio")  # the "al azar" order starts a session
    assert settings.SESSION_COOKIE_NAME in client.cookies
    client.get(LIST_URL)
    response, queries = served(client, LIST_URL)
    assert response[pagecache.HEADER] == "hit"
    assert queries == 0  # the session comes from the cache (cached_db)


def _token_of(response) -> bytes:
    marker = b'name="csrfmiddlewaretoken" value="'
    start = response.content.index(marker) + len(marker)
    return response.content[start : start + 64]


def test_hidden_proposal_leaves_the_cached_pages(proposal, moderator, client):
    for url in (LIST_URL, proposal.get_absolute_url(), "/"):
        client.get(url)
        assert client.get(url)[pagecache.HEADER] == "hit"
    response = client_for(moderator).post(
        f"/conversaciones/aportes/propuesta/{proposal.pk}/ocultar/", {"reason": "Spam"}
    )
    assert response.status_code == 302
    listing = client.get(LIST_URL)
    assert listing[pagecache.HEADER] == "miss"
    assertNotContains(listing, "Ciclovía por la costanera")
    page = client.get(proposal.get_absolute_url())
    assertContains(page, "Propuesta oculta por moderación")
    assertNotContains(page, proposal.body)


def test_any_write_even_outside_the_actions_invalidates(proposal, client):
    client.get(LIST_URL)
    Proposal.objects.filter(pk=proposal.pk).update(title="Título cambiado en el admin")
    response = client.get(LIST_URL)
    assert response[pagecache.HEADER] == "miss"
    assertContains(response, "Título cambiado en el admin")


def test_unshared_writes_leave_the_cache_alone(proposal, resident, client):
    client.get(LIST_URL)
    client_for(resident)  # a sign-in: session row, last_login
    from accounts.models import Notification

    Notification.objects.create(recipient=resident, kind="k", subject="S")
    assert client.get(LIST_URL)[pagecache.HEADER] == "hit"


def test_each_language_has_its_own_copy(proposal):
    spanish = Client()
    english = Client(headers={"accept-language": "en"})
    assertContains(spanish.get(LIST_URL), "Propuestas")
    response = english.get(LIST_URL)
    assert response[pagecache.HEADER] == "miss"
    assertContains(response, "Proposals")
    assertContains(english.get(LIST_URL), '<html lang="en">')
    assertContains(spanish.get(LIST_URL), '<html lang="es-CL">')


def test_signed_in_people_are_never_served_the_anonymous_copy(proposal, resident, client):
    client.get(LIST_URL)
    assert client.get(LIST_URL)[pagecache.HEADER] == "hit"
    response = client_for(resident).get(LIST_URL)
    assert pagecache.HEADER not in response
    assertContains(response, "Mi perfil")
    assertNotContains(response, "Ingresar")


def test_a_visitor_with_messages_waiting_gets_the_page_rendered(proposal, client):
    client.get(LIST_URL)
    client.cookies["messages"] = "whatever"
    assert pagecache.HEADER not in client.get(LIST_URL)


def test_cached_page_carries_the_visitors_own_csrf_token(proposal):
    Client().get("/")  # stored
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert page[pagecache.HEADER] == "hit"
    token = _token_of(page).decode()
    response = visitor.post(
        "/idioma/", {"csrfmiddlewaretoken": token, "language": "en", "next": "/"}
    )
    assert response.status_code == 302  # the token matches this visitor's cookie


def test_random_order_is_cached_per_seed_only(proposal, client):
    url = LIST_URL + "?orden=aleatorio"
    first = client.get(url)
    assert pagecache.HEADER not in first  # no seed yet: the page makes it
    assert client.get(url)[pagecache.HEADER] == "miss"
    assert client.get(url)[pagecache.HEADER] == "hit"
    assert pagecache.HEADER not in Client().get(url)  # another visitor: a seed of their own


def test_not_found_and_refusals_are_not_stored(db, client):
    for _ in range(2):
        response = client.get("/consultas/no-existe/propuestas/")
        assert response.status_code == 404
        assert pagecache.HEADER not in response


def test_while_redis_is_unreachable_nothing_is_served_from_the_cache(proposal, client, monkeypatch):
    client.get(LIST_URL)
    monkeypatch.setattr(pagecache, "_shared", lambda: False)
    assert pagecache.HEADER not in client.get(LIST_URL)
    # A write now cannot reach the others: repeated once Redis answers again.
    ProposalFactory(consultation=proposal.consultation, title="Escrita sin Redis")
    assert pagecache._pending.is_set()
    monkeypatch.setattr(pagecache, "_shared", lambda: True)
    response = client.get(LIST_URL)
    assert not pagecache._pending.is_set()
    assert response[pagecache.HEADER] == "miss"
    assertContains(response, "Escrita sin Redis")


def test_a_lost_generation_never_matches_pages_stored_before(proposal, client):
    from django.core.cache import cache

    client.get(LIST_URL)
    cache.delete(pagecache.GENERATION_KEY)
    assert pagecache.HEADER not in client.get(LIST_URL)  # rendered, generation restarted
    generation = cache.get(pagecache.GENERATION_KEY)
    assert generation > 10**18  # the clock's nanoseconds, not 1
    assert client.get(LIST_URL)[pagecache.HEADER] == "miss"


def test_off_with_zero_seconds(proposal, client, page_cache_off):
    client.get(LIST_URL)
    assert pagecache.HEADER not in client.get(LIST_URL)


@pytest.mark.parametrize(
    ("sql", "shared"),
    [
        ('INSERT INTO "consultations_proposal" ("title") VALUES (%s)', True),
        ('UPDATE "deliberation_comment" SET "body" = %s', True),
        ('DELETE FROM "consultations_support" WHERE id = 1', True),
        ('  update "accounts_user" SET "display_name" = %s WHERE "id" = 1', True),
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = 1', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('INSERT INTO "accounts_notification" ("kind") VALUES (%s)', False),
        ('SELECT * FROM "consultations_proposal"', False),
        ('SELECT 1 FROM "consultations_proposal" FOR UPDATE', False),
    ],
)
def test_which_statements_are_shared_writes(sql, shared):
    assert pagecache._is_shared_write(sql) is shared


def test_a_transaction_bumps_once_more_after_commit(proposal):
    with transaction.atomic():
        ProposalFactory(consultation=proposal.consultation)
        ProposalFactory(consultation=proposal.consultation)
        after_commit = [func for _sids, func, _robust in connection.run_on_commit]
    assert after_commit.count(pagecache.bump) == 1


# --- Shared fragments: the proposals list's cards for signed-in people ---------------------


def test_signed_in_viewers_share_the_cards_but_see_their_own_buttons(
    proposal, resident, other_resident
):
    supporter = client_for(resident)
    supporter.post(f"{proposal.get_absolute_url()}apoyar/")
    viewer = client_for(other_resident)
    for _ in range(2):  # the second time, the cards come from the cache
        assertContains(supporter.get(LIST_URL), "Quitar apoyo")
        page = viewer.get(LIST_URL)
        assertNotContains(page, "Quitar apoyo")
        assertContains(page, "Apoyar<span")
    assertContains(page, "Ciclovía por la costanera")


def test_cached_cards_spare_the_list_its_queries(proposal, resident):
    client = client_for(resident)
    _, rendered = served(client, LIST_URL)
    _, from_cache = served(client, LIST_URL)
    assert from_cache <= rendered - 3  # ids, rows, topics (and the count) not read again


def test_hidden_proposal_leaves_the_cached_cards(proposal, resident, moderator):
    client = client_for(resident)
    client.get(LIST_URL)
    assertContains(client.get(LIST_URL), "Ciclovía por la costanera")
    client_for(moderator).post(
        f"/conversaciones/aportes/propuesta/{proposal.pk}/ocultar/", {"reason": "Spam"}
    )
    assertNotContains(client.get(LIST_URL), "Ciclovía por la costanera")


def test_a_pending_proposal_read_from_the_cache_stays_its_authors(
    supports_consultation, resident, other_resident
):
    pending = ProposalFactory(
        consultation=supports_consultation,
        author=resident,
        moderation_status=Proposal.ModerationStatus.PENDING,
    )
    url = pending.get_absolute_url()
    assert client_for(resident).get(url).status_code == 200  # the row is now cached
    assert client_for(resident).get(url).status_code == 200
    assert client_for(other_resident).get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_the_api_is_cached_for_anonymous_readers_and_drops_hidden_proposals(proposal, moderator):
    url = "/api/v1/consultations/ciclovias/proposals/"
    Client().get(url)
    response = Client().get(url)
    assert response[pagecache.HEADER] == "hit"
    assert response["Content-Type"] == "application/json"
    assert [item["title"] for item in response.json()["items"]] == ["Ciclovía por la costanera"]
    client_for(moderator).post(
        f"/conversaciones/aportes/propuesta/{proposal.pk}/ocultar/", {"reason": "Spam"}
    )
    assert Client().get(url).json()["items"] == []


def test_the_api_answers_signed_in_people_from_the_same_copy(proposal, official):
    url = "/api/v1/consultations/ciclovias/proposals/"
    anonymous = Client().get(url)
    signed_in = client_for(official).get(url)
    assert signed_in[pagecache.HEADER] == "hit"
    assert signed_in.json() == anonymous.json()
