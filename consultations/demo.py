"""Demo data for consultations: one consultation in each phase, with proposals (some on
the map), supports and official answers; then the surveys (``surveys.demo``).

Idempotent: rows are found by slug or title and refreshed; phase dates are set again
relative to today, so a demo seeded last month still shows each phase running. Dates are
round (``surveys.demo.day_at``): phases start at 00:00 and end at 23:59 of a day (local
time), proposals arrive inside their proposals phase at whole hours.
"""

import random
from typing import TextIO

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Comuna, Division, User
from consultations.actions import refresh_consultation_search, refresh_proposal_search
from consultations.devolution import seed_demo as seed_devolution
from consultations.models import Consultation, Phase, Proposal, ProposalAnswer, Support, Topic
from consultations.topics import load_curated_topics
from deliberation.demo import seed as seed_discussions
from deliberation.demo import seed_moderation
from planning.models import PlanningInstrument
from surveys import demo as demo_surveys
from surveys.demo import day_at

# Extra residents who support proposals (they cannot sign in: no password). Their names
# differ from the survey neighbours' (surveys.demo) and the accounts demo's.
SUPPORTERS = [
    "Valentina Soto",
    "Matías González",
    "Francisca Pérez",
    "Benjamín Díaz",
    "Javiera Fuentes",
    "Tomás Araya",
    "Constanza Vera",
    "Diego Castillo",
    "Antonia Morales",
    "Vicente Reyes",
    "Isidora Sepúlveda",
    "Martín Carrasco",
    "Catalina Espinoza",
    "Sebastián Tapia",
]

INSTRUMENT = {
    "slug": "erd-valparaiso-2024-2034",
    "name": "Estrategia Regional de Desarrollo de Valparaíso",
    "kind": PlanningInstrument.Kind.ERD,
    "description": (
        "La hoja de ruta de la región para la próxima década: desarrollo económico, "
        "territorio, medio ambiente, cultura y calidad de vida."
    ),
    "period_start": 2024,
    "period_end": 2034,
}

K = Phase.Kind
# slug, title, summary, body, topics, running phase, extra fields
CONSULTATIONS = [
    (
        "red-regional-de-ciclovias",
        "Red regional de ciclovías",
        "Queremos conocer tus trayectos en bicicleta antes de diseñar la red regional.",
        "<p>El Gobierno Regional diseñará una red de ciclovías que una las comunas del "
        "Gran Valparaíso. Antes de proponer trazados, queremos que conozcas el estudio "
        "de movilidad y nos cuentes qué necesitas.</p>",
        ["Movilidad", "Medio ambiente"],
        K.INFORMATION,
        {},
    ),
    (
        "presupuesto-participativo-2027",
        "Presupuesto participativo 2027: espacios públicos",
        "Propón mejoras para plazas, paseos y espacios públicos de tu comuna.",
        "<p>Una parte del presupuesto regional de 2027 se destinará a las propuestas de "
        "residentes para mejorar espacios públicos. <strong>Escribe tu propuesta</strong> "
        "y márcala en el mapa si es para un lugar concreto.</p>",
        ["Espacios públicos", "Seguridad", "Áreas verdes"],
        K.PROPOSALS,
        {"support_threshold": 8, "edit_window_minutes": 120},
    ),
    (
        "parques-gran-valparaiso",
        "Parques y áreas verdes para el Gran Valparaíso",
        "Apoya las propuestas de parques que más te importan: tienes hasta 3 apoyos.",
        "<p>Recibimos propuestas de parques y áreas verdes. Ahora es el momento de "
        "apoyarlas: las que alcancen 5 apoyos pasarán a evaluación técnica.</p>",
        ["Áreas verdes", "Medio ambiente"],
        K.SUPPORTS,
        {"support_limit": 3, "support_threshold": 5},
    ),
    (
        "transporte-publico-rural",
        "Transporte público rural",
        "Debate las propuestas para mejorar el transporte en las zonas rurales.",
        "<p>Las propuestas de esta consulta ya recibieron apoyos. En esta fase el "
        "Gobierno Regional las evalúa y puedes comentarlas.</p>",
        ["Movilidad", "Ruralidad"],
        K.DELIBERATION,
        # Restricted to the verified residents of its four comunas (RURAL_COMUNAS).
        {"residency_rule": Consultation.Residency.VERIFIED, "whole_region": False},
    ),
    (
        "politica-regional-de-cultura",
        "Política regional de cultura",
        "Conoce qué pasó con las propuestas para la política regional de cultura.",
        "<p>La consulta terminó. Aquí están las respuestas oficiales a cada propuesta y "
        "los resultados.</p>",
        ["Cultura"],
        K.RESULTS,
        {},
    ),
]

