"""A small public world with hidden corners, shared by the open data and API tests.

Public: consultation "cultura" (closed survey with 6 responses, results public) and
"ciclovias" (open survey, results not public yet); in "cultura", a published proposal
with a published answer, a withdrawn proposal, and a published proposal whose answer is a
draft. Never public: the draft consultation "secreta" and its proposal, a hidden and a
pending proposal in "cultura" (the hidden one even has a published answer), the draft
answer's text, and every person's e-mail, display name and RUT.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from consultations.models import Consultation, Phase, Proposal
from tests.consultations.factories import (
    ProposalAnswerFactory,
    ProposalFactory,
    SupportFactory,
    consultation_in,
)
from tests.factories import UserFactory
from tests.surveys.factories import add_responses, demographic_people, make_survey

SECRETS = [
    "Consulta secreta en borrador",
    "Propuesta de la consulta secreta",
    "Propuesta oculta por moderación",
    "Respuesta a una propuesta oculta",
    "Propuesta pendiente de revisión",
    "Texto interno del borrador",
    "Barrio 0",  # an open-text survey answer
]


@dataclass
class World:
    cultura: Consultation
    ciclovias: Consultation
    secreta: Consultation
    answered: Proposal
    withdrawn: Proposal
    with_draft_answer: Proposal
    hidden: Proposal
    pending: Proposal
    people: list = field(default_factory=list)

    @property
    def personal_strings(self) -> list[str]:
        strings = []
        for person in self.people:
            strings += [person.email, person.display_name]
            if person.rut:
                strings.append(person.rut)
        return strings

    def assert_nothing_private(self, text: str) -> None:
        """Nothing hidden or draft, and nobody's e-mail, name or RUT, appears in ``text``."""
        for secret in [*SECRETS, *self.personal_strings]:
            assert secret not in text, secret


def build_world(official) -> World:
    author = UserFactory(
        email="autora.propuestas@ejemplo.cl",
        display_name="Autora Identificable",
        rut="22222222-2",
    )
    cultura = consultation_in(
        Phase.Kind.RESULTS,
        title="Política regional de cultura",
        slug="cultura",
        topics=["Cultura"],
        division=official.division,
    )
    ciclovias = consultation_in(Phase.Kind.INFORMATION, title="Ciclovías", slug="ciclovias")
    secreta = consultation_in(
        Phase.Kind.PROPOSALS,
        title="Consulta secreta en borrador",
        slug="secreta",
        status=Consultation.Status.DRAFT,
    )
    respondents = demographic_people(6)
    add_responses(make_survey(cultura, state="closed"), 6, people=respondents)
    add_responses(make_survey(ciclovias, state="open"), 2)
    answered = ProposalFactory(
        consultation=cultura,
        author=author,
        title="Biblioteca móvil rural",
        body="<p>Un bus con <strong>libros</strong> &amp; talleres.</p>",
        comuna_id="05101",
        latitude=-33.04,
        longitude=-71.62,
        topics=["Cultura", "Ruralidad"],
    )
    SupportFactory(proposal=answered, user=respondents[0])
    SupportFactory(proposal=answered, user=respondents[1])
    ProposalAnswerFactory(
        proposal=answered,
        author=official,
        state=Proposal.State.ACCEPTED,
        body="<p>La incluimos en el plan 2027.</p>",
        estimated_cost=50_000_000,
        execution_period="2027",
        is_published=True,
        published_at=timezone.now(),
    )
    Proposal.objects.filter(pk=answered.pk).update(state=Proposal.State.ACCEPTED)
    withdrawn = ProposalFactory(
        consultation=cultura,
        author=author,
        title="Propuesta retirada",
        moderation_status=Proposal.ModerationStatus.WITHDRAWN,
    )
    with_draft_answer = ProposalFactory(
        consultation=cultura, author=author, title="Propuesta con respuesta en borrador"
    )
    ProposalAnswerFactory(
        proposal=with_draft_answer,
        author=official,
        body="<p>Texto interno del borrador</p>",
        is_published=False,
    )
    hidden = ProposalFactory(
        consultation=cultura,
        author=author,
        title="Propuesta oculta por moderación",
        moderation_status=Proposal.ModerationStatus.HIDDEN,
    )
    ProposalAnswerFactory(
        proposal=hidden,
        author=official,
        body="<p>Respuesta a una propuesta oculta</p>",
        is_published=True,
        published_at=timezone.now(),
    )
    pending = ProposalFactory(
        consultation=cultura,
        author=author,
        title="Propuesta pendiente de revisión",
        moderation_status=Proposal.ModerationStatus.PENDING,
    )
    ProposalFactory(consultation=secreta, author=author, title="Propuesta de la consulta secreta")
    return World(
        cultura=cultura,
        ciclovias=ciclovias,
        secreta=secreta,
        answered=answered,
        withdrawn=withdrawn,
        with_draft_answer=with_draft_answer,
        hidden=hidden,
        pending=pending,
        people=[author, official, *respondents],
    )
