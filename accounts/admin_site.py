from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CabildoAdminSite(admin.AdminSite):
    """The Django admin, open only to administrators who have two-factor authentication."""

    site_header = _("Administración de Cabildo")
    site_title = _("Cabildo")
    index_title = _("Administración")

    def has_permission(self, request: HttpRequest) -> bool:
        # Imported here: this module loads while the app registry is still being built.
        from accounts.roles import passed_second_factor

        return super().has_permission(request) and passed_second_factor(request.user)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # Django's own login form takes a password alone, which would skip the TOTP code:
        # it is never shown. Visitors log in through allauth (which asks for the code),
        # non-staff get 403, staff without 2FA are sent to set it up.
        from allauth.account.decorators import secure_admin_login

        def after_login(request: HttpRequest) -> HttpResponse:
            from accounts.roles import has_two_factor

            if self.has_permission(request):
                return redirect("admin:index")
            if request.user.is_staff and has_two_factor(request.user):
                # The account has TOTP, this session never used it: confirm it first.
                return redirect(f"{reverse('mfa_reauthenticate')}?next={reverse('admin:index')}")
            return redirect("mfa_activate_totp")

        return secure_admin_login(after_login)(request)


class CabildoAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.CabildoAdminSite"
