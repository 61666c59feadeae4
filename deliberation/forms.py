"""Forms of the deliberation engine: they check the shape of input; actions check rules."""

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.forms import WholeNumberField, too_long_error
from deliberation import rules
from deliberation.markup import FORMATTING_HELP
from deliberation.models import Comment, CommentVote, Discussion, ReportReason

BODY_MAX_LENGTH = 5000
COMMENT_TOO_LONG = _(
    "Tu comentario tiene %(length)s caracteres; el máximo es %(limit)s. Acórtalo un poco."
)


class WrittenTextField(forms.CharField):
    """Text a person writes, never cut short: the browser gets no ``maxlength`` (which
    silently drops what a paste brings past it) but ``data-limit`` for the live counter
    (``static/js/counter.js``), and a text past the limit is refused with ``too_long``
    (``%(length)s`` and ``%(limit)s``, grouped as people read numbers), the text kept.

    Newlines count once: browsers send a textarea's as CRLF, stored as LF.
    """

    def __init__(self, *, too_long: str | Promise, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.too_long = too_long
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        limit = attrs.pop("maxlength", None)
        if limit is not None:
            attrs["data-limit"] = limit
        return attrs

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.max_length is not None and len(value) > self.max_length:
            raise too_long_error(self.too_long, length=len(value), limit=self.max_length)


class CommentForm(forms.Form):
    """A new comment or reply. ``alignment`` only where the discussion asks for a stance."""

    body = WrittenTextField(
        label=_("Tu comentario"),
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=FORMATTING_HELP,
        too_long=COMMENT_TOO_LONG,
        error_messages={"required": _("Escribe tu comentario antes de publicarlo.")},
    )
    alignment = forms.ChoiceField(
        label=_("Tu postura"),
        choices=Comment.Alignment.choices,
        initial=Comment.Alignment.NEUTRAL,
        widget=forms.RadioSelect,
        required=False,
    )
    parent = WholeNumberField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, discussion: Discussion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.discussion = discussion
        self.parent: Comment | None = None
        if not discussion.uses_alignment:
            del self.fields["alignment"]
        prefix = self.prefix or "comentar"
        self.fields["body"].widget.attrs["id"] = f"{prefix}-texto"

    def clean_parent(self) -> int | None:
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = (
            Comment.objects.filter(discussion=self.discussion, pk=parent_id)
            .select_related("author")
            .first()
        )
        refusal = (
            rules.PARENT_GONE if parent is None else rules.replying_refusal(self.discussion, parent)
        )
        if refusal is not None:
            raise forms.ValidationError(refusal)
        self.parent = parent
        return parent_id

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # A reply takes no stance of its own: the stance belongs to the top-level comment.
        if "alignment" in self.fields and (self.parent is not None or not cleaned.get("alignment")):
            cleaned["alignment"] = "" if self.parent is not None else Comment.Alignment.NEUTRAL
        return cleaned


class EditCommentForm(forms.Form):
    body = WrittenTextField(
        label=_("Texto del comentario"),
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=FORMATTING_HELP,
        too_long=COMMENT_TOO_LONG,
        error_messages={
            "required": _("El comentario no puede quedar vacío: si quieres, bórralo."),
        },
    )


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(
        choices=[("up", _("A favor")), ("down", _("En contra"))],
        coerce=lambda value: CommentVote.Value.UP if value == "up" else CommentVote.Value.DOWN,
        error_messages={"required": _("Elige a favor o en contra.")},
    )


class HideContributionForm(forms.Form):
    """A moderator's public reason for hiding a contribution (any type)."""

    reason = forms.CharField(
        label=_("Motivo público"),
        max_length=300,
        strip=True,
        help_text=_("Se muestra en lugar del texto. Cita la regla de convivencia."),
        error_messages={
            "required": _("Escribe el motivo: se mostrará en lugar del texto."),
            "max_length": _("El motivo puede tener hasta %(limit_value)d caracteres."),
        },
    )
    category = forms.ChoiceField(
        label=_("Regla que no cumple"),
        choices=[("", _("Sin categoría")), *ReportReason.choices],
        required=False,
    )


class ReportForm(forms.Form):
    """Why a person reports a contribution, and what they want moderators to know."""

    reason = forms.ChoiceField(
        label=_("¿Por qué lo reportas?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Elige el motivo del reporte."),
            "invalid_choice": _("Elige uno de los motivos de la lista."),
        },
    )
    details = WrittenTextField(
        label=_("Detalles (opcional)"),
        required=False,
        max_length=2000,
        too_long=_("Los detalles tienen %(length)s caracteres; el máximo es %(limit)s."),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Solo los lee el equipo de moderación."),
    )


class AppealForm(forms.Form):
    """The author's reasons to review a moderation decision (once)."""

    text = WrittenTextField(
        label=_("¿Por qué pides revisar la decisión?"),
        max_length=3000,
        too_long=_("Tu apelación tiene %(length)s caracteres; el máximo es %(limit)s."),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Otra persona del equipo de moderación, distinta de quien decidió, la revisará. "
            "Solo puedes apelar una vez."
        ),
        error_messages={"required": _("Escribe por qué pides revisar la decisión.")},
    )


class FollowForm(forms.Form):
    follow = forms.TypedChoiceField(
        choices=[("1", _("Seguir")), ("0", _("Dejar de seguir"))],
        coerce=lambda value: value == "1",
    )


class ClientMessageForm(forms.Form):
    """What a live client may send over the socket."""

    type = forms.ChoiceField(choices=[("resume", "resume"), ("ping", "ping")])
    # An event id: past a 64-bit integer the catch-up query would fail.
    after = WholeNumberField(required=False, min_value=0, max_value=2**63 - 1)
