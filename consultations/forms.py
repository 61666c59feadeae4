"""Forms for the consultation pages. Filters are GET forms whose bad values are dropped
(and reported next to the field) rather than failing the whole page."""

from typing import Any

import bleach
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Comuna
from consultations.models import Consultation, Phase, Proposal
from consultations.queries import (
    CONSULTATION_STATUSES,
    PROPOSAL_SORTS,
    PROPOSAL_STATES,
    region_comunas,
)
from deliberation.sanitizer import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
    editable_text,
)

BODY_MAX_LENGTH = 10_000
# Chile, from Arica to Cape Horn and from Rapa Nui to the Andes: a point outside is a typo
# (a swapped sign, latitude and longitude exchanged).
LATITUDE_RANGE = (-56.0, -17.0)
LONGITUDE_RANGE = (-110.0, -66.0)


def removed_markup(raw: str) -> bool:
    """Whether the sanitiser will drop markup the person wrote: a tag, an attribute or a
    link scheme outside its allow-list. Used to tell them, never to decide what is kept
    (``deliberation.sanitizer.clean_html`` alone does that)."""
    if "<" not in raw:
        return False
    dropped = False

    def allow(tag: str, name: str, value: str) -> bool:
        nonlocal dropped
        allowed = name in ALLOWED_ATTRIBUTES.get(tag, ())
        if allowed and name == "href" and ":" in value.split("/", 1)[0]:
            allowed = value.split(":", 1)[0].strip().lower() in ALLOWED_PROTOCOLS
        if not allowed:
            dropped = True
        return allowed

    options = {
        "tags": ALLOWED_TAGS,
        "attributes": allow,
        "protocols": ALLOWED_PROTOCOLS,
        "strip_comments": True,
    }
    # Escaping keeps a disallowed tag as text, stripping removes it: they differ only when
    # there was one.
    escaped = bleach.clean(raw, strip=False, **options)
    stripped = bleach.clean(raw, strip=True, **options)
    return dropped or escaped != stripped


