"""The Django admin for consultations, proposals and answers (administrators, with 2FA).

Officials (and administrators) now create, edit and publish consultations in the product's
own editor (``/consultas/nueva/``, ``/consultas/<slug>/editar/``: ``views.create_consultation``
and ``views.edit_consultation``, writing through ``actions``); the admin stays for what the
editor does not cover and for fixing data by hand.

Surveys have their own admin (``surveys.admin``).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from common.collation import spanish_order
from consultations.actions import refresh_consultation_search
from consultations.models import Consultation, Phase, Proposal, ProposalAnswer, Topic
from consultations.queries import forget_proposal_counts


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "starts_at", "ends_at", "closed_at"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "division", "residency_rule", "created_at"]
    list_filter = ["status", "division", "residency_rule"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["comunas"]
    # Topics are chosen in the editor, from the curated list (taggit's field would take
    # any typed name).
    exclude = ["topics"]
    inlines = [PhaseInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The list's full-text search reads this column; the editor's actions refresh it,
        # and the admin writes the text directly.
        refresh_consultation_search([form.instance.pk])


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "consultation", "state", "moderation_status", "support_count"]
    list_filter = ["state", "moderation_status", "consultation"]
    search_fields = ["title"]
    raw_id_fields = ["author", "comuna"]
    readonly_fields = ["support_count", "comment_count"]
    exclude = ["topics"]

    def save_model(self, request: HttpRequest, obj: Proposal, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_proposal_counts(obj.consultation_id)


@admin.register(ProposalAnswer)
class ProposalAnswerAdmin(admin.ModelAdmin):
    list_display = ["proposal", "state", "is_published", "published_at"]
    list_filter = ["is_published", "state"]
    raw_id_fields = ["proposal", "author"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """The curated topics: consultations and proposals choose among the active ones."""

    list_display = ["name", "name_en", "is_active", "slug"]
    list_editable = ["name_en", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = [spanish_order("name")]
