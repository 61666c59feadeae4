"""Forms of the deliberation engine: they check the shape of input; actions check rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import WholeNumberField
from deliberation import rules
from deliberation.models import Comment, CommentVote, Discussion

BODY_MAX_LENGTH = 5000


class CommentForm(forms.Form):
    """A new comment or reply. ``alignment`` only where the discussion asks for a stance."""

    body = forms.CharField(
        label=_("Tu comentario"),
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Escribe tu comentario antes de publicarlo."),
            "max_length": _("Tu comentario puede tener hasta %(limit_value)d caracteres."),
        },
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
    body = forms.CharField(
        label=_("Texto del comentario"),
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("El comentario no puede quedar vacío: si quieres, bórralo."),
            "max_length": _("Tu comentario puede tener hasta %(limit_value)d caracteres."),
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