def _region_comuna_choices(consultation: Consultation) -> list[tuple[str, str]]:
    if consultation.whole_region:
        comunas = region_comunas()
    else:
        comunas = sorted(
            ((comuna.cut, comuna.name) for comuna in consultation.comunas.all()),
            key=lambda item: item[1],
        )
    return [("", _("Sin comuna")), *comunas]


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Título"),
        max_length=150,
        help_text=_("Una frase que resuma tu idea. Máximo 150 caracteres."),
        error_messages={
            "required": _("Escribe un título para tu propuesta."),
            "max_length": _(
                "El título puede tener como máximo %(limit_value)d caracteres "
                "(tiene %(show_value)d)."
            ),
        },
    )
    body = forms.CharField(
        label=_("Tu propuesta"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=BODY_MAX_LENGTH,
        help_text=_(
            "Explica qué propones, por qué y a quién beneficia. Puedes separar párrafos "
            "con una línea en blanco. Se permite formato básico (negrita, listas, enlaces); "
            "no se permiten imágenes, estilos ni scripts."
        ),
        error_messages={
            "required": _("Describe tu propuesta."),
            "max_length": _(
                "La propuesta puede tener como máximo %(limit_value)d caracteres "
                "(tiene %(show_value)d)."
            ),
        },
    )
    topics = forms.MultipleChoiceField(
        label=_("Temas (opcional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comuna = forms.ChoiceField(
        label=_("Comuna (opcional)"),
        required=False,
        help_text=_("Dónde se aplicaría tu propuesta, si es en un lugar concreto."),
    )
    latitude = forms.FloatField(
        label=_("Latitud (opcional)"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("En grados decimales, por ejemplo -33.0472."),
        error_messages={"invalid": _("Escribe la latitud como número, por ejemplo -33.0472.")},
    )
    longitude = forms.FloatField(
        label=_("Longitud (opcional)"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("En grados decimales, por ejemplo -71.6127."),
        error_messages={"invalid": _("Escribe la longitud como número, por ejemplo -71.6127.")},
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.removed_markup = False
        self._topics = {tag.slug: tag for tag in consultation.topics.all()}
        if self._topics:
            self.fields["topics"].choices = sorted(
                ((tag.slug, tag.name) for tag in self._topics.values()),
                key=lambda item: item[1].lower(),
            )
        else:
            del self.fields["topics"]
        self.fields["comuna"].choices = _region_comuna_choices(consultation)

    @classmethod
    def initial_for(cls, proposal: Proposal) -> dict[str, Any]:
        return {
            "title": proposal.title,
            "body": editable_text(proposal.body),
            "topics": [tag.slug for tag in proposal.topics.all()],
            "comuna": proposal.comuna_id or "",
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
        }

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        self.removed_markup = removed_markup(body)
        return body

    def clean_comuna(self) -> Comuna | None:
        cut = self.cleaned_data["comuna"]
        return Comuna.objects.get(cut=cut) if cut else None

    def clean_latitude(self) -> float | None:
        return self._in_range("latitude", LATITUDE_RANGE)

    def clean_longitude(self) -> float | None:
        return self._in_range("longitude", LONGITUDE_RANGE)

    def _in_range(self, name: str, bounds: tuple[float, float]) -> float | None:
        value = self.cleaned_data[name]
        if value is not None and not bounds[0] <= value <= bounds[1]:
            raise ValidationError(
                _("El punto debe estar en Chile: escribe un valor entre %(low)s y %(high)s."),
                params={"low": bounds[0], "high": bounds[1]},
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in data and "longitude" in data and (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(
                missing,
                _("Para marcar un punto escribe la latitud y la longitud, o deja ambas vacías."),
            )
        return data

    def action_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "topics": [self._topics[slug] for slug in data.get("topics", [])],
            "comuna": data["comuna"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
        }


class PesosField(forms.CharField):
    """Whole Chilean pesos as people write them: "250.000.000", "$ 1.500", "3000"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Length is checked on the digits in to_python (validators would see an int).
        self.widget.attrs.update({"inputmode": "numeric", "maxlength": "30"})

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        compact = text.replace("$", "").replace(".", "").replace(" ", "").replace("\xa0", "")
        if compact.startswith("-") and compact[1:].isdigit():
            raise ValidationError(_("El costo no puede ser negativo."))
        if not compact.isdigit() or len(compact) > 15:
            raise ValidationError(
                _("Escribe el costo en pesos, solo con números (puedes usar puntos).")
            )
        return int(compact)


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Estado de la propuesta"),
        choices=[
            (Proposal.State.EVALUATING, Proposal.State.EVALUATING.label),
            (Proposal.State.ACCEPTED, Proposal.State.ACCEPTED.label),
            (Proposal.State.REJECTED, Proposal.State.REJECTED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Elige el nuevo estado de la propuesta.")},
    )
    body = forms.CharField(
        label=_("Respuesta pública"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "La leerán la autora o el autor, quienes la apoyaron y cualquier persona. "
            "Obligatoria si rechazas la propuesta."
        ),
    )
    estimated_cost = PesosField(
        label=_("Costo estimado en pesos (opcional)"),
        required=False,
        help_text=_("Por ejemplo: 250.000.000"),
    )
    execution_period = forms.CharField(
        label=_("Plazo de ejecución (opcional)"),
        required=False,
        max_length=100,
        help_text=_("Por ejemplo: «Segundo semestre de 2026»."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("state") == Proposal.State.REJECTED and not (data.get("body") or "").strip():
            self.add_error(
                "body",
                _("Para rechazar una propuesta debes explicar el motivo en la respuesta pública."),
            )
        return data


class ConsultationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    estado = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todas")), *CONSULTATION_STATUSES.items()],
    )
    fase = forms.ChoiceField(
        label=_("Fase en curso"),
        required=False,
        choices=[("", _("Cualquiera")), *Phase.Kind.choices],
    )
    tema = forms.ChoiceField(label=_("Tema"), required=False)
    comuna = forms.ChoiceField(label=_("Comuna"), required=False)

    def __init__(self, *args: Any, topics: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tema"].choices = [("", _("Todos")), *((t.slug, t.name) for t in topics)]
        self.fields["comuna"].choices = [("", _("Todas")), *region_comunas()]

    def filters(self) -> dict[str, str]:
        """The valid filters (an invalid one is dropped and shown as a field error)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "status": data.get("estado", ""),
            "phase": data.get("fase", ""),
            "topic": data.get("tema", ""),
            "comuna": data.get("comuna", ""),
            "text": (data.get("q") or "").strip(),
        }


class ProposalFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    orden = forms.ChoiceField(
        label=_("Ordenar por"), required=False, choices=list(PROPOSAL_SORTS.items())
    )
    estado = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todas")), *((key, label) for key, (_s, label) in PROPOSAL_STATES.items())],
    )
    tema = forms.ChoiceField(label=_("Tema"), required=False)
    comuna = forms.ChoiceField(label=_("Comuna"), required=False)

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = sorted(consultation.topics.all(), key=lambda tag: tag.name.lower())
        self.fields["tema"].choices = [("", _("Todos")), *((t.slug, t.name) for t in topics)]
        self.fields["comuna"].choices = [
            ("", _("Todas")),
            *_region_comuna_choices(consultation)[1:],
        ]

    def filters(self) -> dict[str, str]:
        self.is_valid()
        data = self.cleaned_data
        return {
            "sort": data.get("orden") or "recientes",
            "state": data.get("estado", ""),
            "topic": data.get("tema", ""),
            "comuna": data.get("comuna", ""),
            "text": (data.get("q") or "").strip(),
        }
