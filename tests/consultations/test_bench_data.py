"""manage.py bench_data on a small scale (PostgreSQL only: it uses COPY)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from consultations.models import Consultation, Proposal, Support
from deliberation.markup import render_markdown
from deliberation.models import Discussion

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="bench_data uses PostgreSQL's COPY."
    ),
    # VACUUM cannot run inside the test's transaction.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bench_data_builds_a_consistent_data_set():
    call_command("bench_data", proposals=60, supports=400, people=20, responses=0)
    consultation = Consultation.objects.get(slug="bench")
    proposals = Proposal.objects.filter(consultation=consultation)
    assert proposals.count() == 60
    assert Support.objects.filter(consultation=consultation).count() == 400
    assert sum(proposals.values_list("support_count", flat=True)) == 400
    assert proposals.filter(latitude__isnull=False).exists()
    assert proposals.filter(search_vector__isnull=False).count() == 60
    # What was typed and the HTML it became, as the create action stores them.
    for source, body in proposals.values_list("body_source", "body")[:5]:
        assert source
        assert render_markdown(source) == body
    # Every proposal and the consultation have their discussion, as the actions make them.
    assert Discussion.objects.count() == 61
    with pytest.raises(CommandError, match="--reset"):
        call_command("bench_data", proposals=10, supports=10, people=5, responses=0)
    call_command("bench_data", proposals=10, supports=10, people=5, responses=0, reset=True)
    assert Proposal.objects.filter(consultation__slug="bench").count() == 10
    assert Discussion.objects.count() == 11
