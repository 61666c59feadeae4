"""deliberation.views.comment_batch: GET /conversaciones/<id>/mas/ (the "Ver más" button's
script; without JavaScript the button is a link to the page with ``despues``)."""

import re

from tests.conftest import client_for
from tests.deliberation.owners import make_comment


def test_fragment_continues_after_the_cursor_with_constant_queries(
    discussion, resident, django_assert_max_num_queries
):
    comments = [make_comment(discussion, resident, f"C{i}") for i in range(25)]
    client = client_for(resident)
    first = client.get(f"/conversaciones/{discussion.pk}/").content.decode()
    link = re.search(r'data-more-url="([^"]+)"', first).group(1).replace("&amp;", "&")
    # 1 session, 2 user, 3 discussion, 4 owner, 5 batch (+authors), 6 replies, 7 votes.
    with django_assert_max_num_queries(7):
        response = client.get(link)
    assert response.status_code == 200
    ids = [int(pk) for pk in re.findall(r'data-comment="(\d+)"', response.content.decode())]
    assert ids == [c.pk for c in reversed(comments[:5])]


def test_column_batches_keep_their_stance(discussion, resident):
    discussion.uses_alignment = True
    discussion.save()
    for index in range(12):
        make_comment(discussion, resident, f"Favor {index}", alignment="favor")
        make_comment(discussion, resident, f"Contra {index}", alignment="contra")
    client = client_for(resident)
    page = client.get(f"/conversaciones/{discussion.pk}/", {"vista": "columnas"}).content.decode()
    links = re.findall(r'data-more-url="([^"]+)"', page)
    assert len(links) == 2
    favour = client.get(links[0].replace("&amp;", "&")).content.decode()
    assert "Favor 1" in favour
    assert "Contra" not in favour


def test_malformed_cursor_gives_the_first_batch(discussion, resident, client):
    make_comment(discussion, resident, "Único")
    response = client.get(f"/conversaciones/{discussion.pk}/mas/", {"despues": "basura"})
    assert "Único" in response.content.decode()


def test_hidden_discussion_404s(discussion, owner_rules, client):
    owner_rules.visible = False
    assert client.get(f"/conversaciones/{discussion.pk}/mas/").status_code == 404


def test_batch_needs_get(discussion, resident):
    assert client_for(resident).post(f"/conversaciones/{discussion.pk}/mas/").status_code == 405


def test_signed_out_visitors_get_no_reply_links_in_a_batch(discussion, resident, client):
    for index in range(25):
        make_comment(discussion, resident, f"C{index}")
    page = client.get(f"/conversaciones/{discussion.pk}/").content.decode()
    link = re.search(r'data-more-url="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "data-reply=" not in client.get(link).content.decode()
    assert "data-reply=" in client_for(resident).get(link).content.decode()
