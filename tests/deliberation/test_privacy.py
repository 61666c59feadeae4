"""deliberation.privacy: a person's export includes their comments, votes and follows,
and a moderator's decisions."""

from accounts.privacy import export_user_data
from deliberation.actions import (
    do_edit_comment,
    do_hide_contribution,
    do_post_comment,
    do_vote_comment,
)


def test_export_holds_comments_with_history_votes_and_follows(discussion, resident, other_resident):
    comment = do_post_comment(resident, discussion=discussion, body="Primera")
    do_edit_comment(resident, comment=comment, body="Segunda")
    other = do_post_comment(other_resident, discussion=discussion, body="Otro")
    do_vote_comment(resident, comment=other, value=-1)
    section = export_user_data(resident)["deliberation"]
    (exported,) = section["comments"]
    assert exported["body"] == "<p>Segunda</p>"
    assert exported["previous_versions"][0]["body"] == "<p>Primera</p>"
    assert section["comment_votes"][0]["value"] == -1
    assert section["follows"][0]["type"] == "accounts.division"


def test_export_holds_a_moderators_decisions(discussion, resident, moderator):
    comment = do_post_comment(resident, discussion=discussion, body="Spam")
    do_hide_contribution(moderator, contribution=comment, reason="Publicidad")
    (decision,) = export_user_data(moderator)["deliberation"]["moderation_decisions"]
    assert decision["action"] == "hide"
    assert (decision["type"], decision["id"]) == ("deliberation.comment", comment.pk)
    assert decision["reason"] == "Publicidad"
    assert export_user_data(resident)["deliberation"]["moderation_decisions"] == []
