"""Shared builders for the moderators' pages tests: comments in a consultation, reported
through the real action (so the case, the reports and the auto-hide are the app's own)."""

from typing import Any

import pytest

from deliberation.actions import do_report_contribution
from deliberation.models import Comment
from deliberation.queries import discussion_for
from tests.consultations.factories import ConsultationFactory
from tests.conftest import with_totp
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory


def reported_comment(
    author: Any,
    *,
    body: str = "Un comentario reportado",
    reports: int = 1,
    reason: str = "ofensivo",
    details: str = "",
    consultation: Any = None,
) -> Comment:
    """A comment by ``author`` in ``consultation`` (a new one by default), reported by
    ``reports`` different people (at 3 it is hidden pending review)."""
    consultation = consultation or ConsultationFactory(title="Plan de ciclovías")
    comment = make_comment(discussion_for(consultation), author, body)
    for _index in range(reports):
        do_report_contribution(
            UserFactory(), contribution=comment, reason=reason, details=details
        )
    comment.refresh_from_db()
    return comment


@pytest.fixture
def second_moderator(db: None) -> Any:
    return with_totp(
        UserFactory(email="mod-b@ejemplo.cl", display_name="Moderadora B", is_moderator=True)
    )
