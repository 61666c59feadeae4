"""A discussion's first batch is shared by every signed-in viewer (common.pagecache
.shared_fragment): their votes and controls stay their own, and any change to the
comments leaves the shared batch."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from tests.conftest import client_for
from tests.deliberation.owners import make_comment


def page(discussion) -> str:
    return f"/conversaciones/{discussion.pk}/"


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_viewers_share_the_batch_but_not_their_votes(discussion, resident, other_resident):
    comment = make_comment(discussion, other_resident, "Propongo más árboles")
    voter = client_for(resident)
    voter.post(f"/conversaciones/comentarios/{comment.pk}/votar/", {"value": "up"})
    author = client_for(other_resident)
    for _ in range(2):  # the second time the batch comes from the cache
        assertContains(voter.get(page(discussion)), 'aria-pressed="true"')
        own = author.get(page(discussion))
        assertNotContains(own, 'aria-pressed="true"')
        assertContains(own, "Propongo más árboles")


def test_the_shared_batch_spares_its_queries(discussion, resident, other_resident):
    make_comment(discussion, other_resident, "Propongo más árboles")
    client = client_for(resident)
    rendered = queries_of(client, page(discussion))
    assert queries_of(client, page(discussion)) <= rendered - 2  # batch and replies


def test_a_hidden_comment_leaves_the_shared_batch(discussion, resident, other_resident, moderator):
    comment = make_comment(discussion, other_resident, "Llámenme al 9 1234 5678")
    client = client_for(resident)
    client.get(page(discussion))
    assertContains(client.get(page(discussion)), "9 1234 5678")
    response = client_for(moderator).post(
        f"/conversaciones/comentarios/{comment.pk}/ocultar/", {"reason": "Datos personales"}
    )
    assert response.status_code == 302
    assertNotContains(client.get(page(discussion)), "9 1234 5678")


def test_own_and_moderator_controls_stay_with_their_viewer(
    discussion, resident, other_resident, moderator
):
    comment = make_comment(discussion, other_resident, "Propongo más árboles")
    edit = f'href="{comment.get_absolute_url()}editar/"'
    hide = f'action="{comment.get_absolute_url()}ocultar/"'
    author, reader, moderating = (
        client_for(other_resident),
        client_for(resident),
        client_for(moderator),
    )
    for _ in range(2):  # the threads are shared from the second request on
        assertContains(author.get(page(discussion)), edit)
        assertNotContains(author.get(page(discussion)), hide)
        own = reader.get(page(discussion))
        assertNotContains(own, edit)
        assertNotContains(own, hide)
        assertContains(moderating.get(page(discussion)), hide)
