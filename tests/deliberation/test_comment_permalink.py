"""deliberation.views.comment_permalink: GET /conversaciones/comentarios/<id>/."""

from deliberation.registry import OwnerPolicy, policy_for, register_owner
from tests.conftest import client_for
from tests.deliberation.owners import make_comment


def test_permalink_opens_the_discussion_at_the_comment(client, discussion, resident):
    comment = make_comment(discussion, resident, "Aquí")
    response = client.get(f"/conversaciones/comentarios/{comment.pk}/")
    assert response.status_code == 302
    assert response.url == (
        f"/conversaciones/{discussion.pk}/?comentario={comment.pk}#comentario-{comment.pk}"
    )


def test_permalink_goes_to_the_owner_page_when_it_embeds_the_block(
    client, owner, discussion, resident
):
    from dataclasses import replace

    from accounts.models import Division

    register_owner(
        Division, replace(policy_for(Division), discussion_url=lambda o: "/propuesta/7/")
    )
    comment = make_comment(discussion, resident, "Aquí")
    response = client.get(f"/conversaciones/comentarios/{comment.pk}/")
    assert response.url == f"/propuesta/7/?comentario={comment.pk}#comentario-{comment.pk}"
    assert isinstance(policy_for(Division), OwnerPolicy)


def test_permalink_of_a_hidden_discussion_404s(client, discussion, resident, owner_rules):
    comment = make_comment(discussion, resident, "Aquí")
    owner_rules.visible = False
    assert client_for(resident).get(f"/conversaciones/comentarios/{comment.pk}/").status_code == 404
    assert client.get("/conversaciones/comentarios/987654/").status_code == 404


def test_permalink_needs_get(discussion, resident):
    comment = make_comment(discussion, resident, "Aquí")
    assert (
        client_for(resident).post(f"/conversaciones/comentarios/{comment.pk}/").status_code == 405
    )
