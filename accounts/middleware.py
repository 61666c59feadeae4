"""Which factors the session of a request used, marked on ``request.user``.

Staff roles act only in a session that passed the second factor (``accounts.roles``).
allauth keeps, in the session, a record of every authentication step the session took
(password, TOTP code, recovery code, re-authentication); this middleware reads them when
``request.user`` is first used, so pages that never look at the user cost nothing.
"""

from collections.abc import Callable

from django.contrib.auth.middleware import get_user
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from accounts.roles import mark_from_session, mark_second_factor


def _user_with_factors(request: HttpRequest):
    return mark_from_session(get_user(request), request.session)


class SecondFactorMiddleware:
    """After Django's ``AuthenticationMiddleware``: ``request.user`` carries whether its
    session passed the second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = SimpleLazyObject(lambda: _user_with_factors(request))
        return self.get_response(request)


def record_activation(request: HttpRequest, user, authenticator, **_kwargs) -> None:
    """allauth's ``authenticator_added``: activating TOTP proves the factor (a code from the
    new authenticator was typed), so the session counts as having passed it."""
    from allauth.account.internal.flows.login import record_authentication

    if request is None or authenticator.type != authenticator.Type.TOTP:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    mark_second_factor(user, True)
    if request.user.is_authenticated and request.user.pk == user.pk:
        mark_second_factor(request.user, True)
