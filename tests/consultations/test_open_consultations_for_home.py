"""consultations.queries.open_consultations_for_home: what the home page can list."""

from consultations.models import Phase
from consultations.queries import open_consultations_for_home
from tests.consultations.factories import ConsultationFactory, consultation_in


def test_lists_published_consultations_with_a_running_phase(db, django_assert_num_queries):
    consultation_in(Phase.Kind.PROPOSALS, title="Abierta", slug="abierta")
    consultation_in(upcoming=(Phase.Kind.PROPOSALS,), title="Próxima")
    ConsultationFactory(title="Borrador", status="draft")
    # 1. consultations, 2. their phases.
    with django_assert_num_queries(2):
        processes = open_consultations_for_home()
    assert [p["title"] for p in processes] == ["Abierta"]
    assert processes[0]["url"] == "/consultas/abierta/"
    assert processes[0]["status"].startswith("Escribe y publica propuestas · hasta el")
