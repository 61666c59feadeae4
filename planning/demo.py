"""Demo data of the planning app: the ERD of the demo region with its strategic
objectives and the in-person participatory instances that informed it.

``seed`` runs before consultations' demo (``INSTALLED_APPS`` order), so it creates the
instrument if it is missing (consultations' demo then fills in its description). The
outcomes need the demo's proposals: ``consultations.devolution.seed_demo`` records them
with ``record_outcome`` (below) and publishes one devolución, once the proposals exist.
Demo rows are written directly (no notifications), and seeding twice changes nothing.
"""

from datetime import date, timedelta
from typing import Any, TextIO

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from planning.models import (
    InstrumentSection,
    Outcome,
    OutcomeLink,
    OutcomeUpdate,
    ParticipatoryInstance,
    PlanningInstrument,
)

ERD_SLUG = "erd-valparaiso-2024-2034"

SECTIONS = [
    ("OE 1", "Movilidad sostenible e integrada", "Transporte público, ciclovías y caminata."),
    ("OE 2", "Territorio rural conectado", "Conectividad y servicios para las zonas rurales."),
    ("OE 3", "Medio ambiente y áreas verdes", "Parques, bosques urbanos y gestión del agua."),
    ("OE 4", "Cultura e identidad regional", "Patrimonio, creación y acceso a la cultura."),
    ("OE 5", "Espacios públicos seguros e inclusivos", "Plazas, paseos e iluminación."),
    ("OE 6", "Desarrollo económico y empleo", "Innovación, pymes y turismo sostenible."),
]

# Held in person: no online data, so their participants are counted by hand.
IN_PERSON = [
    # title, kind, days ago (start), length in days, open to all, participants
    ("Cabildo provincial en San Felipe", ParticipatoryInstance.Kind.SESSION, 120, 1, True, 140),
    ("Taller con organizaciones culturales", ParticipatoryInstance.Kind.WORKSHOP, 95, 1, False, 38),
    (
        "Cuenta pública participativa 2026",
        ParticipatoryInstance.Kind.PUBLIC_ACCOUNT,
        60,
        1,
        True,
        310,
    ),
]


def erd() -> PlanningInstrument:
    instrument, _created = PlanningInstrument.objects.update_or_create(
        slug=ERD_SLUG,
        defaults={
            "status": PlanningInstrument.Status.CONSULTATION,
            "elaboration_year": timezone.localdate().year,
        },
        create_defaults={
            "name": "Estrategia Regional de Desarrollo de Valparaíso",
            "kind": PlanningInstrument.Kind.ERD,
            "period_start": 2024,
            "period_end": 2034,
            "status": PlanningInstrument.Status.CONSULTATION,
            "elaboration_year": timezone.localdate().year,
        },
    )
    return instrument


def seed(stdout: TextIO) -> list[tuple[str, str]]:
    instrument = erd()
    for position, (code, title, description) in enumerate(SECTIONS, start=1):
        InstrumentSection.objects.update_or_create(
            instrument=instrument,
            position=position,
            defaults={"code": code, "title": title, "description": description},
        )
    today = timezone.localdate()
    for title, kind, ago, length, open_to_all, participants in IN_PERSON:
        starts = today - timedelta(days=ago)
        ParticipatoryInstance.objects.update_or_create(
            instrument=instrument,
            title=title,
            defaults={
                "kind": kind,
                "starts_on": starts,
                "ends_on": starts + timedelta(days=length - 1),
                "open_to_all_residents": open_to_all,
                "results_published_on": starts + timedelta(days=20),
                "devolution_sent_on": starts + timedelta(days=45) if ago > 90 else None,
                "participants": participants,
            },
        )
    stdout.write(f"Planning: the ERD with {len(SECTIONS)} strategic objectives.\n")
    return []


def sections(*codes: str) -> list[InstrumentSection]:
    found = {s.code: s for s in InstrumentSection.objects.filter(instrument__slug=ERD_SLUG)}
    return [found[code] for code in codes if code in found]


def record_process(
    process: Any,
    *,
    title: str,
    url: str,
    starts_on: date,
    ends_on: date,
    open_to_all: bool,
    results_on: date | None,
) -> ParticipatoryInstance:
    """The participatory instance that records an online process (a consultation)."""
    instance, _created = ParticipatoryInstance.objects.update_or_create(
        process_type=ContentType.objects.get_for_model(process),
        process_id=process.pk,
        defaults={
            "instrument": erd(),
            "title": title,
            "kind": ParticipatoryInstance.Kind.CONSULTATION,
            "url": url,
            "starts_on": starts_on,
            "ends_on": max(ends_on, starts_on),
            "open_to_all_residents": open_to_all,
            "results_published_on": results_on,
        },
    )
    return instance


def record_outcome(
    contributions: list[Any],
    *,
    decision: str,
    justification: str,
    codes: tuple[str, ...],
    decided_by: Any,
    days_ago: int,
    progress: list[tuple[int, int, str]] = (),  # (days ago, progress, note)
) -> Outcome | None:
    """One outcome shared by ``contributions`` (skipped if any already has one), with its
    history: the decision, then each dated progress report."""
    contributions = [c for c in contributions if c is not None]
    if not contributions or decided_by is None:
        return None
    keys = [(ContentType.objects.get_for_model(c).pk, c.pk) for c in contributions]
    for content_type_id, object_id in keys:
        if OutcomeLink.objects.filter(
            content_type_id=content_type_id, object_id=object_id
        ).exists():
            return None
    decided_at = timezone.now() - timedelta(days=days_ago)
    last = progress[-1] if progress else (days_ago, 0, "")
    outcome = Outcome.objects.create(
        decision=decision,
        justification=justification,
        progress=last[1],
        decided_by=decided_by,
        decided_at=decided_at,
        updated_at=timezone.now() - timedelta(days=last[0]),
    )
    outcome.sections.set(sections(*codes))
    OutcomeLink.objects.bulk_create(
        [OutcomeLink(outcome=outcome, content_type_id=ct, object_id=pk) for ct, pk in keys]
    )
    OutcomeUpdate.objects.create(
        outcome=outcome, decision=decision, progress=0, on=decided_at.date(), actor=decided_by
    )
    for ago, value, note in progress:
        OutcomeUpdate.objects.create(
            outcome=outcome,
            decision=decision,
            progress=value,
            note=note,
            on=timezone.localdate() - timedelta(days=ago),
            actor=decided_by,
        )
    return outcome
