import json
from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.views import EmailView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import actions, privacy
from accounts.access import access_notification, access_person_for_verification
from accounts.adapters import VERIFICATION_COOLDOWN, verification_cooling_down
from accounts.decorators import action_login_required
from accounts.forms import (
    DeleteAccountForm,
    ProfileForm,
    VerificationForm,
    VerificationSearchForm,
)
from accounts.queries import find_people_for_verification, notifications_for
from accounts.roles import Role, role_required
from accounts.territory import comuna_name
from common.numbers import page_number


def _notifications_page(request: HttpRequest, **_kwargs: Any) -> str:
    return reverse("accounts:notifications")


def _privacy_page(request: HttpRequest) -> str:
    return reverse("accounts:privacy")


def _verification_page(request: HttpRequest, **_kwargs: Any) -> str:
    return reverse("accounts:verification")


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    # Read before the form fills the user with what was typed: the page describes the
    # saved profile.
    user = request.user
    verification = {
        "comuna": user.verified_comuna_name,
        "moved": user.moved_since_verification,
        "moved_to": comuna_name(user.comuna_id) if user.moved_since_verification else "",
    }
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            if form.changes_rut:
                # The same answer whether or not another account holds this RUT (see
                # do_set_profile_rut): the profile must not tell who has an account.
                actions.do_set_profile_rut(request.user, form.cleaned_data["rut"])
            messages.success(request, _("Tu perfil quedó guardado."))
            return redirect("accounts:profile")
        messages.error(request, _("Revisa los campos marcados: no se guardó nada todavía."))
    return render(request, "accounts/profile.html", {"form": form, "verification": verification})


@require_safe
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), 20).get_page(
        page_number(request.GET.get("pagina"))
    )
    return render(request, "accounts/notifications.html", {"page": page})


@require_POST
@action_login_required(_notifications_page)
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = access_notification(request.user, pk)
    actions.do_mark_notification_read(request.user, notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("accounts:notifications")


@require_POST
@action_login_required(_notifications_page)
def mark_all_notifications_read(request: HttpRequest) -> HttpResponse:
    count = actions.do_mark_all_notifications_read(request.user)
    if count:
        messages.success(request, _("Marcaste todas tus notificaciones como leídas."))
    return redirect("accounts:notifications")


@require_safe
@login_required
def privacy_centre(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/privacy.html",
        {"delete_form": DeleteAccountForm(user=request.user)},
    )


@require_safe
@login_required
def export_data(request: HttpRequest) -> HttpResponse:
    data = privacy.export_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cabildo-mis-datos-{stamp}.json"'
    return response


@require_POST
@action_login_required(_privacy_page)
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/privacy.html", {"delete_form": form}, status=400)
    actions.do_delete_account(request, request.user)
    messages.success(
        request,
        _("Tu cuenta fue eliminada. Tus aportes quedan como «Participante eliminado»."),
    )
    return redirect("home")


@require_safe
@role_required(Role.OFFICIAL)
def verification(request: HttpRequest) -> HttpResponse:
    form = VerificationSearchForm(request.GET or None)
    people = None
    if form.is_valid():
        people = list(find_people_for_verification(form.cleaned_data["q"]))
    return render(request, "accounts/verification.html", {"form": form, "people": people})


@require_POST
@role_required(Role.OFFICIAL, page=_verification_page)
def set_verification(request: HttpRequest, pk: int) -> HttpResponse:
    person = access_person_for_verification(request.user, pk)
    form = VerificationForm(request.POST, person=person)
    status = 400
    if form.is_valid():
        verified = form.cleaned_data["verified"]
        try:
            actions.check_set_verified_resident(
                request.user,
                person,
                verified=verified,
                rut=form.cleaned_data["rut"],
                comuna=form.cleaned_data["comuna"],
            )
        except ValidationError as error:
            form.add_error("verified", error)
            # Show the person as they are now (their RUT may have changed).
            person = access_person_for_verification(request.user, pk)
            status = 409
        else:
            if verified:
                message = _("Verificaste la residencia de %(name)s en %(comuna)s.") % {
                    "name": person.public_name,
                    "comuna": person.verified_comuna_name,
                }
            else:
                message = _("Se retiró la verificación de %(name)s.") % {"name": person.public_name}
            messages.success(request, message)
            return redirect(f"{reverse('accounts:verification')}?{urlencode({'q': person.email})}")
    search = VerificationSearchForm({"q": person.email})
    search.is_valid()
    return render(
        request,
        "accounts/verification.html",
        {"form": search, "people": [person], "errors_for": person.pk, "action_form": form},
        status=status,
    )


class ManageEmailView(EmailView):
    """allauth's e-mail page (``/cuenta/email/``, served here first), where the "Enviarme
    otro correo" button posts: within allauth's wait between two verification e-mails it
    would send nothing and say nothing; this says so instead. Everything else is
    allauth's."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = request.POST.get("email", "")
        if (
            "action_send" in request.POST
            and EmailAddress.objects.filter(
                user=request.user, email__iexact=email, verified=False
            ).exists()
            and verification_cooling_down(request, email)
        ):
            messages.info(request, VERIFICATION_COOLDOWN)
            return redirect("account_email")
        return super().post(request, *args, **kwargs)
