"""results.participation and results.suppress: who counts, and small cells never shown."""

import pytest

from consultations.models import Phase, Proposal
from consultations.results import MIN_CELL, participation, suppress
from tests.consultations.factories import ProposalFactory, SupportFactory, consultation_in
from tests.surveys.factories import add_responses, make_survey


def test_cells_under_five_are_suppressed():
    result = suppress([("a", "A", 10), ("b", "B", 4), ("c", "C", 0), ("d", "D", 5)])
    assert [(cell.key, cell.count, cell.suppressed) for cell in result] == [
        ("a", 10, ""),
        ("b", None, "small"),
        ("c", None, "small"),
        ("d", 5, ""),
    ]


def test_a_lone_small_cell_also_hides_the_smallest_other():
    result = suppress([("a", "A", 10), ("b", "B", 3), ("c", "C", 7)])
    assert [(cell.count, cell.suppressed) for cell in result] == [
        (10, ""),
        (None, "small"),
        (None, "reserved"),
    ]


@pytest.mark.parametrize("counts", [[0, 1, 2, 3, 4], [4], [5, 9, 4], [MIN_CELL - 1, 100, 200]])
def test_no_published_cell_is_small_and_no_single_hidden_cell_is_deducible(counts):
    result = suppress([(str(i), str(i), count) for i, count in enumerate(counts)])
    assert all(cell.count is None or cell.count >= MIN_CELL for cell in result)
    hidden = [cell for cell in result if cell.count is None]
    assert len(hidden) != 1 or len(result) == 1


def test_each_person_counts_once_whatever_they_did(db, resident, other_resident):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    survey = make_survey(consultation, state="closed")
    add_responses(survey, 2, people=[resident, other_resident])
    mine = ProposalFactory(consultation=consultation, author=resident)
    SupportFactory(proposal=mine, user=other_resident)
    SupportFactory(proposal=mine, user=resident)
    figures = participation(consultation)
    assert figures.participants == 2
    assert (figures.proposals, figures.supports, figures.responses) == (1, 2, 2)


def test_authors_of_hidden_or_pending_proposals_do_not_count(db, resident, other_resident):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    ProposalFactory(
        consultation=consultation,
        author=resident,
        moderation_status=Proposal.ModerationStatus.HIDDEN,
    )
    ProposalFactory(
        consultation=consultation,
        author=other_resident,
        moderation_status=Proposal.ModerationStatus.PENDING,
    )
    withdrawn = ProposalFactory(
        consultation=consultation, moderation_status=Proposal.ModerationStatus.WITHDRAWN
    )
    figures = participation(consultation)
    assert figures.participants == 1
    assert figures.proposals == 1
    assert withdrawn.author_id is not None


def test_other_consultations_do_not_count(db, resident):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="c")
    other = consultation_in(Phase.Kind.RESULTS, slug="otra")
    SupportFactory(proposal=ProposalFactory(consultation=other), user=resident)
    assert participation(consultation).participants == 0
