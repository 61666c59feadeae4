"""Who may do what now, and why not: one Spanish sentence per refusal, or None.

Actions call these to refuse (raising ``ValidationError`` with the sentence); pages call
the same functions to show the reason in place of a button, so what a page offers and
what the server accepts never disagree. Reads only: no locks, no writes. Phases must be
prefetched on the consultation (``queries.consultation_for_page`` does it).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.geo import comuna_at, nearest_comuna
from accounts.roles import Role, can_act_as, holds_role
from accounts.territory import comuna_label, comuna_name, region_name
from common.formats import when
from consultations.models import Consultation, Phase, Proposal, Support
from deliberation.rules import block_refusal

# A consultation is on the whole region or on at least one comuna (editor form and actions).
TERRITORY_MISSING = _("Elige al menos una comuna, o marca «Toda la región».")
PUBLISHED_NEEDS_PHASE = _(
    "Una consulta publicada necesita al menos una fase: indica cuándo comienza alguna."
)
# The editor's help text on a published consultation's slug, and the action's refusal.
PUBLISHED_SLUG_FIXED = _(
    "La dirección de una consulta publicada no cambia, para no romper los enlaces que ya circulan."
)
ALREADY_SUPPORTED = _("Ya apoyas esta propuesta.")
# Shown in place of "Apoyar" (and of "Quitar apoyo") once the official answer is public.
ANSWERED_CLOSES_SUPPORTS = _(
    "Esta propuesta ya tiene respuesta oficial: sus apoyos quedaron cerrados y se mantienen."
)
# Shown in place of "Apoyar" to the officials of the division that answers.
JUDGES_PROPOSALS = _(
    "Tu división responde las propuestas de esta consulta: quienes las evalúan no las apoyan."
)
NOT_SUPPORTED = _("No apoyabas esta propuesta.")
# The answer form says it next to the text; the action refuses with it.
REJECTION_NEEDS_REASON = _(
    "Para rechazar una propuesta debes explicar el motivo en la respuesta pública."
)
NO_DRAFT_ANSWERS = _("No hay respuestas en borrador para publicar.")
# Topics come from the list administrators keep: forms and actions refuse any other.
UNKNOWN_TOPIC = _("Elige temas de la lista.")


def consultation_topics_refusal(topics: Any, consultation: Consultation | None) -> str | None:
    """A consultation takes active topics, and keeps those it already had (a topic
    deactivated since). Its topics must be prefetched or cost one query."""
    kept = {topic.pk for topic in consultation.topics.all()} if consultation else set()
    if all(topic.is_active or topic.pk in kept for topic in topics):
        return None
    return UNKNOWN_TOPIC


def proposal_topics_refusal(topics: Any, consultation: Consultation) -> str | None:
    """A proposal takes only topics of its consultation."""
    offered = {topic.pk for topic in consultation.topics.all()}
    return None if all(topic.pk in offered for topic in topics) else UNKNOWN_TOPIC


# --- Who acts for a consultation --------------------------------------------------------


def is_official_for(user: Any, consultation: Consultation) -> bool:
    """Whether the person acts as an official (with 2FA) for this consultation's division
    (any division, when the consultation has none): they answer its proposals, close its
    phases and publish its answers."""
    if not can_act_as(user, Role.OFFICIAL):
        return False
    return consultation.division_id is None or consultation.division_id == user.division_id


def can_create_consultations(user: Any) -> bool:
    """Officials and administrators (with 2FA) create consultations (as drafts); the same
    people see every draft, marked as such, and survey results before they are public."""
    return can_act_as(user, Role.OFFICIAL) or can_act_as(user, Role.ADMINISTRATOR)


def can_edit_consultation(user: Any, consultation: Consultation) -> bool:
    """Administrators (with 2FA) edit and publish any consultation, and build its survey;
    officials (with 2FA) those of their division (any, when the consultation has none)."""
    return can_act_as(user, Role.ADMINISTRATOR) or is_official_for(user, consultation)


def participation_refusal(user: Any, consultation: Consultation) -> Any:
    """Whether the person may take part at all (sign-in, publication, residency): the
    rule behind proposals, supports, comments on its discussions and its survey."""
    if not consultation.is_published:
        return _("Esta consulta todavía no está publicada.")
    if not user.is_authenticated:
        return _("Ingresa o crea una cuenta para participar.")
    return block_refusal(user) or residency_refusal(user, consultation)


# --- Territory: who lives in it, and where a proposal's point lies ----------------------


def _joined(names: list[str], conjunction: Any) -> str:
    """ "Catemu, Olmué, Petorca o Putaendo" (``conjunction``: "o" or "y", translated)."""
    if len(names) < 2:
        return "".join(names)
    return format_lazy(
        "{first} {conjunction} {last}",
        first=", ".join(names[:-1]),
        conjunction=conjunction,
        last=names[-1],
    )


def territory_phrase(consultation: Consultation, *, either: bool = True) -> Any:
    """Its territory in a sentence: "la Región de Valparaíso", or its comunas joined
    with "o" (``either``: where one lives) or "y" (what it covers). No query beyond
    ``Consultation.territory_cuts``."""
    if consultation.whole_region:
        return format_lazy(
            _("la Región de {region}"), region=region_name(settings.CABILDO_REGION_CODE)
        )
    return _joined(consultation.territory_names, _("o") if either else _("y"))


def who_can_participate(consultation: Consultation) -> Any:
    """The consultation's residency rule, as its page says it before anyone writes."""
    rule = consultation.residency_rule
    if rule == Consultation.Residency.DECLARED:
        return format_lazy(
            _("Quienes viven en {territory}, según la comuna de su perfil."),
            territory=territory_phrase(consultation),
        )
    if rule == Consultation.Residency.VERIFIED:
        return format_lazy(
            _(
                "Residentes verificados de {territory}: cuenta la comuna donde se verificó su "
                "residencia (con la cédula, en una oficina del Gobierno Regional), no la que "
                "diga su perfil."
            ),
            territory=territory_phrase(consultation),
        )
    return _("Cualquier persona con cuenta.")


