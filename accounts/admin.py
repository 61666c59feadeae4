import json
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.forms import clean_public_name
from accounts.models import AuditEntry, Comuna, Division, Notification, Region, User
from accounts.names import STAFF_FLAGS


class PublicNameInAdmin:
    """The admin stores public names as the sign-up and the profile do
    (``clean_public_name``): a person without a staff role after the change cannot be
    given a name that passes for the government or its staff, here either."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        if "display_name" in data:
            staff = any(data.get(flag, False) for flag in STAFF_FLAGS)
            try:
                data["display_name"] = clean_public_name(
                    data["display_name"], person=self.instance, staff=staff
                )
            except ValidationError as error:
                self.add_error("display_name", error)  # type: ignore[attr-defined]
        return data


class CabildoUserCreationForm(PublicNameInAdmin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class CabildoUserChangeForm(PublicNameInAdmin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = CabildoUserChangeForm
    add_form = CabildoUserCreationForm
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "comuna",
        "is_verified_resident",
        "is_cosoc_member",
        "is_moderator",
        "is_official",
        "is_staff",
        "is_active",
    ]
    list_filter = [
        "is_cosoc_member",
        "is_moderator",
        "is_official",
        "is_staff",
        "is_verified_resident",
        "is_active",
        "division",
    ]
    search_fields = ["email", "display_name", "rut"]
    autocomplete_fields = ["comuna"]
    readonly_fields = [
        "verified_at",
        "verified_by",
        "verified_comuna",
        "date_joined",
        "last_login",
        "deleted_at",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        (
            _("Perfil"),
            {"fields": ["comuna", "gender", "age_range", "rut", "language", "email_frequency"]},
        ),
        (
            _("Roles"),
            {
                "fields": [
                    "is_cosoc_member",
                    "is_moderator",
                    "is_official",
                    "division",
                    "is_staff",
                    "is_superuser",
                    "is_active",
                ],
                "description": _(
                    "Moderación, funcionarios y administración solo actúan con la "
                    "verificación en dos pasos activada."
                ),
            },
        ),
        (
            _("Verificación de residencia"),
            {"fields": ["is_verified_resident", "verified_at", "verified_by", "verified_comuna"]},
        ),
        (_("Fechas"), {"fields": ["date_joined", "last_login", "deleted_at"]}),
    ]

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        # Unticking the flag here revokes the verification: its comuna goes with it (a
        # database constraint). Ticking it here records no comuna: consultations for
        # verified residents ask the person for a verification at an office.
        if not obj.is_verified_resident:
            obj.verified_comuna = None
        super().save_model(request, obj, form, change)

    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]},
        ),
    ]


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["cut", "name"]


@admin.register(Comuna)
class ComunaAdmin(admin.ModelAdmin):
    list_display = ["cut", "name", "province", "region"]
    list_filter = ["region"]
    search_fields = ["name", "cut"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "subject", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "is_urgent"]
    raw_id_fields = ["recipient"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The append-only audit log, read-only for everyone (superusers included): no add,
    change or delete, no bulk actions. The model and its queryset refuse writes too."""

    list_display = ["created_at", "actor", "action", "target"]
    list_filter = ["action", ("content_type", admin.RelatedOnlyFieldListFilter), "created_at"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["action", "actor__email", "actor__display_name", "=object_id"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor", "action", "target", "before_json", "after_json"]
    readonly_fields = fields
    actions = None

    @admin.display(description=_("sobre"))
    def target(self, entry: AuditEntry) -> str:
        if entry.content_type_id is None:
            return "—"
        return f"{entry.content_type.name} #{entry.object_id}"

    @admin.display(description=_("antes"))
    def before_json(self, entry: AuditEntry) -> str:
        return _json_block(entry.before)

    @admin.display(description=_("después"))
    def after_json(self, entry: AuditEntry) -> str:
        return _json_block(entry.after)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _json_block(value: Any) -> str:
    return format_html(
        "<pre>{}</pre>", json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)
    )
