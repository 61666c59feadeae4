"""do_vote_comment under real concurrency: no vote is lost, counters match the rows.

Threads with their own database connections vote at the same moment. Only PostgreSQL
can show a lost update: SQLite lets one writer at a time, so it skips.
"""

import threading

import pytest
from django.conf import settings
from django.db import connection

from deliberation.actions import do_vote_comment
from deliberation.models import Comment, CommentVote
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite runs one writer at a time, so it cannot lose an update; "
        "this runs on PostgreSQL (CI's second pass).",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(calls: list) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call) -> None:
        try:
            barrier.wait(timeout=10)
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_simultaneous_votes_of_many_people_all_count(discussion, resident):
    comment = make_comment(discussion, resident, "Muy votado")
    voters = [UserFactory() for _ in range(40)]
    values = [1 if index % 4 else -1 for index in range(len(voters))]
    errors = run_together(
        [
            (lambda voter=voter, value=value: do_vote_comment(voter, comment=comment, value=value))
            for voter, value in zip(voters, values, strict=True)
        ]
    )
    assert errors == []
    comment.refresh_from_db()
    assert comment.upvotes == values.count(1) == 30
    assert comment.downvotes == values.count(-1) == 10
    assert comment.score == 20


def test_one_person_clicking_many_times_at_once_stays_consistent(discussion, resident):
    comment = make_comment(discussion, resident, "Doble clic")
    voter = UserFactory()
    errors = run_together(
        [lambda: do_vote_comment(voter, comment=comment, value=1) for _ in range(12)]
    )
    assert errors == []
    comment.refresh_from_db()
    rows = CommentVote.objects.filter(comment=comment).count()
    assert rows in (0, 1)
    # Twelve toggles: the counter says exactly what the rows say.
    assert (comment.upvotes, comment.downvotes) == (rows, 0)
    assert Comment.objects.get(pk=comment.pk).score == rows


def test_toggling_and_switching_concurrently_never_drifts(discussion, resident):
    comment = make_comment(discussion, resident, "Cambiante")
    voters = [UserFactory() for _ in range(15)]
    calls = []
    for voter in voters:
        calls += [
            lambda voter=voter: do_vote_comment(voter, comment=comment, value=1),
            lambda voter=voter: do_vote_comment(voter, comment=comment, value=-1),
        ]
    assert run_together(calls) == []
    comment.refresh_from_db()
    assert comment.upvotes == CommentVote.objects.filter(comment=comment, value=1).count()
    assert comment.downvotes == CommentVote.objects.filter(comment=comment, value=-1).count()
