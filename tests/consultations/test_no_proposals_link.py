"""consultations.views.consultation_detail: "Ver N propuestas" only when there are some;
with none, "Aún no hay propuestas." instead of a link to an empty list."""

from consultations.models import Phase
from tests.consultations.factories import ProposalFactory, consultation_in

URL = "/consultas/plan/"


def test_no_link_to_an_empty_list(db, client):
    consultation_in(Phase.Kind.PROPOSALS, slug="plan")
    html = client.get(URL).content.decode()
    assert "Aún no hay propuestas." in html
    assert "Ver 0 propuestas" not in html
    assert (
        'href="/consultas/plan/propuestas/"'
        not in html.split("now-title", 1)[1].split("</section>", 1)[0]
    )


def test_the_link_counts_the_proposals(db, client):
    consultation = consultation_in(Phase.Kind.PROPOSALS, slug="plan")
    ProposalFactory(consultation=consultation)
    html = client.get(URL).content.decode()
    assert "Ver 1 propuesta</a>" in html
    assert "Aún no hay propuestas." not in html