def residency_refusal(user: Any, consultation: Consultation) -> Any:
    """Why a signed-in person does not meet the consultation's residency rule, or None.
    Reads the person's comuna codes and verification (no query) and the consultation's
    territory. The declared rule reads the profile comuna, which the person fixes in
    their profile (pages link to it); the verified rule, the verified one
    (``verified_refusal``)."""
    rule = consultation.residency_rule
    if rule == Consultation.Residency.ANYONE:
        return None
    territory = territory_phrase(consultation)
    if rule == Consultation.Residency.VERIFIED:
        return verified_refusal(user, consultation)
    if not user.comuna_id:
        return format_lazy(
            _(
                "Esta consulta es para quienes viven en {territory}. Indica tu comuna en tu "
                "perfil para participar."
            ),
            territory=territory,
        )
    if user.comuna_id not in consultation.territory_cuts:
        return format_lazy(
            _(
                "Esta consulta es para quienes viven en {territory}, y tu perfil dice que "
                "vives en {comuna}. Si vives en otra comuna, actualízala en tu perfil."
            ),
            territory=territory,
            comuna=comuna_name(user.comuna_id),
        )
    return None


def verified_refusal(user: Any, consultation: Consultation) -> Any:
    """Why the person is not a verified resident of the consultation's territory, or None.

    What counts is ``User.verified_comuna``, the comuna an official verified, which the
    profile cannot change: it must lie in the territory. A profile comuna that differs
    from it says the person moved since: into the territory, they need a new
    verification there; out of it, they no longer live in it (or their profile is wrong).
    A profile without a comuna leaves the verified one standing. No query."""
    territory = territory_phrase(consultation)
    if not user.is_verified_resident:
        return format_lazy(
            _(
                "Esta consulta es para residentes verificados de {territory}. Agrega tu RUT "
                "en tu perfil y verifícalo con tu cédula en una oficina del Gobierno Regional."
            ),
            territory=territory,
        )
    verified = user.verified_comuna_id
    if not verified:
        return format_lazy(
            _(
                "Esta consulta es para residentes verificados de {territory}, y tu "
                "verificación no registra tu comuna. Pide una nueva verificación con tu "
                "cédula en una oficina del Gobierno Regional."
            ),
            territory=territory,
        )
    cuts = consultation.territory_cuts
    declared = user.comuna_id
    if verified not in cuts:
        if declared in cuts:
            return format_lazy(
                _(
                    "Esta consulta es para residentes verificados de {territory}. Tu "
                    "residencia está verificada en {verified} y tu perfil dice que ahora "
                    "vives en {comuna}: para participar, pide una nueva verificación con tu "
                    "cédula en una oficina del Gobierno Regional."
                ),
                territory=territory,
                verified=_place_name(verified),
                comuna=_place_name(declared),
            )
        return format_lazy(
            _(
                "Esta consulta es para residentes verificados de {territory}, y tu residencia "
                "está verificada en {verified}. Si ahora vives en {territory}, indica tu "
                "comuna en tu perfil y pide una nueva verificación en una oficina del "
                "Gobierno Regional."
            ),
            territory=territory,
            verified=_place_name(verified),
        )
    if declared and declared not in cuts:
        return format_lazy(
            _(
                "Esta consulta es para residentes verificados de {territory}. Tu residencia "
                "está verificada en {verified}, pero tu perfil dice que ahora vives en "
                "{comuna}. Si sigues viviendo en {verified}, corrige la comuna en tu perfil."
            ),
            territory=territory,
            verified=_place_name(verified),
            comuna=_place_name(declared),
        )
    return None