# consultation slug -> proposals: title, body, comuna CUT or None, (lat, lon) or None
PROPOSALS = {
    "presupuesto-participativo-2027": [
        (
            "Iluminación LED en la Plaza Victoria",
            "La plaza queda muy oscura de noche. Proponemos luminarias LED y un punto "
            "de seguridad.",
            "05101",
            (-33.0470, -71.6205),
        ),
        (
            "Bancas y sombra en el paseo Wheelwright",
            "Faltan lugares para descansar con sombra a lo largo del paseo.",
            "05101",
            (-33.0260, -71.6320),
        ),
        (
            "Juegos inclusivos en la Plaza de Quilpué",
            "Juegos accesibles para niñas y niños con discapacidad.",
            "05801",
            (-33.0480, -71.4420),
        ),
        (
            "Recuperar la cancha del cerro Cordillera",
            "<p>La cancha está abandonada.</p><ul><li>Pasto sintético</li>"
            "<li>Iluminación</li></ul>",
            "05101",
            None,
        ),
        (
            "Bebederos de agua en parques de Viña del Mar",
            "Bebederos públicos en los principales parques.",
            "05109",
            (-33.0245, -71.5518),
        ),
    ],
    "parques-gran-valparaiso": [
        (
            "Parque inundable en el estero Marga Marga",
            "Un parque que también proteja de las crecidas del estero.",
            "05109",
            (-33.0310, -71.5450),
        ),
        (
            "Bosque urbano en Villa Alemana",
            "Plantar especies nativas en el terreno municipal junto a la línea del tren.",
            "05804",
            (-33.0440, -71.3730),
        ),
        (
            "Huertos comunitarios en Playa Ancha",
            "Espacios de cultivo para vecinas y vecinos, con riego por goteo.",
            "05101",
            (-33.0350, -71.6390),
        ),
        (
            "Corredor verde en la avenida Argentina",
            "Árboles y jardineras a lo largo de la avenida.",
            "05101",
            None,
        ),
    ],
    "transporte-publico-rural": [
        (
            "Buses los domingos a Olmué",
            "Hoy no hay recorridos los domingos: las familias quedan aisladas.",
            "05803",
            (-33.0050, -71.1880),
        ),
        (
            "Paraderos con techo en Putaendo",
            "Paraderos techados e iluminados en los caminos rurales.",
            "05705",
            None,
        ),
        (
            "Tarifa rebajada para estudiantes rurales",
            "Un pasaje rebajado para estudiantes que viajan a liceos de la ciudad.",
            None,
            None,
        ),
    ],
    "politica-regional-de-cultura": [
        (
            "Fondos para centros culturales barriales",
            "Un fondo regional para centros culturales autogestionados.",
            None,
            None,
        ),
        (
            "Festival regional de teatro itinerante",
            "Obras de teatro que recorran todas las comunas de la región.",
            None,
            None,
        ),
        (
            "Recuperar el Teatro Municipal de San Antonio",
            "El teatro está cerrado desde hace años; proponemos restaurarlo.",
            "05601",
            (-33.5810, -71.6130),
        ),
    ],
}

