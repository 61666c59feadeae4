"""planning.indicators.actions.do_refresh_indicators: what counts, by year and month,
closed years computed once with their breakdowns, the open year's totals replaced."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from accounts.models import Comuna, User
from consultations.models import Proposal
from deliberation.actions import create_discussion
from deliberation.models import Comment
from planning.indicators.actions import do_refresh_indicators
from planning.indicators.models import ParticipationCell, ParticipationPeriod
from planning.models import Outcome, OutcomeLink
from tests.consultations.factories import (
    ConsultationFactory,
    ProposalAnswerFactory,
    ProposalFactory,
    SupportFactory,
)
from tests.factories import UserFactory
from tests.planning.indicators_helpers import moment, this_year

Dimension = ParticipationCell.Dimension
pytestmark = pytest.mark.django_db


def cell(year: int, dimension: str = "total", key: str = "", month: int = 0):
    return ParticipationCell.objects.get(
        period__year=year, dimension=dimension, key=key, month=month
    )


def test_people_count_once_across_acts_and_contributions_exclude_supports():
    last = this_year() - 1
    author, supporter = UserFactory(), UserFactory()
    proposal = ProposalFactory(author=author, created_at=moment(last, 3))
    SupportFactory(proposal=proposal, user=supporter, created_at=moment(last, 4))
    SupportFactory(
        proposal=ProposalFactory(created_at=moment(last, 4)),
        user=author,
        created_at=moment(last, 4),
    )

    do_refresh_indicators()

    total = cell(last)
    # author, supporter and the second proposal's author; the author's support adds no one.
    assert total.participants == 3
    assert total.contributions == 2  # two proposals; supports are not contributions
    assert cell(last, month=3).participants == 1
    assert cell(last, month=4).participants == 3


def test_response_rate_counts_published_answers_and_outcomes(official):
    last = this_year() - 1
    answered = ProposalFactory(created_at=moment(last))
    ProposalAnswerFactory(proposal=answered, author=official, is_published=True)
    draft = ProposalFactory(created_at=moment(last))
    ProposalAnswerFactory(proposal=draft, author=official, is_published=False)
    traced = ProposalFactory(created_at=moment(last))
    outcome = Outcome.objects.create(
        decision="incorporada", justification="Sí", decided_by=official
    )
    OutcomeLink.objects.create(outcome=outcome, content_type_id=_ct(Proposal), object_id=traced.pk)
    ProposalFactory(created_at=moment(last))

    do_refresh_indicators()

    total = cell(last)
    assert (total.contributions, total.answered) == (4, 2)


def _ct(model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def test_hidden_contributions_drafts_and_officials_do_not_count(official, division):
    last = this_year() - 1
    ProposalFactory(created_at=moment(last), moderation_status="hidden")
    ProposalFactory(created_at=moment(last), consultation=ConsultationFactory(status="draft"))
    ProposalFactory(created_at=moment(last), author=official, speaks_for=division)
    visible = ProposalFactory(created_at=moment(last))

    do_refresh_indicators()

    assert cell(last).participants == 1
    assert cell(last).contributions == 1
    assert visible.author_id


def test_comments_count_as_contributions():
    last = this_year() - 1
    proposal = ProposalFactory(created_at=moment(last))
    discussion = create_discussion(proposal)
    Comment.objects.create(
        discussion=discussion, author=UserFactory(), body="<p>Sí</p>", created_at=moment(last, 7)
    )
    Comment.objects.create(
        discussion=discussion,
        author=UserFactory(),
        body="<p>No</p>",
        created_at=moment(last, 7),
        deleted_at=moment(last, 8),
    )

    do_refresh_indicators()

    assert cell(last).contributions == 2  # the proposal and the comment not deleted
    assert cell(last).participants == 2


def test_closed_year_has_breakdowns_and_is_never_recomputed():
    last = this_year() - 1
    valparaiso = Comuna.objects.get(cut="05101")
    people = UserFactory.create_batch(
        6, comuna=valparaiso, gender=User.Gender.FEMALE, age_range=User.AgeRange.FROM_30
    )
    for person in people:
        ProposalFactory(author=person, created_at=moment(last))

    do_refresh_indicators()
    period = ParticipationPeriod.objects.get(year=last)
    assert period.final
    assert cell(last, Dimension.COMUNA, "05101").participants == 6
    assert cell(last, Dimension.GENDER, "F").participants == 6
    assert cell(last, Dimension.AGE_RANGE, "30-44").contributions == 6

    # A late row dated in the closed year, and a profile edit, change nothing published.
    ProposalFactory(created_at=moment(last, 9))
    User.objects.filter(pk=people[0].pk).update(gender=User.Gender.MALE)
    do_refresh_indicators()
    assert cell(last).participants == 6
    assert cell(last, Dimension.GENDER, "F").participants == 6
    assert ParticipationPeriod.objects.get(year=last).computed_at == period.computed_at


def test_open_year_has_totals_only_and_is_replaced():
    current = this_year()
    ProposalFactory(created_at=moment(current, 1))
    do_refresh_indicators()
    period = ParticipationPeriod.objects.get(year=current)
    assert not period.final
    assert set(period.cells.values_list("dimension", flat=True)) == {"total"}
    assert cell(current).participants == 1

    ProposalFactory(created_at=moment(current, 1))
    do_refresh_indicators()
    assert cell(current).participants == 2


def test_years_between_are_created_and_closed_even_without_acts():
    current = this_year()
    ProposalFactory(created_at=moment(current - 3))
    summary = do_refresh_indicators()
    assert summary.closed == [current - 3, current - 2, current - 1]
    assert list(ParticipationPeriod.objects.values_list("year", "final")) == [
        (current - 3, True),
        (current - 2, True),
        (current - 1, True),
        (current, False),
    ]
    assert cell(current - 2).participants == 0


def test_the_year_turns_and_the_old_one_closes():
    current = this_year()
    ProposalFactory(created_at=moment(current, 2))
    do_refresh_indicators()
    # The first refresh of next year closes this one, with its breakdowns.
    summary = do_refresh_indicators(now=moment(current + 1, 1, 2))
    assert summary.closed == [current]
    assert ParticipationPeriod.objects.get(year=current).final
    assert cell(current, Dimension.GENDER, "").participants == 1


def test_future_dated_acts_are_ignored():
    current = this_year()
    ProposalFactory(created_at=moment(current) + timedelta(days=400))
    do_refresh_indicators()
    assert not ParticipationPeriod.objects.filter(year__gt=current).exists()


def test_management_command_refreshes(capsys):
    ProposalFactory(created_at=moment(this_year() - 1))
    call_command("refresh_indicators")
    assert ParticipationPeriod.objects.get(year=this_year() - 1).final
    assert "Refreshed" in capsys.readouterr().out
