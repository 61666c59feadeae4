"""The participation figures in the admin: read-only, with the action that recomputes them
(``do_refresh_indicators``; the admin site already requires an administrator who passed
the second factor)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from planning.indicators.actions import do_refresh_indicators
from planning.indicators.models import ParticipationCell, ParticipationPeriod


class ParticipationCellInline(admin.TabularInline):
    model = ParticipationCell
    fields = ["month", "dimension", "key", "participants", "contributions", "answered"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.action(description=_("Recalcular los indicadores de participación"))
def refresh_indicators(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> None:
    """Recomputes every period (whatever was selected): closes ended years once and
    replaces the running year's totals."""
    summary = do_refresh_indicators()
    if summary.closed:
        modeladmin.message_user(
            request,
            ngettext(
                "Año cerrado y publicado: %(years)s.",
                "Años cerrados y publicados: %(years)s.",
                len(summary.closed),
            )
            % {"years": ", ".join(map(str, summary.closed))},
            messages.SUCCESS,
        )
    modeladmin.message_user(
        request,
        _("Cifras de %(year)s recalculadas.") % {"year": summary.open_year},
        messages.SUCCESS,
    )


class ParticipationPeriodAdmin(admin.ModelAdmin):
    list_display = ["year", "final", "computed_at"]
    readonly_fields = ["year", "final", "computed_at"]
    inlines = [ParticipationCellInline]
    actions = [refresh_indicators]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def register() -> None:
    if not admin.site.is_registered(ParticipationPeriod):
        admin.site.register(ParticipationPeriod, ParticipationPeriodAdmin)
