"""Roles and the server-side checks that guard them.

Everyone is a resident. The other roles are flags set in the Django admin. Staff roles
(moderator, official, administrator) act only in a session that passed the second factor
(TOTP): having an authenticator is not enough, the session itself must record that it
used it (allauth's authentication records, read once per request by
``accounts.middleware.SecondFactorMiddleware`` and per socket by the live-room consumer).
Until then staff are treated as plain residents and sent to set the factor up, or to
confirm it.
"""

from collections.abc import Callable
from functools import wraps
from types import SimpleNamespace
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.decorators import PageURL, login_then_back, page_the_form_was_on
from accounts.demo import is_demo_staff_email


class Role(models.TextChoices):
    RESIDENT = "resident", _("Residente")
    COSOC_MEMBER = "cosoc_member", _("Integrante del COSOC")
    MODERATOR = "moderator", _("Moderación")
    OFFICIAL = "official", _("Funcionario")
    ADMINISTRATOR = "administrator", _("Administración")


STAFF_ROLES = frozenset({Role.MODERATOR, Role.OFFICIAL, Role.ADMINISTRATOR})


def holds_role(user: Any, role: Role) -> bool:
    """Whether the role was granted, regardless of two-factor authentication.

    The demo's staff accounts (published password and TOTP secret) hold no staff role
    with DEBUG off, whatever their flags say: a database seeded in development and
    reused must not keep them, nor the sessions they opened."""
    if not user.is_authenticated or not user.is_active:
        return False
    if role in STAFF_ROLES and not settings.DEBUG and is_demo_staff_email(user.email):
        return False
    match role:
        case Role.RESIDENT:
            return True
        case Role.COSOC_MEMBER:
            return user.is_cosoc_member
        case Role.MODERATOR:
            return user.is_moderator
        case Role.OFFICIAL:
            return user.is_official and user.division_id is not None
        case Role.ADMINISTRATOR:
            return user.is_staff
    return False


def has_two_factor(user: Any) -> bool:
    """Whether the person has an active TOTP authenticator (cached on the user object)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_cabildo_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._cabildo_has_totp = cached
    return cached


# Set on the user object of a request or a socket: whether its session used the second
# factor. Absent (a user loaded any other way): it did not.
_SESSION_PASSED = "_cabildo_session_passed_second_factor"


def session_passed_second_factor(records: Any) -> bool:
    """Whether allauth's authentication records of a session include the second factor
    (a TOTP or recovery code at login, a re-authentication, or the activation itself)."""
    return isinstance(records, list) and any(
        isinstance(record, dict) and record.get("method") == "mfa" for record in records
    )


def mark_second_factor(user: Any, passed: bool) -> Any:
    """Record on ``user`` whether the session it came with passed the second factor."""
    if user.is_authenticated:
        setattr(user, _SESSION_PASSED, passed)
    return user


def mark_from_session(user: Any, session: Any) -> Any:
    """Mark ``user`` from the authentication records of its ``session`` (a request's, or a
    socket's scope: loading it may read the database, so call it synchronously)."""
    if session is not None and user.is_authenticated:
        records = get_authentication_records(SimpleNamespace(session=session), user)
        mark_second_factor(user, session_passed_second_factor(records))
    return user


def passed_second_factor(user: Any) -> bool:
    """Whether this session of the person passed the second factor, and the person still
    has the authenticator (it may have been removed since)."""
    return bool(getattr(user, _SESSION_PASSED, False)) and has_two_factor(user)


def can_act_as(user: Any, role: Role) -> bool:
    """Whether the person may use the role now: granted, and for staff roles in a session
    that passed the second factor."""
    if not holds_role(user, role):
        return False
    return role not in STAFF_ROLES or passed_second_factor(user)


def division_spoken_for(user: Any) -> int | None:
    """The id of the division on whose behalf the person writes now, or None: an
    official acting as one (``can_act_as``: granted, in a session that passed the second
    factor). Until then staff are plain residents, so what they write is their own.

    Create actions store it on the contribution (``Contribution.speaks_for``): the badge
    says who spoke when it was written, whatever the person's role later."""
    return user.division_id if can_act_as(user, Role.OFFICIAL) else None


def roles_of(user: Any) -> list[Role]:
    """The roles a person holds (granted), in display order."""
    return [role for role in Role if holds_role(user, role)]


def role_required(*roles: Role, page: PageURL | None = None) -> Callable:
    """View decorator: anonymous → login; no role → 403; staff role without 2FA → set it up;
    with 2FA that this session has not used → confirm it (allauth's re-authentication).

    With several roles, any of them will do (officials and administrators both create
    consultations); the 2FA message names the first one the person holds.

    For a POST-only view, ``page`` names the page its form is on: the login sends the person
    back there rather than to the action (see ``accounts.decorators``).
    """
    if not roles:
        raise TypeError("role_required needs at least one role.")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                if page is not None:
                    return login_then_back(request, page, *args, **kwargs)
                return redirect_to_login(request.get_full_path())
            held = [role for role in roles if holds_role(user, role)]
            if not held:
                raise PermissionDenied
            if not any(can_act_as(user, role) for role in held):
                if has_two_factor(user):
                    # An authenticator, but this session never used it: confirm it.
                    messages.warning(
                        request,
                        _(
                            "Para usar tu rol de %(role)s confirma tu verificación en dos "
                            "pasos en esta sesión."
                        )
                        % {"role": held[0].label.lower()},
                    )
                    back = (
                        page_the_form_was_on(request, page, *args, **kwargs)
                        if page is not None and request.method == "POST"
                        else request.get_full_path()
                    )
                    return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': back})}")
                messages.warning(
                    request,
                    _(
                        "Para usar tu rol de %(role)s debes activar la verificación en dos "
                        "pasos (TOTP)."
                    )
                    % {"role": held[0].label.lower()},
                )
                return redirect("mfa_activate_totp")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_role(user: Any, *roles: Role) -> None:
    """For actions and consumers: raise PermissionDenied unless the person can act as one
    of ``roles``."""
    if not any(can_act_as(user, role) for role in roles):
        raise PermissionDenied
