"""The moderators' pages under /moderacion/ (queue, case, public log)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.roles import Role, role_required


@require_safe
@role_required(Role.MODERATOR)
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "deliberation/moderation/queue.html", {})
