"""actions.check_block_person / do_lift_block and ``rules.block_refusal``: a blocked person
is refused wherever they take part, with the reason and the end date, until it ends."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEntry, Notification
from deliberation.actions import check_block_person, check_post_comment, do_lift_block
from deliberation.models import Block
from deliberation.rules import block_refusal
from tests.conftest import client_for
from tests.deliberation.owners import make_comment


def test_a_block_for_a_time_refuses_comments_with_the_reason_and_date(
    discussion, resident, moderator
):
    until = timezone.now() + timedelta(days=7)
    check_block_person(moderator, person=resident, reason="Insultos reiterados", until=until)
    resident.refresh_from_db()
    with pytest.raises(ValidationError, match="bloqueada por moderación hasta el"):
        check_post_comment(resident, discussion=discussion, body="Hola")
    assert "Insultos reiterados" in str(block_refusal(resident))
    notice = Notification.objects.get(recipient=resident)
    assert notice.kind == "deliberation.blocked"
    assert notice.is_urgent
    assert "Insultos reiterados" in notice.body
    entry = AuditEntry.objects.get(action="moderation.block")
    assert (entry.actor, entry.object_id) == (moderator, resident.pk)


def test_a_block_for_good_says_so(resident, moderator):
    check_block_person(moderator, person=resident, reason="Spam automatizado")
    resident.refresh_from_db()
    assert "de forma indefinida" in str(block_refusal(resident))


def test_a_block_ends_by_itself(resident, moderator):
    check_block_person(
        moderator, person=resident, reason="x", until=timezone.now() + timedelta(hours=1)
    )
    resident.refresh_from_db()
    assert block_refusal(resident, timezone.now() + timedelta(hours=2)) is None


def test_lifting_lets_the_person_take_part_again(discussion, resident, moderator):
    block = check_block_person(moderator, person=resident, reason="x")
    do_lift_block(moderator, block=block)
    resident.refresh_from_db()
    assert resident.blocked_until is None
    check_post_comment(resident, discussion=discussion, body="De vuelta")
    block.refresh_from_db()
    assert block.lifted_by == moderator  # the row stays


def test_a_moderator_cannot_block_themself(moderator):
    with pytest.raises(ValidationError, match="No puedes bloquear tu propia cuenta"):
        check_block_person(moderator, person=moderator, reason="x")
    assert not Block.objects.exists()


def test_a_blocked_person_cannot_report(discussion, resident, other_resident, moderator):
    comment = make_comment(discussion, resident, "Algo")
    check_block_person(moderator, person=other_resident, reason="Reportes abusivos")
    response = client_for(other_resident).post(
        f"/conversaciones/comentarios/{comment.pk}/reportar/", {"reason": "spam"}
    )
    assert response.status_code == 400
    assert "Reportes abusivos" in response.content.decode()


def test_people_not_blocked_cost_no_query(resident, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert block_refusal(resident) is None
