"""A consultation's devolución: every contribution made in it (its visible proposals, and
the comments that got an outcome) grouped by what became of it, with the justification;
a page with print CSS, a CSV, and the action that publishes it and tells every
participant once.

Consultation-side reads and the publishing action live here, beside the consultation
they read; the rows (``planning.Devolution``, ``planning.Outcome``) belong to planning.
Only what anyone may see is listed: visible proposals of a published consultation, and
published comments, not deleted, in the discussion of the consultation or of one of its
visible proposals. A contribution hidden after its outcome leaves the report at once.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.actions import notify
from accounts.models import User
from consultations.models import Consultation, Phase, Proposal
from consultations.rules import can_edit_consultation
from deliberation.models import Comment, Contribution, Discussion
from planning import demo as planning_demo
from planning import rules as planning_rules
from planning.models import (
    Devolution,
    InstrumentSection,
    Outcome,
    OutcomeLink,
    ParticipatoryInstance,
)
from surveys.models import Response, Survey

# Proposals still without a decision listed on the page (all of them are in the CSV).
UNDECIDED_SHOWN = 200
# Contributions of each decision listed on the page (all of them are in the CSV): past a
# few hundred the report is a file to download, not a page to read or print.
DECIDED_SHOWN = 500
INTRODUCTION_LIMIT = 5000

CSV_HEADER = [
    "decision",
    "tipo",
    "numero",
    "titulo",
    "direccion",
    "justificacion",
    "secciones",
    "avance",
    "decidido_el",
]


def devolution_of(consultation: Consultation) -> Devolution | None:
    return Devolution.objects.filter(
        content_type=ContentType.objects.get_for_model(Consultation), object_id=consultation.pk
    ).first()


def _visible_proposals(consultation: Consultation) -> QuerySet[Proposal]:
    if not consultation.is_published:
        return Proposal.objects.none()
    return Proposal.objects.visible().filter(consultation=consultation)


def _public_comments(consultation: Consultation) -> QuerySet[Comment]:
    if not consultation.is_published:
        return Comment.objects.none()
    discussions = Discussion.objects.filter(
        Q(
            content_type=ContentType.objects.get_for_model(Consultation),
            object_id=consultation.pk,
        )
        | Q(
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id__in=_visible_proposals(consultation).values("pk"),
        )
    )
    return Comment.objects.filter(
        discussion__in=discussions,
        moderation_status=Contribution.ModerationStatus.PUBLISHED,
        deleted_at__isnull=True,
    )


@dataclass
class DevolutionItem:
    kind: Any
    number: int
    title: str
    url: str
    outcome: Outcome | None
    # The outcome's sections as (address, label), worked out once per outcome: a report
    # lists thousands of items, and the template only prints them.
    sections: list[tuple[str, str]] = field(default_factory=list)


def _section_links(outcome: Outcome, known: dict[int, list[tuple[str, str]]]) -> list:
    if outcome.pk not in known:
        known[outcome.pk] = [
            (
                f"{section.instrument.get_absolute_url()}#section-{section.position}",
                f"{section.instrument.name} · {section}",
            )
            for section in outcome.sections.all()
        ]
    return known[outcome.pk]


@dataclass
class DevolutionGroup:
    decision: str  # "" for contributions still without a decision
    label: Any
    items: list[DevolutionItem] = field(default_factory=list)
    total: int = 0


def _links(consultation: Consultation) -> QuerySet[OutcomeLink]:
    proposal_type = ContentType.objects.get_for_model(Proposal)
    comment_type = ContentType.objects.get_for_model(Comment)
    return (
        OutcomeLink.objects.filter(
            Q(
                content_type=proposal_type,
                object_id__in=_visible_proposals(consultation).values("pk"),
            )
            | Q(
                content_type=comment_type,
                object_id__in=_public_comments(consultation).values("pk"),
            )
        )
        .select_related("outcome")
        .prefetch_related(
            Prefetch(
                "outcome__sections",
                queryset=InstrumentSection.objects.select_related("instrument"),
            )
        )
        .order_by("outcome__decision", "-outcome__decided_at", "pk")
    )


def _decided_items(consultation: Consultation) -> list[DevolutionItem]:
    """Every contribution with an outcome: links (with outcomes and sections), then the
    proposals and comments they name (one query each)."""
    links = list(_links(consultation))
    proposal_type = ContentType.objects.get_for_model(Proposal)
    proposal_ids = [link.object_id for link in links if link.content_type_id == proposal_type.pk]
    comment_ids = [link.object_id for link in links if link.content_type_id != proposal_type.pk]
    proposals = dict(Proposal.objects.filter(pk__in=proposal_ids).values_list("pk", "title"))
    comments = {c.pk: c for c in Comment.objects.filter(pk__in=comment_ids).only("pk", "body")}
    # Built once, not reversed per item.
    proposal_url = reverse("consultations:proposal", args=[consultation.slug, 0])[:-2]
    known: dict[int, list[tuple[str, str]]] = {}
    items = []
    for link in links:
        sections = _section_links(link.outcome, known)
        if link.content_type_id == proposal_type.pk:
            title = proposals.get(link.object_id)
            if title is not None:
                items.append(
                    DevolutionItem(
                        _("Propuesta"),
                        link.object_id,
                        title,
                        f"{proposal_url}{link.object_id}/",
                        link.outcome,
                        sections,
                    )
                )
        else:
            comment = comments.get(link.object_id)
            if comment is not None:
                items.append(
                    DevolutionItem(
                        _("Comentario"),
                        comment.pk,
                        comment.excerpt(160),
                        comment.get_absolute_url(),
                        link.outcome,
                        sections,
                    )
                )
    return items


def _undecided(consultation: Consultation) -> QuerySet[Proposal]:
    decided = OutcomeLink.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal)
    ).values("object_id")
    return _visible_proposals(consultation).exclude(pk__in=decided).order_by("pk")


def devolution_groups(
    consultation: Consultation, *, complete: bool = False
) -> list[DevolutionGroup]:
    """The report: one group per decision (in the decisions' order), then the proposals
    still without one, each with how many in all; the page lists the first
    ``DECIDED_SHOWN`` of each decision and ``UNDECIDED_SHOWN`` undecided, the CSV
    (``complete``) every one. Queries: links with outcomes, their sections, proposals,
    comments, undecided proposals and their count."""
    decided_limit = None if complete else DECIDED_SHOWN
    undecided_limit = None if complete else UNDECIDED_SHOWN
    groups = {value: DevolutionGroup(value, label) for value, label in Outcome.Decision.choices}
    for item in _decided_items(consultation):
        group = groups[item.outcome.decision]
        if decided_limit is None or group.total < decided_limit:
            group.items.append(item)
        group.total += 1
    pending = DevolutionGroup("", _("Sin decisión todavía"))
    undecided = _undecided(consultation)
    rows = undecided if undecided_limit is None else undecided[:undecided_limit]
    proposal_url = reverse("consultations:proposal", args=[consultation.slug, 0])[:-2]
    pending.items = [
        DevolutionItem(_("Propuesta"), pk, title, f"{proposal_url}{pk}/", None)
        for pk, title in rows.values_list("pk", "title")
    ]
    pending.total = (
        len(pending.items)
        if undecided_limit is None or len(pending.items) < undecided_limit
        else undecided.count()
    )
    return [*groups.values(), pending]


def csv_rows(consultation: Consultation, absolute: Any) -> Iterator[list[Any]]:
    """The CSV's rows (``CSV_HEADER``): every group, undecided proposals all included."""
    for group in devolution_groups(consultation, complete=True):
        for item in group.items:
            outcome = item.outcome
            yield [
                str(group.label),
                str(item.kind),
                item.number,
                item.title,
                absolute(item.url),
                outcome.justification if outcome else "",
                "; ".join(label for _url, label in item.sections),
                outcome.progress if outcome else "",
                timezone.localtime(outcome.decided_at).date().isoformat() if outcome else "",
            ]


def participants_of(consultation: Consultation) -> QuerySet[User]:
    """Everyone who took part: proposed, supported, commented (on the consultation or its
    proposals) or answered its survey (one query when evaluated)."""
    proposals = Proposal.objects.filter(consultation=consultation)
    discussions = Discussion.objects.filter(
        Q(
            content_type=ContentType.objects.get_for_model(Consultation),
            object_id=consultation.pk,
        )
        | Q(
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id__in=proposals.values("pk"),
        )
    )
    surveys = Survey.objects.filter(
        content_type=ContentType.objects.get_for_model(Consultation), object_id=consultation.pk
    )
    return User.objects.filter(
        Q(pk__in=proposals.values("author"))
        | Q(pk__in=consultation.supports.values("user"))
        | Q(pk__in=Comment.objects.filter(discussion__in=discussions).values("author"))
        | Q(pk__in=Response.objects.filter(survey__in=surveys).values("respondent"))
    )


def publishing_refusal(user: Any, consultation: Consultation) -> Any:
    """Why ``user`` may not publish the devolución now (None when they may)."""
    if not consultation.is_published:
        return _("La consulta todavía no está publicada.")
    if devolution_of(consultation) is not None:
        return planning_rules.DEVOLUTION_ALREADY_PUBLISHED
    return None


def check_publish_devolution(
    actor: User, *, consultation: Consultation, introduction: str = ""
) -> Devolution:
    """Publish the consultation's devolución: editors of the consultation
    (``can_edit_consultation``: administrators, officials of its division, with the
    second factor). Locks the consultation row; one devolución per consultation (a
    constraint), so participants are told once. Dates the participatory instances that
    record this consultation (``devolution_sent_on``) and notifies every participant
    (after commit, by ``notify``)."""
    if not can_edit_consultation(actor, consultation):
        raise PermissionDenied
    refusal = publishing_refusal(actor, consultation)
    if refusal is not None:
        raise ValidationError(refusal)
    consultation_type = ContentType.objects.get_for_model(Consultation)
    try:
        with transaction.atomic(durable=True):
            Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
            devolution = Devolution.objects.create(
                content_type=consultation_type,
                object_id=consultation.pk,
                introduction=introduction.strip(),
                published_by=actor,
                published_at=timezone.now(),
            )
            ParticipatoryInstance.objects.filter(
                process_type=consultation_type, process_id=consultation.pk
            ).update(devolution_sent_on=timezone.localdate())
            notify(
                participants_of(consultation),
                kind="planning.devolution",
                subject=format_lazy(
                    _("Devolución de la consulta «{title}»: qué pasó con los aportes"),
                    title=consultation.title,
                ),
                body=_(
                    "El Gobierno Regional publicó qué pasó con cada propuesta y comentario de "
                    "la consulta, y por qué."
                ),
                url=devolution_url(consultation),
            )
    except IntegrityError:
        raise ValidationError(planning_rules.DEVOLUTION_ALREADY_PUBLISHED) from None
    return devolution


def devolution_url(consultation: Consultation) -> str:
    return reverse("consultations:devolution", args=[consultation.slug])


class DevolutionForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introducción (opcional)"),
        required=False,
        max_length=INTRODUCTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Encabeza el informe: cómo se decidió y qué viene ahora."),
        error_messages={
            "max_length": _(
                "La introducción tiene %(show_value)d caracteres; el máximo es %(limit_value)d."
            )
        },
    )