def residency_admitted(user: Any, consultation: Consultation) -> Any:
    """What the consultation page tells a signed-in person who meets a restricted rule
    (where their verification or their profile places them), or None. No query."""
    if (
        not user.is_authenticated
        or consultation.residency_rule == Consultation.Residency.ANYONE
        or residency_refusal(user, consultation)
    ):
        return None
    if consultation.residency_rule == Consultation.Residency.VERIFIED:
        return format_lazy(
            _("Tu residencia está verificada en {comuna}: puedes participar."),
            comuna=comuna_name(user.verified_comuna_id),
        )
    return format_lazy(
        _("Tu perfil indica que vives en {comuna}: puedes participar."),
        comuna=comuna_name(user.comuna_id),
    )


@dataclass(frozen=True)
class Placement:
    """Where a proposal applies: the comuna to store (chosen, or derived from the point),
    or the refusal and the field it belongs to ("comuna" or "latitude")."""

    comuna: str | None
    refusal: Any = None
    field: str = ""


def _distance(km: float) -> str:
    """ "10 m", "450 m", "3 km": about how far, for a sentence."""
    if km < 1:
        return f"{max(10, round(km * 100) * 10)} m"
    return f"{round(km)} km"


def _place_name(cut: str) -> str:
    """A comuna's name in a sentence, with its region when it is outside the
    deployment's region (``comuna_label``)."""
    return comuna_label(cut, home_region=settings.CABILDO_REGION_CODE)


