"""deliberation.views.follow: POST /conversaciones/seguir/<content type>/<id>/."""

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.models import Division
from deliberation.models import Follow
from tests.conftest import client_for, login_next
from tests.deliberation.helpers import JSON, messages_of


def url(target) -> str:
    return f"/conversaciones/seguir/{ContentType.objects.get_for_model(target).pk}/{target.pk}/"


def test_resident_follows_and_unfollows(owner, resident, discussion):
    client = client_for(resident)
    response = client.post(url(owner), {"follow": "1", "next": f"/conversaciones/{discussion.pk}/"})
    assert response.status_code == 302
    assert response.url == f"/conversaciones/{discussion.pk}/"
    assert messages_of(response) == ["Ahora sigues esta conversación: te avisaremos de lo nuevo."]
    assert Follow.objects.filter(user=resident, object_id=owner.pk).count() == 1
    client.post(url(owner), {"follow": "1"})  # idempotent
    assert Follow.objects.count() == 1
    html = client.get(f"/conversaciones/{discussion.pk}/").content.decode()
    assert "Siguiendo" in html
    data = client.post(url(owner), {"follow": "0"}, **JSON).json()
    assert data == {"message": "Dejaste de seguir esta conversación.", "following": False}
    assert not Follow.objects.exists()


def test_unsafe_next_falls_back_to_the_owner(owner, resident):
    response = client_for(resident).post(
        url(owner), {"follow": "1", "next": "https://evil.example/"}
    )
    assert response.url == f"/#division-{owner.pk}"


def test_bad_input_is_refused(owner, resident):
    assert client_for(resident).post(url(owner), {"follow": "maybe"}).status_code == 400
    assert not Follow.objects.exists()
    assert client_for(resident).post(url(owner), {"follow": "1"}).status_code == 302


def test_only_registered_visible_owners_can_be_followed(owner, resident, owner_rules):
    user_type = ContentType.objects.get(app_label="accounts", model="user")
    assert (
        client_for(resident)
        .post(f"/conversaciones/seguir/{user_type.pk}/{resident.pk}/", {"follow": "1"})
        .status_code
        == 404
    )
    assert (
        client_for(resident).post("/conversaciones/seguir/99999/1/", {"follow": "1"}).status_code
        == 404
    )
    owner_rules.visible = False
    assert client_for(resident).post(url(owner), {"follow": "1"}).status_code == 404
    assert not Follow.objects.exists()


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_page(client, owner, owner_rules):
    response = client.post(url(owner), {"follow": "1", "next": "/conversaciones/1/?orden=mejores"})
    assert login_next(response) == "/conversaciones/1/?orden=mejores"
    # Without the form's own page: the owner's page, or home when it is not public.
    assert login_next(client.post(url(owner), {"follow": "1"})) == f"/#division-{owner.pk}"
    owner_rules.visible = False
    assert login_next(client.post(url(owner), {"follow": "1"})) == "/"


@pytest.mark.parametrize("method", ["get", "put"])
def test_following_needs_post(owner, resident, method):
    assert getattr(client_for(resident), method)(url(owner)).status_code == 405


def test_deleting_an_account_drops_its_follows(owner, resident):
    from deliberation.privacy import anonymise_deliberation

    Follow.objects.create(
        user=resident, content_type=ContentType.objects.get_for_model(Division), object_id=owner.pk
    )
    anonymise_deliberation(resident)
    assert not Follow.objects.exists()


def test_follow_button_include_for_other_pages(owner, resident, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from deliberation.blocks import follow_context

    request = rf.get("/consultas/x/")
    request.user = resident
    html = render_to_string(
        "deliberation/follow_button.html", follow_context(request, owner), request=request
    )
    assert f'action="{url(owner)}"' in html
    assert 'name="follow" value="1"' in html
    assert 'name="next" value="/consultas/x/"' in html
    request.user = AnonymousUser()
    assert follow_context(request, owner) == {"follow_button": None}
