from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class CabildoAdminSite(admin.AdminSite):
    """The Django admin, open only to administrators who have two-factor authentication."""

    site_header = _("Administración de Cabildo")
    site_title = _("Cabildo")
    index_title = _("Administración")

    def has_permission(self, request: HttpRequest) -> bool:
        # Imported here: this module loads while the app registry is still being built.
        from accounts.roles import has_two_factor

        return super().has_permission(request) and has_two_factor(request.user)


class CabildoAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.CabildoAdminSite"