def placement(
    consultation: Consultation,
    comuna: str | None,
    latitude: float | None,
    longitude: float | None,
) -> Placement:
    """Check a proposal's comuna (CUT code) and map point against the consultation's
    territory and against each other, with the official boundaries (``accounts.geo``):
    the point must lie in the territory and in the chosen comuna; without a chosen
    comuna, the point's comuna is the proposal's. The proposal form and the create and
    edit actions call it, so every caller gets the same answer. No query beyond
    ``Consultation.territory_cuts``."""
    territory = consultation.territory_cuts
    if comuna and comuna not in territory:
        return Placement(
            comuna,
            format_lazy(
                _("{comuna} no está en el territorio de esta consulta ({territory})."),
                comuna=_place_name(comuna),
                territory=territory_phrase(consultation, either=False),
            ),
            "comuna",
        )
    if latitude is None or longitude is None:
        return Placement(comuna)
    found = comuna_at(latitude, longitude)
    if found is None:
        near = nearest_comuna(latitude, longitude)
        if near is None:
            refusal = _(
                "El punto no está en ninguna comuna de Chile: revisa la latitud y la longitud."
            )
        else:
            refusal = format_lazy(
                _(
                    "El punto está en el mar, a unos {distance} de la costa de {comuna}: "
                    "márcalo en tierra."
                ),
                distance=_distance(near.km),
                comuna=_place_name(near.cut),
            )
        return Placement(comuna, refusal, "latitude")
    if found not in territory:
        return Placement(
            comuna,
            format_lazy(
                _("El punto está en {place}, fuera del territorio de esta consulta ({territory})."),
                place=_place_name(found),
                territory=territory_phrase(consultation, either=False),
            ),
            "latitude",
        )
    if comuna and comuna != found:
        return Placement(
            comuna,
            format_lazy(
                _(
                    "El punto está en {place}, no en {comuna}: mueve el punto o elige "
                    "{place} como comuna."
                ),
                place=_place_name(found),
                comuna=_place_name(comuna),
            ),
            "latitude",
        )
    return Placement(found)


def _phase_refusal(
    consultation: Consultation, kind: str, now: datetime, *, missing: Any, closed: Any
) -> Any:
    phase = consultation.phase(kind)
    if phase is None:
        return missing
    if phase.is_upcoming(now):
        return format_lazy(
            _("La fase de {phase} comienza el {date}."),
            phase=phase.get_kind_display().lower(),
            date=when(phase.starts_at),
        )
    if not phase.is_active(now):
        return closed
    return None


def proposing_refusal(user: Any, consultation: Consultation, now: datetime | None = None) -> Any:
    now = now or timezone.now()
    return _phase_refusal(
        consultation,
        Phase.Kind.PROPOSALS,
        now,
        missing=_("Esta consulta no recibe propuestas."),
        closed=_("La fase de propuestas está cerrada: ya no se reciben propuestas."),
    ) or participation_refusal(user, consultation)


def supports_refusal(user: Any, consultation: Consultation, now: datetime | None = None) -> Any:
    """Why the person may not add or take back supports in this consultation now."""
    return _phase_refusal(
        consultation,
        Phase.Kind.SUPPORTS,
        now or timezone.now(),
        missing=_("Esta consulta no recibe apoyos."),
        closed=_("La fase de apoyos está cerrada: los apoyos ya no cambian."),
    ) or participation_refusal(user, consultation)


def judges_proposals(user: Any, consultation: Consultation) -> bool:
    """Whether the person holds the official role for the division that answers this
    consultation (any division, when it has none: ``is_official_for``), whatever their
    session: who judges the proposals does not support them, with or without the second
    factor typed today."""
    if not holds_role(user, Role.OFFICIAL):
        return False
    return consultation.division_id is None or consultation.division_id == user.division_id


def judging_refusal(user: Any, consultation: Consultation) -> Any:
    """The sentence shown in place of "Apoyar" to the officials who answer, or None."""
    return JUDGES_PROPOSALS if judges_proposals(user, consultation) else None


def supporting_refusal(
    user: Any, proposal: Proposal, now: datetime | None = None, *, taking_back: bool = False
) -> Any:
    """Why the person may not support (or, ``taking_back``, stop supporting) it now.

    The per-person limit and a repeated support are checked by the action, under lock,
    and so is a published answer (``Proposal.has_published_answer``: select the answer
    with the proposal). A withdrawn proposal takes no new supports, but its supporters
    may take theirs back. Once answered, supports close both ways: those given stay
    counted. The division's officials do not support what they judge (they may take
    back a support given before they held the role).
    """
    if not taking_back and proposal.moderation_status != Proposal.ModerationStatus.PUBLISHED:
        return _("Esta propuesta fue retirada por quien la propuso: ya no recibe apoyos.")
    if proposal.has_published_answer:
        return ANSWERED_CLOSES_SUPPORTS
    refusal = supports_refusal(user, proposal.consultation, now)
    if refusal or taking_back:
        return refusal
    return judging_refusal(user, proposal.consultation)


