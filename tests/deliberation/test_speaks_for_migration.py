"""Migrations deliberation 0006_speaks_for and consultations 0007_speaks_for: comments and
proposals written before the division was stored get the division of authors who are
officials now (what their badge showed until then), and nobody else's."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Migrations run outside a test's transaction; the data loaded by migrations (comunas,
# content types) comes back for the tests after this one as for every transactional test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("deliberation", "0005_comment_search_index"), ("consultations", "0006_body_source")]
AFTER = [("deliberation", "0006_speaks_for"), ("consultations", "0007_speaks_for")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before(db):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_officials_contributions_get_their_current_division(before):
    Division = before.get_model("accounts", "Division")
    User = before.get_model("accounts", "User")
    Consultation = before.get_model("consultations", "Consultation")
    Proposal = before.get_model("consultations", "Proposal")
    ContentType = before.get_model("contenttypes", "ContentType")
    Discussion = before.get_model("deliberation", "Discussion")
    Comment = before.get_model("deliberation", "Comment")

    diplade = Division.objects.create(name="División de Planificación", acronym="DIPLADE")
    official = User.objects.create(
        email="paula@gore.cl", display_name="Paula", is_official=True, division=diplade
    )
    resident = User.objects.create(email="ana@ejemplo.cl", display_name="Ana")
    deleted = User.objects.create(
        email="eliminado-9@cabildo.invalid",
        display_name="",
        is_official=True,
        division=diplade,
        deleted_at=timezone.now(),
    )
    consultation = Consultation.objects.create(slug="plazas", title="Plazas", status="published")
    proposals = {
        person.email: Proposal.objects.create(
            consultation=consultation, author=person, title=person.email, body="<p>Texto</p>"
        )
        for person in (official, resident, deleted)
    }
    content_type, _created = ContentType.objects.get_or_create(
        app_label="consultations", model="proposal"
    )
    discussion = Discussion.objects.create(
        content_type=content_type, object_id=proposals["ana@ejemplo.cl"].pk
    )
    comments = {
        person.email: Comment.objects.create(
            discussion=discussion, author=person, body="<p>Comentario</p>"
        )
        for person in (official, resident, deleted)
    }

    after = migrate(AFTER)
    spoken = dict(
        after.get_model("deliberation", "Comment")
        .objects.filter(pk__in=[c.pk for c in comments.values()])
        .values_list("author__email", "speaks_for_id")
    )
    assert spoken == {
        "paula@gore.cl": diplade.pk,
        "ana@ejemplo.cl": None,
        "eliminado-9@cabildo.invalid": None,
    }
    spoken = dict(
        after.get_model("consultations", "Proposal")
        .objects.filter(pk__in=[p.pk for p in proposals.values()])
        .values_list("author__email", "speaks_for_id")
    )
    assert spoken == {
        "paula@gore.cl": diplade.pk,
        "ana@ejemplo.cl": None,
        "eliminado-9@cabildo.invalid": None,
    }
