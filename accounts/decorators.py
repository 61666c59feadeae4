"""Signing in from a form action: back to the page the form was on, not to the action.

A form action (support, comment, vote, follow…) accepts only POST. ``login_required`` would
send a signed-out person to log in with ``next`` set to the action's URL, where the
browser then lands with a GET: a 405. Here ``next`` is the page the form was on instead:
the ``next`` field the form carries, when it is a local address, else the page the view
names for its arguments. The person signs in, sees the page again, and presses the button
knowing what it does.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

# page(request, *view_args, **view_kwargs) -> the URL of the page that shows the form.
PageURL = Callable[..., str]


def page_the_form_was_on(request: HttpRequest, page: PageURL, *args: Any, **kwargs: Any) -> str:
    """The form's own ``next`` field if it is a safe local address, else ``page(...)``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return page(request, *args, **kwargs)


def login_then_back(request: HttpRequest, page: PageURL, *args: Any, **kwargs: Any) -> HttpResponse:
    """The login page, with ``next`` pointing at the page the form was on."""
    return redirect_to_login(page_the_form_was_on(request, page, *args, **kwargs))


def action_login_required(page: PageURL) -> Callable:
    """``login_required`` for POST-only views (put ``@require_POST`` above it, so a GET is
    still a 405): a signed-out person logs in and comes back to ``page``, see the module.

    ``page`` receives the request and the view's URL arguments and returns a URL; keep it
    free of queries where possible (a permalink that redirects is fine).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return login_then_back(request, page, *args, **kwargs)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
