from django.contrib import admin

from planning.models import PlanningInstrument


@admin.register(PlanningInstrument)
class PlanningInstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "period_start", "period_end"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