def support_limit_refusal(consultation: Consultation, used: int) -> Any:
    """Why one more support is refused once the person used ``used`` of them (the action
    counts them under lock), or None."""
    limit = consultation.support_limit
    if limit is None or used < limit:
        return None
    return format_lazy(
        _(
            "Ya usaste tus {limit} apoyos en esta consulta. Para apoyar esta propuesta, "
            "quita antes tu apoyo a otra."
        ),
        limit=limit,
    )


def supports_used_up(consultation: Consultation, used: int) -> Any:
    """The note pages show instead of "Apoyar" once the person used every support the
    consultation allows, or None. Only a hint: the action checks the limit under lock."""
    limit = consultation.support_limit
    if limit is None or used < limit:
        return None
    return ngettext_lazy(
        "Usaste tu %(count)d apoyo; quítalo para apoyar otra propuesta.",
        "Usaste tus %(count)d apoyos; quita uno para apoyar otra propuesta.",
        "count",
    ) % {"count": limit}


def editing_refusal(user: Any, proposal: Proposal, now: datetime | None = None) -> Any:
    """Why the author may not edit the proposal now (the caller checked authorship)."""
    now = now or timezone.now()
    if proposal.moderation_status != Proposal.ModerationStatus.PUBLISHED:
        return _("Solo se puede editar una propuesta publicada.")
    if proposal.is_answered:
        return _("Esta propuesta ya tiene una respuesta oficial: no se puede editar.")
    if now >= proposal.edit_deadline:
        return format_lazy(
            _("El plazo para editar esta propuesta terminó el {date}."),
            date=when(proposal.edit_deadline),
        )
    return participation_refusal(user, proposal.consultation)


def withdrawing_refusal(user: Any, proposal: Proposal) -> Any:
    if proposal.moderation_status == Proposal.ModerationStatus.WITHDRAWN:
        return _("Ya retiraste esta propuesta.")
    if proposal.moderation_status != Proposal.ModerationStatus.PUBLISHED:
        return _("Solo se puede retirar una propuesta publicada.")
    return None


def commenting_refusal(user: Any, consultation: Consultation) -> Any:
    """Comments on a consultation and its proposals follow the consultation: open while it
    is published, to those who may take part and to the officials (with 2FA) of its
    division, verified residents or not. A draft says when they open (the team
    previewing it must not be invited to write the first comment)."""
    if not consultation.is_published:
        return _("Los comentarios se abrirán cuando se publique la consulta.")
    if is_official_for(user, consultation):
        # The division answering the consultation speaks in its conversations (with its
        # badge) even where residents must be verified to take part.
        return None
    return participation_refusal(user, consultation)


def proposal_commenting_refusal(user: Any, proposal: Proposal) -> Any:
    """Comments on a proposal: only while it is visible (published or withdrawn), then as
    on its consultation (``commenting_refusal``)."""
    if not proposal.is_visible:
        return _("Esta propuesta no está visible: su conversación no recibe comentarios.")
    return commenting_refusal(user, proposal.consultation)


def phase_closing_refusal(phase: Phase, now: datetime | None = None) -> Any:
    if not phase.is_active(now or timezone.now()):
        return _("Esta fase no está en curso: no hay nada que cerrar.")
    return None


# --- Creating, editing and publishing consultations ----------------------------------------


def is_reserved_slug(slug: str) -> bool:
    """Whether ``/consultas/<slug>/`` is another page (``/consultas/nueva/``), not a
    consultation's address. Asks the URLconf, so a page added later is reserved too."""
    try:
        match = resolve(reverse("consultations:detail", args=[slug]))
    except Resolver404:  # pragma: no cover - a valid slug always resolves to the detail
        return True
    return match.url_name != "detail"


def slug_refusal(slug: str, consultation: Consultation | None = None) -> Any:
    """Why ``slug`` cannot be this consultation's address (``None`` when creating one):
    reserved, or another consultation has it. One query; the database's unique constraint
    still decides a race."""
    if is_reserved_slug(slug):
        return format_lazy(
            _("La dirección «{slug}» está reservada para la plataforma: elige otro identificador."),
            slug=slug,
        )
    taken = Consultation.objects.filter(slug=slug)
    if consultation is not None:
        taken = taken.exclude(pk=consultation.pk)
    if taken.exists():
        return slug_taken(slug)
    return None


