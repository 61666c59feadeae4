"""Forms for the consultation pages. Filters are GET forms whose bad values are dropped
(and reported next to the field) rather than failing the whole page. The consultation
editor (``ConsultationForm``) carries one ``PhaseForm`` per phase kind."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.geo import point_label
from accounts.models import Comuna, Division
from accounts.roles import Role, can_act_as
from common.forms import DecimalNumberField, IdChoiceField, LocalDateTimeField, WholeNumberField
from common.numbers import parse_decimal, parse_int
from common.text import spanish_sorted
from consultations import rules
from consultations.actions import ConsultationInput, PhaseDates
from consultations.models import Consultation, Phase, Proposal, Topic
from consultations.queries import (
    CONSULTATION_STATUSES,
    PROPOSAL_SORTS,
    PROPOSAL_STATES,
    offered_topics,
    region_comunas,
)
from deliberation.forms import WrittenTextField
from deliberation.markup import FORMATTING_HELP, typed_text
from planning.models import PlanningInstrument

BODY_MAX_LENGTH = 10_000
TITLE_TOO_LONG = _(
    "El título tiene %(length)s caracteres; el máximo es %(limit)s. Acórtalo un poco."
)
# Chile, from Arica to Cape Horn and from Rapa Nui to the Andes: a point outside is a typo
# (a swapped sign, latitude and longitude exchanged).
LATITUDE_RANGE = (-56.0, -17.0)
LONGITUDE_RANGE = (-110.0, -66.0)


def _region_comuna_choices(consultation: Consultation) -> list[tuple[str, str]]:
    if consultation.whole_region:
        comunas = region_comunas()
    else:
        comunas = spanish_sorted(
            ((comuna.cut, comuna.name) for comuna in consultation.comunas.all()),
            key=lambda item: item[1],
        )
    return [("", _("Sin comuna")), *comunas]


class ProposalForm(forms.Form):
    title = WrittenTextField(
        label=_("Título"),
        max_length=150,
        help_text=_("Una frase que resuma tu idea. Máximo 150 caracteres."),
        too_long=TITLE_TOO_LONG,
        error_messages={"required": _("Escribe un título para tu propuesta.")},
    )
    body = WrittenTextField(
        label=_("Tu propuesta"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=BODY_MAX_LENGTH,
        help_text=format_lazy(
            "{} {}", _("Explica qué propones, por qué y a quién beneficia."), FORMATTING_HELP
        ),
        too_long=_(
            "La propuesta tiene %(length)s caracteres; el máximo es %(limit)s. Acórtala un poco."
        ),
        error_messages={"required": _("Describe tu propuesta.")},
    )
    topics = forms.MultipleChoiceField(
        label=_("Temas (opcional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": rules.UNKNOWN_TOPIC},
    )
    comuna = forms.ChoiceField(
        label=_("Comuna (opcional)"),
        required=False,
        help_text=_("Dónde se aplicaría tu propuesta, si es en un lugar concreto."),
    )
    latitude = DecimalNumberField(
        label=_("Latitud (opcional)"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("En grados decimales, por ejemplo -33.0472."),
        error_messages={"invalid": _("Escribe la latitud como número, por ejemplo -33.0472.")},
    )
    longitude = DecimalNumberField(
        label=_("Longitud (opcional)"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("En grados decimales, por ejemplo -71.6127."),
        error_messages={"invalid": _("Escribe la longitud como número, por ejemplo -71.6127.")},
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        # The sentence refusing the marked point, said again under the map (``_place``).
        self.place_refusal: Any = ""
        self._topics = {tag.slug: tag for tag in consultation.topics_by_name}
        if self._topics:
            self.fields["topics"].choices = [(tag.slug, tag.label) for tag in self._topics.values()]
        else:
            del self.fields["topics"]
        self.fields["comuna"].choices = _region_comuna_choices(consultation)

    @classmethod
    def initial_for(cls, proposal: Proposal) -> dict[str, Any]:
        return {
            "title": proposal.title,
            "body": typed_text(proposal),
            "topics": [tag.slug for tag in proposal.topics.all()],
            "comuna": proposal.comuna_id or "",
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
        }

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

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
        elif not {"comuna", "latitude", "longitude"} & set(self.errors):
            self._place(data)
        return data

    def _place(self, data: dict[str, Any]) -> None:
        """The comuna and point against the territory and each other (the rule the
        actions apply again); a point without a comuna gives the proposal its comuna."""
        chosen = data.get("comuna")
        place = rules.placement(
            self.consultation,
            chosen.pk if chosen is not None else None,
            data.get("latitude"),
            data.get("longitude"),
        )
        if place.refusal:
            if data.get("latitude") is not None and data.get("longitude") is not None:
                self.place_refusal = place.refusal
            self.add_error(place.field, place.refusal)  # takes the field out of ``data``
        elif place.comuna and chosen is None:
            data["comuna"] = Comuna.objects.get(pk=place.comuna)

    @property
    def place_label(self) -> str:
        """Where the form's point lies ("Quilpué (Valparaíso)"), said under the map unless
        ``place_refusal`` says more; "" without a point, or at sea. No query."""
        latitude = parse_decimal(str(self["latitude"].value() or ""))
        longitude = parse_decimal(str(self["longitude"].value() or ""))
        if latitude is None or longitude is None:
            return ""
        return point_label(float(latitude), float(longitude))

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
        self.widget.attrs.update({"inputmode": "numeric"})

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        compact = text.replace("$", "").replace(".", "").replace(" ", "").replace("\xa0", "")
        # ASCII digits only ("²".isdigit() is true and int("²") raises; int() reads
        # fullwidth and Arabic-Indic digits as numbers no official typed on purpose).
        number = parse_int(compact, signed=True)
        if number is not None and number < 0:
            raise ValidationError(_("El costo no puede ser negativo."))
        if number is None or len(compact) > 15:
            raise ValidationError(
                _("Escribe el costo en pesos, solo con números (puedes usar puntos).")
            )
        return number


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
    body = WrittenTextField(
        label=_("Respuesta pública"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            "{} {}",
            _(
                "La leerán la autora o el autor, quienes la apoyaron y cualquier persona. "
                "Obligatoria si rechazas la propuesta."
            ),
            FORMATTING_HELP,
        ),
        too_long=_(
            "La respuesta tiene %(length)s caracteres; el máximo es %(limit)s. Acórtala un poco."
        ),
    )
    estimated_cost = PesosField(
        label=_("Costo estimado en pesos (opcional)"),
        required=False,
        help_text=_("Por ejemplo: 250.000.000"),
    )
    execution_period = WrittenTextField(
        label=_("Plazo de ejecución (opcional)"),
        required=False,
        max_length=100,
        too_long=_(
            "El plazo tiene %(length)s caracteres; el máximo es %(limit)s. Acórtalo un poco."
        ),
        help_text=_("Por ejemplo: «Segundo semestre de 2026»."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("state") == Proposal.State.REJECTED and not (data.get("body") or "").strip():
            self.add_error("body", rules.REJECTION_NEEDS_REASON)
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
        self.fields["tema"].choices = [("", _("Todos")), *((t.slug, t.label) for t in topics)]
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
        topics = consultation.topics_by_name
        self.fields["tema"].choices = [("", _("Todos")), *((t.slug, t.label) for t in topics)]
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


# --- Creating and editing consultations ---------------------------------------------------

CONSULTATION_BODY_MAX_LENGTH = 20_000
IMAGE_MAX_MEGABYTES = 5  # also in the image field's help text
IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]


def _datetime_field(label: Any) -> forms.DateTimeField:
    return LocalDateTimeField(
        label=label,
        required=False,
        error_messages={
            "invalid": _("Escribe una fecha y una hora válidas, por ejemplo 2026-03-03 18:00.")
        },
    )


class PhaseForm(forms.Form):
    """One phase kind's dates in the consultation editor (prefixed by its kind). A phase is
    included when it has a start; without an end it runs until an official closes it."""

    starts_at = _datetime_field(_("Comienza"))
    ends_at = _datetime_field(_("Termina (opcional)"))

    def __init__(self, *args: Any, kind: str, phase: Phase | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"fase-{kind}")
        if phase is not None:
            kwargs.setdefault("initial", {"starts_at": phase.starts_at, "ends_at": phase.ends_at})
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.phase = phase
        self.label = Phase.Kind(kind).label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if ends_at and not starts_at and "starts_at" not in self.errors:
            self.add_error(
                "starts_at",
                _(
                    "Para incluir esta fase indica también cuándo comienza; para dejarla "
                    "fuera, borra su término."
                ),
            )
        elif starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("El término debe ser posterior al comienzo."))
        return data

    @property
    def is_removed(self) -> bool:
        """An existing phase whose start was emptied (valid forms only)."""
        return self.phase is not None and not self.cleaned_data.get("starts_at")

    def dates(self) -> PhaseDates | None:
        starts_at = self.cleaned_data.get("starts_at")
        if starts_at is None:
            return None
        return PhaseDates(kind=self.kind, starts_at=starts_at, ends_at=self.cleaned_data["ends_at"])


def _number_field(label: Any, *, required: bool, minimum: int, **kwargs: Any) -> WholeNumberField:
    return WholeNumberField(
        label=label,
        required=required,
        min_value=minimum,
        error_messages={
            "required": _("Escribe un número."),
            "invalid": _("Escribe un número entero, sin puntos ni decimales."),
            "min_value": _("Escribe un número mayor o igual a %(limit_value)s."),
            "max_value": _("Escribe un número menor o igual a %(limit_value)s."),
        },
        **kwargs,
    )


class ConsultationForm(forms.Form):
    """The consultation editor: the consultation's fields plus one ``PhaseForm`` per phase
    kind (``self.phases``), validated together by ``is_valid``.

    Officials create for their own division (no division field); administrators choose
    it. A published consultation keeps its address (the slug field is disabled).
    """

    title = WrittenTextField(
        label=_("Título"),
        max_length=200,
        too_long=TITLE_TOO_LONG,
        error_messages={"required": _("Escribe el título de la consulta.")},
    )
    slug = forms.SlugField(
        label=_("Identificador en la dirección (opcional)"),
        required=False,
        max_length=80,
        help_text=_(
            "La consulta quedará en /consultas/identificador/. Si lo dejas vacío, se forma a "
            "partir del título."
        ),
        error_messages={
            "invalid": _(
                "Usa solo letras sin tildes, números y guiones, por ejemplo «parques-urbanos»."
            ),
            "max_length": _(
                "El identificador puede tener como máximo %(limit_value)d caracteres "
                "(tiene %(show_value)d)."
            ),
        },
    )
    summary = WrittenTextField(
        label=_("Resumen"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Una o dos frases; se muestran en la lista de consultas. Máximo 300 caracteres."
        ),
        too_long=_(
            "El resumen tiene %(length)s caracteres; el máximo es %(limit)s. Acórtalo un poco."
        ),
        error_messages={"required": _("Escribe un resumen de la consulta.")},
    )
    body = WrittenTextField(
        label=_("Descripción (opcional)"),
        required=False,
        max_length=CONSULTATION_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=format_lazy(
            "{} {}",
            _("Qué se consulta, por qué y qué se hará con lo que se reciba."),
            FORMATTING_HELP,
        ),
        too_long=_(
            "La descripción tiene %(length)s caracteres; el máximo es %(limit)s. Acórtala un poco."
        ),
    )
    image = forms.ImageField(
        label=_("Imagen (opcional)"),
        required=False,
        help_text=_("JPG, PNG o WebP, de hasta 5 MB."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        validators=[
            FileExtensionValidator(
                allowed_extensions=IMAGE_EXTENSIONS,
                message=_("Elige una imagen JPG, PNG o WebP."),
            )
        ],
        error_messages={
            "invalid_image": _("El archivo no es una imagen válida: elige un JPG, PNG o WebP."),
            "empty": _("El archivo está vacío: elige otra imagen."),
            "invalid": _("No se recibió una imagen: vuelve a elegirla."),
        },
    )
    remove_image = forms.BooleanField(label=_("Quitar la imagen actual"), required=False)
    image_alt = forms.CharField(
        label=_("Texto alternativo de la imagen"),
        required=False,
        max_length=200,
        help_text=_(
            "Describe lo que muestra la imagen para quienes no pueden verla. Obligatorio si "
            "hay imagen."
        ),
        error_messages={
            "max_length": _(
                "El texto alternativo puede tener como máximo %(limit_value)d caracteres "
                "(tiene %(show_value)d)."
            ),
        },
    )
    whole_region = forms.BooleanField(label=_("Toda la región"), required=False)
    comunas = forms.MultipleChoiceField(
        label=_("Comunas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Si la consulta no es para toda la región, marca sus comunas."),
        error_messages={"invalid_choice": _("Elige comunas de la lista.")},
    )
    topics = forms.MultipleChoiceField(
        label=_("Temas (opcional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("La lista de temas la mantiene la administración del sitio."),
        error_messages={"invalid_choice": rules.UNKNOWN_TOPIC},
    )
    planning_instrument = IdChoiceField(
        label=_("Instrumento de planificación que informa (opcional)"),
        queryset=PlanningInstrument.objects.all(),
        required=False,
        empty_label=_("Ninguno"),
    )
    division = IdChoiceField(
        label=_("División responsable"),
        queryset=Division.objects.all(),
        help_text=_(
            "Sus funcionarias y funcionarios editan la consulta y responden las propuestas."
        ),
        error_messages={"required": _("Elige la división responsable de la consulta.")},
    )
    residency_rule = forms.ChoiceField(
        label=_("Quién puede participar"),
        choices=Consultation.Residency.choices,
        initial=Consultation.Residency.ANYONE,
        widget=forms.RadioSelect,
        help_text=_(
            "Proponer, apoyar, comentar y responder la encuesta. El territorio son las "
            "comunas marcadas arriba, o toda la región. La residencia declarada es la comuna "
            "del perfil; la verificada exige además el RUT verificado con la cédula."
        ),
        # Not sent (a form without the field, a script): anyone, as before the rule existed.
        required=False,
    )
    edit_window_minutes = _number_field(
        _("Minutos para editar una propuesta"),
        required=True,
        minimum=0,
        max_value=10_080,
        initial=60,
        help_text=_(
            "Cuánto tiempo tiene quien propone para corregir su propuesta (0: no se edita)."
        ),
    )
    premoderated = forms.BooleanField(
        label=_("Revisión previa de moderación"),
        required=False,
        help_text=_(
            "Las propuestas y los comentarios nuevos esperan la aprobación de moderación "
            "antes de publicarse; quien los escribió los ve «en revisión»."
        ),
    )
    support_limit = _number_field(
        _("Máximo de apoyos por persona (opcional)"),
        required=False,
        minimum=1,
        help_text=_("Vacío: sin límite."),
    )
    support_threshold = _number_field(
        _("Apoyos para pasar a evaluación (opcional)"),
        required=False,
        minimum=1,
        help_text=_(
            "Al alcanzarlo, la propuesta pasa a «en evaluación» y se avisa a la división a cargo."
        ),
    )

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        user: Any,
        consultation: Consultation | None = None,
        **kwargs: Any,
    ) -> None:
        if consultation is not None:
            kwargs.setdefault("initial", self.initial_for(consultation))
        else:
            kwargs.setdefault(
                "initial",
                {"whole_region": True, "residency_rule": Consultation.Residency.ANYONE},
            )
        super().__init__(data, files, **kwargs)
        self.user = user
        self.consultation = consultation
        self.fields["comunas"].choices = region_comunas()
        self._topics = {topic.slug: topic for topic in offered_topics(consultation)}
        self.fields["topics"].choices = [
            (topic.slug, topic.label) for topic in self._topics.values()
        ]
        if can_act_as(user, Role.ADMINISTRATOR):
            self.fixed_division = None
        else:
            del self.fields["division"]
            self.fixed_division = consultation.division if consultation else user.division
        if consultation is None or not consultation.image:
            del self.fields["remove_image"]
        if consultation is not None and consultation.is_published:
            self.fields["slug"].disabled = True
            self.fields["slug"].label = _("Identificador en la dirección")
            self.fields["slug"].help_text = rules.PUBLISHED_SLUG_FIXED
        self.phases = [
            PhaseForm(
                data,
                kind=kind,
                phase=consultation.phase(kind) if consultation is not None else None,
            )
            for kind in Phase.Kind.values
        ]

    @staticmethod
    def initial_for(consultation: Consultation) -> dict[str, Any]:
        return {
            "title": consultation.title,
            "slug": consultation.slug,
            "summary": consultation.summary,
            "body": typed_text(consultation),
            "image_alt": consultation.image_alt,
            "whole_region": consultation.whole_region,
            "comunas": [comuna.cut for comuna in consultation.comunas.all()],
            "topics": [tag.slug for tag in consultation.topics.all()],
            "planning_instrument": consultation.planning_instrument_id,
            "division": consultation.division_id,
            "residency_rule": consultation.residency_rule,
            "edit_window_minutes": consultation.edit_window_minutes,
            "premoderated": consultation.premoderated,
            "support_limit": consultation.support_limit,
            "support_threshold": consultation.support_threshold,
        }

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_summary(self) -> str:
        return " ".join(self.cleaned_data["summary"].split())

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if self.fields["slug"].disabled or not slug:
            return slug
        refusal = rules.slug_refusal(slug, self.consultation)
        if refusal:
            raise ValidationError(refusal)
        return slug

    def clean_image(self) -> UploadedFile | None:
        image = self.cleaned_data["image"]
        # A bound form without a new file gives back the current image: keep it as None.
        if not isinstance(image, UploadedFile):
            return None
        if image.size > IMAGE_MAX_MEGABYTES * 1024 * 1024:
            raise ValidationError(
                _("La imagen puede pesar como máximo %(size)d MB."),
                params={"size": IMAGE_MAX_MEGABYTES},
            )
        return image

    def clean_residency_rule(self) -> str:
        return self.cleaned_data["residency_rule"] or Consultation.Residency.ANYONE

    def clean_comunas(self) -> list[Comuna]:
        return list(Comuna.objects.filter(cut__in=self.cleaned_data["comunas"]))

    def clean_topics(self) -> list[Topic]:
        return [self._topics[slug] for slug in self.cleaned_data["topics"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("whole_region") and "comunas" in data and not data["comunas"]:
            self.add_error("comunas", rules.TERRITORY_MISSING)
        keeps_image = bool(self.consultation and self.consultation.image) and not data.get(
            "remove_image"
        )
        has_image = bool(data.get("image")) or keeps_image or "image" in self.errors
        if has_image and "image_alt" in data and not data["image_alt"].strip():
            self.add_error(
                "image_alt",
                _("Describe la imagen en el texto alternativo: es obligatorio si hay imagen."),
            )
        return data

    def is_valid(self) -> bool:
        """The consultation's fields and every phase, all checked (so every error shows at
        once); removing a phase that already has activity is refused on its start field."""
        valid = super().is_valid()
        phases_valid = True
        for phase_form in self.phases:
            if not phase_form.is_valid():
                phases_valid = False
            elif phase_form.is_removed and self.consultation is not None:
                refusal = rules.phase_removal_refusal(self.consultation, phase_form.kind)
                if refusal:
                    phase_form.add_error("starts_at", refusal)
                    phases_valid = False
        return valid and phases_valid

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(phase_form.errors for phase_form in self.phases)

    @property
    def image_dropped(self) -> bool:
        """Whether an image was sent with a refused form (browsers do not send it again)."""
        return bool(self.files.get("image")) and self.has_errors

    def error_summary(self) -> list[tuple[str, str, list[str]]]:
        """(field id, label, messages) for the summary above the form, in page order."""
        summary = []
        for bound in self:
            if bound.errors:
                anchor = bound.auto_id
                if isinstance(bound.field.widget, forms.CheckboxSelectMultiple):
                    anchor += "_0"
                summary.append((anchor, str(bound.label), list(bound.errors)))
        for phase_form in self.phases:
            for bound in phase_form:
                if bound.errors:
                    label = f"{phase_form.label} · {bound.label}"
                    summary.append((bound.auto_id, label, list(bound.errors)))
        return summary

    def action_input(self) -> ConsultationInput:
        data = self.cleaned_data
        division = data["division"] if "division" in self.fields else self.fixed_division
        phases = [dates for phase_form in self.phases if (dates := phase_form.dates())]
        return ConsultationInput(
            title=data["title"],
            slug="" if self.fields["slug"].disabled else data["slug"],
            summary=data["summary"],
            body=data["body"],
            image=data["image"],
            remove_image=data.get("remove_image", False),
            image_alt=data["image_alt"].strip(),
            whole_region=data["whole_region"],
            comunas=[] if data["whole_region"] else data["comunas"],
            topics=data["topics"],
            planning_instrument=data["planning_instrument"],
            residency_rule=data["residency_rule"],
            edit_window_minutes=data["edit_window_minutes"],
            premoderated=data.get("premoderated", False),
            support_limit=data["support_limit"],
            support_threshold=data["support_threshold"],
            division=division,
            phases=phases,
        )
