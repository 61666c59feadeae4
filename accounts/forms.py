from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.actions import COMUNA_MISSING
from accounts.models import Comuna, User
from accounts.names import public_name_refusal
from accounts.territory import territory_data
from common.numbers import parse_rut, split_rut
from common.text import spanish_sorted, visible


class RutField(forms.CharField):
    """A Chilean RUT, with or without dots and dash, in ASCII digits; cleaned to
    ``12345678-5`` (``common.numbers.parse_rut``). localflavor's CLRutField, used before,
    also took fullwidth and Arabic-Indic digits, so one RUT had several stored spellings
    and the uniqueness rule did not hold."""

    default_error_messages = {
        "invalid": _("Escribe un RUT válido, por ejemplo 12.345.678-5."),
        "checksum": _("El RUT no es válido: el dígito verificador no corresponde."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 14)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        rut = parse_rut(text)
        if rut is None:
            # A typo in the check digit gets its own message; anything else is no RUT.
            code = "checksum" if split_rut(text) is not None else "invalid"
            raise ValidationError(self.error_messages[code], code=code)
        return rut


def comuna_choices() -> list:
    """Comunas grouped by region, the deployment's region first (from the data file)."""
    data = territory_data()
    own = settings.CABILDO_REGION_CODE
    regions = sorted(data["regions"], key=lambda r: (r["cut"] != own, r["cut"]))
    by_region: dict[str, list[tuple[str, str]]] = {}
    for comuna in data["comunas"]:
        by_region.setdefault(comuna["region_cut"], []).append((comuna["cut"], comuna["name"]))
    choices: list = [("", _("Elige tu comuna"))]
    for region in regions:
        options = spanish_sorted(by_region.get(region["cut"], []), key=lambda option: option[1])
        choices.append((region["name"], options))
    return choices


def clean_public_name(typed: str, *, person: User | None = None, staff: bool | None = None) -> str:
    """A public name as stored (``common.text.visible``: composed, no invisible
    characters, spaces tidied); refused when too short or when it could pass for the
    government or its staff (``accounts.names.public_name_refusal``; ``staff`` as there)."""
    name = visible(typed)
    if len(name) < 2:
        raise ValidationError(_("El nombre público debe tener al menos 2 caracteres."))
    refusal = public_name_refusal(name, person=person, staff=staff)
    if refusal:
        raise ValidationError(refusal, code="reserved")
    return name


def _privacy_label() -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Acepto la"),
        reverse_lazy("privacy_policy"),
        _("política de privacidad"),
    )


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Nombre público"),
        max_length=60,
        help_text=_("Así te verán las demás personas. Puede ser tu nombre o un seudónimo."),
    )
    accept_privacy = forms.BooleanField(
        label=lazy(_privacy_label, str)(),
        error_messages={"required": _("Debes aceptar la política de privacidad.")},
    )

    field_order = ["display_name", "email", "password1", "password2", "accept_privacy"]

    def clean_display_name(self) -> str:
        return clean_public_name(self.cleaned_data["display_name"])


# Urgent notices (accounts.actions.notify(urgent=True)) are mailed at once to everyone but
# those who chose "never": the profile says so, and so do those e-mails.
URGENT_NOTICES_HELP = _(
    "Aunque elijas el resumen diario, los avisos urgentes te llegan de inmediato: la "
    "respuesta oficial a una propuesta tuya o que apoyaste, una decisión de moderación "
    "sobre lo que escribiste o un cambio en la verificación de tu residencia. Con «Nunca» "
    "no te escribimos nada, ni siquiera esos avisos."
)