def slug_taken(slug: str) -> Any:
    return format_lazy(
        _("Ya hay una consulta con el identificador «{slug}»: elige otro."), slug=slug
    )


def stranded_comunas_refusal(
    consultation: Consultation, whole_region: bool, comunas: list[Any]
) -> Any:
    """Why the territory cannot shrink to ``comunas``: proposals are placed in a comuna
    it leaves out (their authors would lose it on their next edit). One query."""
    if whole_region:
        return None
    stranded = sorted(
        Proposal.objects.filter(consultation=consultation, comuna__isnull=False)
        .exclude(comuna__in=comunas)
        .values_list("comuna__name", flat=True)
        .distinct()
    )
    if not stranded:
        return None
    return format_lazy(
        _("Hay propuestas ubicadas en {comunas}: mantén esas comunas o marca «Toda la región»."),
        comunas=", ".join(stranded),
    )


def phase_removal_refusal(consultation: Consultation, kind: str) -> Any:
    """Why the phase of ``kind`` cannot be removed: the proposals phase once there are
    proposals, the supports phase once there are supports (their pages would explain a
    phase that no longer exists). Other phases hold nothing of their own. One query."""
    if kind == Phase.Kind.PROPOSALS and Proposal.objects.filter(consultation=consultation).exists():
        return _(
            "Esta fase ya recibió propuestas: no se puede quitar. Puedes cambiar sus fechas "
            "o cerrarla desde la página de la consulta."
        )
    if kind == Phase.Kind.SUPPORTS and Support.objects.filter(consultation=consultation).exists():
        return _(
            "Esta fase ya recibió apoyos: no se puede quitar. Puedes cambiar sus fechas "
            "o cerrarla desde la página de la consulta."
        )
    return None


def publishing_refusal(consultation: Consultation) -> Any:
    """Why the draft cannot be published yet (phases prefetched)."""
    if consultation.is_published:
        return _("Esta consulta ya está publicada.")
    if not consultation.phases.all():
        return _(
            "Para publicar la consulta agrega al menos una fase con su fecha de inicio "
            "(edita la consulta)."
        )
    return None


# --- What a page says is possible now ----------------------------------------------------

PHASE_ACTIONS = {
    Phase.Kind.INFORMATION: _("Infórmate sobre la consulta y comenta"),
    Phase.Kind.PROPOSALS: _("Escribe y publica propuestas"),
    Phase.Kind.SUPPORTS: _("Apoya las propuestas que te importan"),
    Phase.Kind.DELIBERATION: _("Comenta y debate las propuestas"),
    Phase.Kind.RESULTS: _("Revisa los resultados y las respuestas oficiales"),
}


@dataclass(frozen=True)
class PossibleNow:
    phase: Phase
    action: Any
    until: datetime | None


def possible_now(consultation: Consultation, now: datetime | None = None) -> list[PossibleNow]:
    """What anyone may do now, phase by phase, and until when."""
    now = now or timezone.now()
    return [
        PossibleNow(phase=phase, action=PHASE_ACTIONS[phase.kind], until=phase.effective_end)
        for phase in sorted(consultation.active_phases(now), key=lambda p: p.starts_at)
    ]


def next_phase(consultation: Consultation, now: datetime | None = None) -> Phase | None:
    now = now or timezone.now()
    upcoming = [phase for phase in consultation.phases.all() if phase.is_upcoming(now)]
    return min(upcoming, key=lambda p: p.starts_at, default=None)


def finished_at(consultation: Consultation, now: datetime | None = None) -> datetime | None:
    """When the last phase ended, if every phase has ended."""
    now = now or timezone.now()
    phases = list(consultation.phases.all())
    if not phases or not all(phase.is_over(now) for phase in phases):
        return None
    return max(phase.effective_end for phase in phases)  # type: ignore[type-var]