# (consultation slug, proposal title) -> (state, answer, cost, period, published)
ANSWERS = {
    ("transporte-publico-rural", "Buses los domingos a Olmué"): (
        Proposal.State.EVALUATING,
        "Estamos revisando con la Seremi de Transportes la factibilidad del recorrido.",
        None,
        "",
        True,
    ),
    ("transporte-publico-rural", "Paraderos con techo en Putaendo"): (
        Proposal.State.ACCEPTED,
        "Incluiremos 12 paraderos en el programa de conservación vial 2027.",
        180_000_000,
        "Primer semestre de 2027",
        False,
    ),
    ("politica-regional-de-cultura", "Fondos para centros culturales barriales"): (
        Proposal.State.ACCEPTED,
        "El fondo se incorporó a la política regional de cultura, con concursos anuales.",
        350_000_000,
        "2026–2030",  # noqa: RUF001 (an en dash, as Spanish writes ranges)
        True,
    ),
    ("politica-regional-de-cultura", "Festival regional de teatro itinerante"): (
        Proposal.State.REJECTED,
        "Ya existe un programa nacional con este fin; apoyaremos su llegada a la región "
        "en lugar de crear uno nuevo.",
        None,
        "",
        True,
    ),
    ("politica-regional-de-cultura", "Recuperar el Teatro Municipal de San Antonio"): (
        Proposal.State.ACCEPTED,
        "La restauración del teatro entra al plan de inversiones en infraestructura cultural, "
        "con diseño en 2027 y obras desde 2028.",
        2_400_000_000,
        "2027–2029",  # noqa: RUF001 (an en dash, as Spanish writes ranges)
        True,
    ),
}


# The rural consultation's territory: Olmué, Putaendo, Catemu and Petorca.
RURAL_COMUNAS = ("05803", "05705", "05702", "05404")


def _phases_for(running: str) -> list[tuple[str, int, int]]:
    """(kind, first day, day after the last) relative to today, so ``running`` is the
    phase now: a phase runs from 00:00 of its first day to 23:59 of its last."""
    order = [K.INFORMATION, K.PROPOSALS, K.SUPPORTS, K.DELIBERATION, K.RESULTS]
    index = order.index(running)
    phases = []
    for position, kind in enumerate(order):
        offset = (position - index) * 20
        phases.append((kind, offset - 10, offset + 10 if kind != K.RESULTS else offset + 60))
    return phases


def _residents(stdout: TextIO) -> list[User]:
    comunas = list(Comuna.objects.filter(region_id="05").order_by("cut")[:12])
    # The residents of accounts.demo, then the extra supporters.
    people = list(
        User.objects.filter(
            email__in=[
                "residente@demo.cabildo.cl",
                "vecino@demo.cabildo.cl",
                "cosoc@demo.cabildo.cl",
            ]
        ).order_by("pk")
    )
    for number, name in enumerate(SUPPORTERS, start=1):
        person, created = User.objects.update_or_create(
            email=f"vecino{number}@demo.cabildo.cl",
            defaults={"display_name": name},
            create_defaults={
                "display_name": name,
                "comuna": comunas[number % len(comunas)] if comunas else None,
            },
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])
        people.append(person)
    return people