class ProfileForm(forms.ModelForm):
    comuna = forms.ModelChoiceField(
        queryset=Comuna.objects.all(),
        required=False,
        label=_("Comuna de residencia"),
        help_text=_("Sirve para mostrarte lo que pasa en tu comuna y para las estadísticas."),
    )
    # Not a model field of this form: the view hands it to actions.do_set_profile_rut,
    # which stores it without ever saying whether another account holds it.
    rut = RutField(
        required=False,
        label=_("RUT (opcional)"),
        help_text=_(
            "Solo se usa para verificar que resides en la región. Nunca se muestra públicamente."
        ),
    )

    class Meta:
        model = User
        fields = ["display_name", "comuna", "gender", "age_range", "email_frequency"]
        labels = {"gender": _("Género (opcional)"), "age_range": _("Tramo de edad (opcional)")}
        widgets = {"email_frequency": forms.RadioSelect}
        help_texts = {"email_frequency": URGENT_NOTICES_HELP}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Setting choices keeps the queryset for validation but renders from the file,
        # grouped by region, without a query.
        self.fields["comuna"].choices = comuna_choices()
        self.fields["gender"].choices = [("", _("Sin responder")), *User.Gender.choices]
        self.fields["age_range"].choices = [("", _("Sin responder")), *User.AgeRange.choices]
        self.fields["rut"].initial = self.instance.declared_rut
        verified_in = self.instance.verified_comuna_name
        if verified_in:
            # Moving stays possible (and keeps the verification): say what it changes.
            self.fields["comuna"].help_text = format_lazy(
                _(
                    "Tu residencia está verificada en {comuna}. Si cambias de comuna, la "
                    "verificación sigue siendo de {comuna}: las consultas para residentes "
                    "verificados la siguen considerando hasta que verifiques la nueva en una "
                    "oficina del Gobierno Regional."
                ),
                comuna=verified_in,
            )
        if self.instance.is_verified_resident:
            self.fields["rut"].disabled = True
            self.fields["rut"].help_text = _(
                "Tu RUT ya fue verificado; para cambiarlo acércate a una oficina."
            )

    def clean_display_name(self) -> str:
        return clean_public_name(self.cleaned_data["display_name"], person=self.instance)

    @property
    def changes_rut(self) -> bool:
        """Whether a valid form carries a RUT for the person to store (not once verified)."""
        return not self.fields["rut"].disabled


class VerificationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("RUT o correo electrónico"),
        max_length=254,
        help_text=_("Busca a la persona por su RUT (con o sin puntos) o su correo."),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"].strip()
        # Not an e-mail: a RUT, which must be one before anyone is looked for, so a typo
        # says "RUT inválido" instead of "nobody found".
        if "@" not in query and parse_rut(query) is None:
            if split_rut(query) is not None:
                raise ValidationError(
                    _(
                        "RUT inválido: el dígito verificador no corresponde. Revisa el número "
                        "en la cédula."
                    ),
                    code="checksum",
                )
            raise ValidationError(
                _(
                    "RUT inválido: escribe un RUT como 12.345.678-5, o el correo electrónico "
                    "de la persona."
                ),
                code="invalid",
            )
        return query


class VerificationForm(forms.Form):
    verified = forms.TypedChoiceField(
        choices=[("1", _("Verificar")), ("0", _("Retirar verificación"))],
        coerce=lambda value: value == "1",
    )
    # The RUT the official read on the page and compared with the identity card: the
    # action verifies only if the person's RUT is still this one.
    rut = forms.CharField(required=False, widget=forms.HiddenInput)
    # Likewise the profile comuna (CUT code) the page showed: the action verifies only if
    # it is still the person's, and records it as the verified comuna.
    comuna = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, person: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_verified(self) -> bool:
        verified = self.cleaned_data["verified"]
        if verified and not self.person.declared_rut:
            raise ValidationError(
                _(
                    "Esta persona no ha registrado su RUT. Pídele que lo agregue en su "
                    "perfil antes de verificarla."
                )
            )
        if verified and not self.person.comuna_id:
            raise ValidationError(COMUNA_MISSING, code="comuna_missing")
        return verified

    def clean_rut(self) -> str | None:
        # Rendered by the page in its stored form; anything else matches no one.
        return parse_rut(self.cleaned_data["rut"])

    def clean_comuna(self) -> str | None:
        return self.cleaned_data["comuna"].strip() or None


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Tu contraseña actual"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Entiendo que esta acción no se puede deshacer."),
        error_messages={"required": _("Debes confirmar que entiendes las consecuencias.")},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("La contraseña no es correcta."))
        return password