# --- Demo ----------------------------------------------------------------------------------

DEMO_DEVOLUTION = "politica-regional-de-cultura"


def _demo_proposal(slug: str, title: str) -> Proposal | None:
    return Proposal.objects.filter(consultation__slug=slug, title=title).first()


def seed_demo(stdout: Any) -> None:
    """The demo's outcomes (several consultations, one outcome grouping two proposals with
    dated progress, one on a comment), the consultations as participatory instances of
    the ERD, and the published devolución of the culture consultation. Called from
    ``consultations.demo.seed`` once the proposals exist; idempotent."""
    official = User.objects.filter(is_official=True, division__isnull=False).order_by("pk").first()
    for consultation in Consultation.objects.filter(
        status=Consultation.Status.PUBLISHED, planning_instrument__slug=planning_demo.ERD_SLUG
    ).prefetch_related("phases"):
        phases = list(consultation.phases.all())
        if not phases:
            continue
        starts = min(p.starts_at for p in phases)
        ends = max((p.ends_at or p.starts_at) for p in phases)
        results = next((p for p in phases if p.kind == Phase.Kind.RESULTS), None)
        planning_demo.record_process(
            consultation,
            title=consultation.title,
            url=consultation.get_absolute_url(),
            starts_on=timezone.localdate(starts),
            ends_on=timezone.localdate(ends),
            open_to_all=consultation.whole_region,
            results_on=timezone.localdate(results.starts_at)
            if results and results.starts_at <= timezone.now()
            else None,
        )
    culture = DEMO_DEVOLUTION
    planning_demo.record_outcome(
        [_demo_proposal(culture, "Fondos para centros culturales barriales")],
        decision=Outcome.Decision.INCORPORATED,
        justification=(
            "La ERD incluye un fondo regional concursable para centros culturales barriales "
            "en el objetivo de cultura e identidad regional."
        ),
        codes=("OE 4",),
        decided_by=official,
        days_ago=12,
        progress=[(6, 20, "Bases del fondo en redacción."), (1, 40, "Bases aprobadas.")],
    )
    planning_demo.record_outcome(
        [_demo_proposal(culture, "Festival regional de teatro itinerante")],
        decision=Outcome.Decision.PARTIAL,
        justification=(
            "Se incorpora una gira anual por las provincias; un festival en cada comuna "
            "excede el presupuesto del período."
        ),
        codes=("OE 4",),
        decided_by=official,
        days_ago=11,
        progress=[(3, 10, "Primeras comunas confirmadas.")],
    )
    planning_demo.record_outcome(
        [_demo_proposal(culture, "Recuperar el Teatro Municipal de San Antonio")],
        decision=Outcome.Decision.UNDER_STUDY,
        justification="Se estudia con el municipio el estado estructural del edificio.",
        codes=("OE 4", "OE 5"),
        decided_by=official,
        days_ago=10,
    )
    # Two proposals asking for the same thing share one outcome (duplicates grouped).
    planning_demo.record_outcome(
        [
            _demo_proposal("parques-gran-valparaiso", "Bosque urbano en Villa Alemana"),
            _demo_proposal("parques-gran-valparaiso", "Corredor verde en la avenida Argentina"),
        ],
        decision=Outcome.Decision.INCORPORATED,
        justification=(
            "El objetivo de medio ambiente suma un programa de arbolado urbano con especies "
            "nativas que cubre ambas propuestas."
        ),
        codes=("OE 3",),
        decided_by=official,
        days_ago=20,
        progress=[(14, 10, "Terrenos identificados."), (4, 25, "Vivero regional contratado.")],
    )
    planning_demo.record_outcome(
        [_demo_proposal("transporte-publico-rural", "Buses los domingos a Olmué")],
        decision=Outcome.Decision.UNDER_STUDY,
        justification="Se evalúa con la Seremi de Transportes un subsidio al recorrido.",
        codes=("OE 1", "OE 2"),
        decided_by=official,
        days_ago=5,
    )
    planning_demo.record_outcome(
        [
            _demo_proposal(
                "presupuesto-participativo-2027", "Bebederos de agua en parques de Viña del Mar"
            )
        ],
        decision=Outcome.Decision.NOT_INCORPORATED,
        justification=(
            "Es una competencia municipal: se derivó a la Municipalidad de Viña del Mar."
        ),
        codes=("OE 5",),
        decided_by=official,
        days_ago=3,
    )
    festival = _demo_proposal(culture, "Festival regional de teatro itinerante")
    if festival is not None:
        comment = (
            _public_comments(festival.consultation)
            .filter(discussion__object_id=festival.pk)
            .order_by("pk")
            .first()
        )
        planning_demo.record_outcome(
            [comment],
            decision=Outcome.Decision.PARTIAL,
            justification="La gira incluirá funciones en liceos, como propone este comentario.",
            codes=("OE 4",),
            decided_by=official,
            days_ago=9,
        )
    consultation = Consultation.objects.filter(slug=culture).first()
    if consultation is not None and official is not None and devolution_of(consultation) is None:
        consultation_type = ContentType.objects.get_for_model(Consultation)
        Devolution.objects.create(
            content_type=consultation_type,
            object_id=consultation.pk,
            introduction=(
                "Gracias a quienes participaron. Estas son las decisiones del Gobierno "
                "Regional sobre cada propuesta y su justificación."
            ),
            published_by=official,
            published_at=timezone.now() - timedelta(days=2),
        )
        ParticipatoryInstance.objects.filter(
            process_type=consultation_type, process_id=consultation.pk
        ).update(devolution_sent_on=timezone.localdate() - timedelta(days=2))
    stdout.write("Planning: outcomes on demo proposals and the culture devolución.\n")
