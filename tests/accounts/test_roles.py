"""accounts.roles: who holds which role, and who may act with it (2FA for staff)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.models import User
from accounts.roles import Role, can_act_as, holds_role, require_role, role_required, roles_of
from tests.conftest import with_totp
from tests.factories import UserFactory

RES, COS, MOD, OFF, ADM = (
    Role.RESIDENT,
    Role.COSOC_MEMBER,
    Role.MODERATOR,
    Role.OFFICIAL,
    Role.ADMINISTRATOR,
)

# persona → (roles held, roles it may act as now)
MATRIX = {
    "resident": ({RES}, {RES}),
    "cosoc_member": ({RES, COS}, {RES, COS}),
    "moderator": ({RES, MOD}, {RES, MOD}),
    "moderator_without_2fa": ({RES, MOD}, {RES}),
    "official": ({RES, OFF}, {RES, OFF}),
    "official_without_2fa": ({RES, OFF}, {RES}),
    "admin": ({RES, ADM}, {RES, ADM}),
}


@pytest.mark.parametrize("persona", MATRIX)
@pytest.mark.parametrize("role", list(Role))
def test_role_matrix(request, db, persona, role):
    user = request.getfixturevalue(persona)
    held, acting = MATRIX[persona]
    assert holds_role(user, role) is (role in held)
    assert can_act_as(user, role) is (role in acting)


def test_roles_of_lists_granted_roles_in_display_order(db):
    person = with_totp(UserFactory(is_cosoc_member=True, is_moderator=True, is_staff=True))
    assert roles_of(person) == [RES, COS, MOD, ADM]


@pytest.mark.parametrize("role", list(Role))
def test_anonymous_visitors_hold_no_role(role):
    assert not holds_role(AnonymousUser(), role)
    assert not can_act_as(AnonymousUser(), role)


@pytest.mark.parametrize("role", list(Role))
def test_inactive_accounts_hold_no_role(db, role):
    person = with_totp(
        UserFactory(is_active=False, is_cosoc_member=True, is_moderator=True, is_staff=True)
    )
    assert not holds_role(person, role)


def test_an_official_without_division_is_not_an_official(db):
    # The database refuses it (official_has_division); an unsaved row proves the rule
    # does not lean on that alone.
    person = User(email="x@ejemplo.cl", is_official=True, division=None)
    person.pk = 0
    assert not holds_role(person, OFF)


def test_require_role_raises_for_staff_without_2fa(moderator, moderator_without_2fa):
    require_role(moderator, MOD)
    with pytest.raises(PermissionDenied):
        require_role(moderator_without_2fa, MOD)
    with pytest.raises(PermissionDenied):
        require_role(moderator, OFF)


def _view(request):
    return HttpResponse("ok")


def test_role_required_lets_the_role_through_and_refuses_the_rest(
    official, official_without_2fa, resident, rf: RequestFactory
):
    view = role_required(OFF)(_view)

    request = rf.get("/x/")
    request.user = official
    assert view(request).content == b"ok"

    request = rf.get("/x/")
    request.user = resident
    with pytest.raises(PermissionDenied):
        view(request)

    request = rf.get("/x/")
    request.user = official_without_2fa
    request.session = {}
    request._messages = FallbackStorage(request)
    response = view(request)
    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/totp/activate/"

    request = rf.get("/x/?a=1")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert response.url == "/cuenta/login/?next=/x/%3Fa%3D1"