def seed(stdout: TextIO) -> list[tuple[str, str]]:
    instrument, _created = PlanningInstrument.objects.update_or_create(
        slug=INSTRUMENT["slug"], defaults={k: v for k, v in INSTRUMENT.items() if k != "slug"}
    )
    division = Division.objects.filter(acronym="DIPLADE").first()
    people = _residents(stdout)
    authors = people[:6] or people
    comunas = {c.cut: c for c in Comuna.objects.filter(region_id="05")}
    # Only topics of the curated list (consultations.topics): a name missing there fails
    # loudly instead of creating a topic nobody curated.
    curated = load_curated_topics(Topic)

    for slug, title, summary, body, topic_names, running, extra in CONSULTATIONS:
        topics = [curated[name] for name in topic_names]
        consultation, _created = Consultation.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "body": body,
                "status": Consultation.Status.PUBLISHED,
                "planning_instrument": instrument,
                "division": division,
                **extra,
            },
        )
        consultation.topics.set(topics)
        if not consultation.whole_region:
            consultation.comunas.set([comunas[cut] for cut in RURAL_COMUNAS if cut in comunas])
        proposals_start = 0
        for kind, start, end in _phases_for(running):
            Phase.objects.update_or_create(
                consultation=consultation,
                kind=kind,
                defaults={
                    "starts_at": day_at(start),
                    "ends_at": day_at(end - 1, 23, 59),
                    "closed_at": None,
                },
            )
            if kind == K.PROPOSALS:
                proposals_start = start
        for index, (p_title, p_body, cut, point) in enumerate(PROPOSALS.get(slug, [])):
            proposal, _created = Proposal.objects.update_or_create(
                consultation=consultation,
                title=p_title,
                defaults={
                    "author": authors[index % len(authors)],
                    "body": p_body,
                    "comuna": comunas.get(cut) if cut else None,
                    "latitude": point[0] if point else None,
                    "longitude": point[1] if point else None,
                    # Inside the proposals phase, one a day, at whole hours.
                    "created_at": day_at(proposals_start + 1 + index, 10 + index),
                },
            )
            proposal.topics.set(topics[index % len(topics) : index % len(topics) + 1])
            # Earlier proposals get more supports, so "más apoyadas" differs from "recientes".
            wanted = (
                0 if running in (K.INFORMATION, K.PROPOSALS) else max(len(people) - 3 * index, 0)
            )
            supporters = [person for person in people if person.pk != proposal.author_id]
            if consultation.support_limit:
                # Windows of 4 that overlap by one: nobody passes the limit of 3, and each
                # proposal stays one support short of the threshold (5) for the demo.
                supporters = supporters[3 * index : 3 * index + 4]
            Support.objects.bulk_create(
                [
                    Support(proposal=proposal, user=person, consultation=consultation)
                    for person in supporters[:wanted]
                ],
                ignore_conflicts=True,
            )
        Proposal.objects.filter(consultation=consultation).update(
            support_count=Coalesce(
                Subquery(
                    Support.objects.filter(proposal=OuterRef("pk"))
                    .values("proposal")
                    .annotate(total=Count("pk"))
                    .values("total")
                ),
                0,
            )
        )
        refresh_consultation_search([consultation.pk])
        refresh_proposal_search(
            Proposal.objects.filter(consultation=consultation).values_list("pk", flat=True)
        )

    official = User.objects.filter(is_official=True, division=division).first()
    for (slug, p_title), (state, text, cost, period, published) in ANSWERS.items():
        proposal = Proposal.objects.filter(consultation__slug=slug, title=p_title).first()
        if proposal is None or official is None:
            continue
        ProposalAnswer.objects.update_or_create(
            proposal=proposal,
            defaults={
                "author": official,
                "division": division,
                "state": state,
                "body": text,
                "estimated_cost": cost,
                "execution_period": period,
                "is_published": published,
                "published_at": day_at(-2, 12) if published else None,
            },
        )
        proposal.state = state if published else Proposal.State.RECEIVED
        proposal.save(update_fields=["state"])
    stdout.write(f"Consultations: {len(CONSULTATIONS)}, in every phase, with proposals.\n")
    # deliberation's demo ran before this one (INSTALLED_APPS order), when no proposal
    # existed yet: run it again now that the owners exist (it is idempotent).
    seed_discussions(stdout)
    seed_moderation(stdout)

    seed_surveys(stdout)
    seed_devolution(stdout)  # planning outcomes and the culture devolución
    return []


# Which consultation asks which demo survey; a consultation missing from the demo above is
# created (published, with one running phase), so the surveys always have their owner.
SURVEYS = {
    "red-regional-de-ciclovias": (
        "Red regional de ciclovías",
        "Queremos conocer tus trayectos en bicicleta antes de diseñar la red regional.",
        Phase.Kind.INFORMATION,
        demo_surveys.CYCLING,
    ),
    "politica-regional-de-cultura": (
        "Política regional de cultura",
        "Conoce qué pasó con las propuestas para la política regional de cultura.",
        Phase.Kind.RESULTS,
        demo_surveys.CULTURE,
    ),
}


def seed_surveys(stdout: TextIO) -> None:
    """The demo surveys on their consultations (``SURVEYS``), and the neighbours' answers."""
    rng = random.Random(3)  # noqa: S311 (demo data)
    people = demo_surveys.neighbours(rng)
    for slug, (title, summary, kind, spec) in SURVEYS.items():
        consultation = Consultation.objects.filter(slug=slug).first()
        if consultation is None:
            consultation = Consultation.objects.create(
                slug=slug, title=title, summary=summary, status=Consultation.Status.PUBLISHED
            )
            Phase.objects.create(
                consultation=consultation,
                kind=kind,
                starts_at=day_at(-7),
                ends_at=day_at(21, 23, 59),
            )
        demo_surveys.seed_survey(consultation, spec, people, rng)
    stdout.write(
        f"Surveys: {len(SURVEYS)} (one open, one closed with results), "
        f"answered by {demo_surveys.NEIGHBOURS} demo neighbours.\n"
    )
