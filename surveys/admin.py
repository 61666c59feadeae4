"""Surveys in the Django admin: a survey with its questions inline, each question with its
options inline (Django has no nested inlines: a question's "change" link opens its
options).

Individual responses are not in the admin: they are personal data, and the results
pages show what officials need, in aggregate. Once people have answered, a question's
kind is locked and options that were chosen cannot be deleted (their answers would go
with them).
"""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from surveys.models import Option, Question, Survey
from surveys.rules import NEEDS_TWO_OPTIONS, NO_OPTIONS


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "is_required", "max_choices"]
    show_change_link = True
    ordering = ["position", "pk"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "opens_at", "closes_at", "response_count"]
    list_filter = ["content_type"]
    search_fields = ["title"]
    # The owner is named by its type and id (a consultation's id is in its admin page);
    # officials create surveys from the owner's page, in the product's own editor.
    fields = [
        "content_type",
        "object_id",
        "title",
        "introduction",
        "opens_at",
        "closes_at",
        "results_while_open",
    ]
    inlines = [QuestionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Survey]:
        return (
            super()
            .get_queryset(request)
            .annotate(responses_total=Count("responses"))
            .prefetch_related("owner")
        )

    @admin.display(description=_("respuestas"), ordering="responses_total")
    def response_count(self, survey: Survey) -> int:
        return survey.responses_total


class OptionFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        kind = self.instance.kind
        if kind in Question.OPTION_KINDS and len(kept) < 2:
            raise ValidationError(NEEDS_TWO_OPTIONS)
        if kind not in Question.OPTION_KINDS and kept:
            raise ValidationError(NO_OPTIONS)


class OptionInline(admin.TabularInline):
    model = Option
    formset = OptionFormSet
    extra = 2
    fields = ["position", "text"]
    ordering = ["position", "pk"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.answers.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "survey", "kind", "position", "is_required"]
    list_filter = ["kind"]
    list_select_related = ["survey"]
    search_fields = ["text", "survey__title"]
    autocomplete_fields = ["survey"]
    fields = ["survey", "position", *Question.EDITED_FIELDS]
    inlines = [OptionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.answers.exists():
            return ["survey", "kind"]
        return []
