"""What the outage tests visit and change: a consultation open for proposals, supports
and its survey, a proposal with a comment, and a finished consultation whose survey
results are public."""

from dataclasses import dataclass

from consultations.models import Consultation, Phase, Proposal
from deliberation.models import Comment, Discussion
from deliberation.queries import discussion_for
from surveys.models import Survey
from tests.consultations.factories import ProposalFactory, SupportFactory, consultation_in
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory
from tests.surveys.factories import add_responses, make_survey


@dataclass
class Site:
    consultation: Consultation
    proposal: Proposal
    discussion: Discussion
    comment: Comment  # by someone else: the resident votes on it
    survey: Survey  # open: the resident answers it
    finished: Consultation
    finished_survey: Survey  # closed, results public

    def all_pages(self) -> dict[str, str]:
        """Every main page and file by name, as an anonymous visitor reads them."""
        slug, finished = self.consultation.slug, self.finished.slug
        return {
            "home": "/",
            "consultations": "/consultas/",
            "consultation": f"/consultas/{slug}/",
            "proposals": f"/consultas/{slug}/propuestas/",
            "proposals map": f"/consultas/{slug}/propuestas/mapa/",
            "proposal": self.proposal.get_absolute_url(),
            "discussion": f"/conversaciones/{self.discussion.pk}/",
            "consultation results": f"/consultas/{finished}/resultados/",
            "survey results": f"/consultas/{finished}/encuesta/resultados/",
            "open data": "/datos/",
            "proposals CSV": "/datos/propuestas.csv",
            "proposals JSON": "/datos/propuestas.json",
            "surveys JSON": "/datos/encuestas.json",
            "API consultations": "/api/v1/consultations/",
            "API proposals": f"/api/v1/consultations/{slug}/proposals/",
            "API results": f"/api/v1/consultations/{finished}/results/",
            "API document": "/api/v1/openapi.json",
        }

    def pages(self) -> list[str]:
        """The pages that must answer 200."""
        return list(self.all_pages().values())


def build_site() -> Site:
    author = UserFactory(display_name="Autora")
    consultation = consultation_in(
        Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS, title="Ciclovías", slug="ciclovias"
    )
    proposal = ProposalFactory(
        consultation=consultation, author=author, title="Ciclovía por la costanera"
    )
    SupportFactory(proposal=proposal)
    discussion = discussion_for(proposal)
    comment = make_comment(discussion, author, "Comentario de la autora")
    survey = make_survey(consultation)
    finished = consultation_in(Phase.Kind.RESULTS, title="Movilidad", slug="movilidad")
    finished_survey = make_survey(finished, state="closed")
    add_responses(finished_survey, 12)
    return Site(consultation, proposal, discussion, comment, survey, finished, finished_survey)
