"""deliberation.views.comment_thread: GET /conversaciones/<id>/hilos/<root>/ (the script's
"Ver N respuestas más"), and the reply cap of batches it completes."""

from tests.conftest import client_for
from tests.deliberation.owners import make_comment


def test_batches_show_two_replies_and_link_to_the_rest(discussion, resident, other_resident):
    root = make_comment(discussion, other_resident, "Hilo largo")
    for index in range(7):
        make_comment(discussion, resident, f"Respuesta {index}", parent=root)
    html = client_for(resident).get(f"/conversaciones/{discussion.pk}/").content.decode()
    assert "Respuesta 1" in html
    assert "Respuesta 2" not in html
    assert "Ver 5 respuestas más" in html
    assert f'href="?comentario={root.pk}#comentario-{root.pk}"' in html
    assert f'data-thread-url="/conversaciones/{discussion.pk}/hilos/{root.pk}/"' in html


def test_thread_fragment_has_every_reply(
    discussion, resident, other_resident, django_assert_max_num_queries
):
    root = make_comment(discussion, other_resident, "Hilo largo")
    for index in range(7):
        make_comment(discussion, resident, f"Respuesta {index}", parent=root)
    client = client_for(resident)
    client.get("/")
    # 1 session, 2 user, 3 discussion, 4 owner, 5 root, 6 replies, 7 viewer's votes.
    with django_assert_max_num_queries(7):
        response = client.get(f"/conversaciones/{discussion.pk}/hilos/{root.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert all(f"Respuesta {index}" in html for index in range(7))
    assert "respuestas más" not in html
    assert "<html" not in html


def test_permalink_shows_the_whole_thread(discussion, resident, other_resident):
    root = make_comment(discussion, other_resident, "Hilo largo")
    replies = [make_comment(discussion, resident, f"R{i}", parent=root) for i in range(6)]
    html = (
        client_for(resident)
        .get(f"/conversaciones/{discussion.pk}/", {"comentario": replies[-1].pk})
        .content.decode()
    )
    assert f'id="comentario-{replies[-1].pk}"' in html


def test_replies_are_not_threads(discussion, resident, other_resident, client):
    root = make_comment(discussion, other_resident, "Raíz")
    reply = make_comment(discussion, resident, "Respuesta", parent=root)
    assert client.get(f"/conversaciones/{discussion.pk}/hilos/{reply.pk}/").status_code == 404
    assert client.get(f"/conversaciones/{discussion.pk}/hilos/999/").status_code == 404


def test_hidden_discussion_404s(discussion, resident, owner_rules, client):
    root = make_comment(discussion, resident, "Raíz")
    owner_rules.visible = False
    assert client.get(f"/conversaciones/{discussion.pk}/hilos/{root.pk}/").status_code == 404


def test_thread_needs_get(discussion, resident):
    root = make_comment(discussion, resident, "Raíz")
    url = f"/conversaciones/{discussion.pk}/hilos/{root.pk}/"
    assert client_for(resident).post(url).status_code == 405
