from django.contrib import admin
from django.http import HttpRequest

from planning.models import (
    Devolution,
    InstrumentSection,
    Outcome,
    OutcomeLink,
    OutcomeUpdate,
    ParticipatoryInstance,
    PlanningInstrument,
)


class SectionInline(admin.TabularInline):
    model = InstrumentSection
    extra = 1


class InstanceInline(admin.StackedInline):
    model = ParticipatoryInstance
    extra = 0
    raw_id_fields = ["process_type"]


@admin.register(PlanningInstrument)
class PlanningInstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "period_start", "period_end", "elaboration_year"]
    list_filter = ["kind", "status"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SectionInline, InstanceInline]


class LinkInline(admin.TabularInline):
    model = OutcomeLink
    extra = 0
    readonly_fields = ["content_type", "object_id", "linked_at"]
    can_delete = False


class UpdateInline(admin.TabularInline):
    # The history is append-only: written by planning.actions, read here.
    model = OutcomeUpdate
    extra = 0
    readonly_fields = ["decision", "progress", "note", "on", "actor", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Outcome | None = None) -> bool:
        return False


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    # Decisions and progress go through the outcome pages (planning.actions), which notify.
    list_display = ["pk", "decision", "progress", "decided_at", "updated_at"]
    list_filter = ["decision"]
    readonly_fields = ["decision", "progress", "decided_by", "decided_at", "updated_at"]
    filter_horizontal = ["sections"]
    inlines = [LinkInline, UpdateInline]


@admin.register(Devolution)
class DevolutionAdmin(admin.ModelAdmin):
    list_display = ["content_type", "object_id", "published_at", "published_by"]
    readonly_fields = ["content_type", "object_id", "published_at", "published_by"]
