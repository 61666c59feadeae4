"""deliberation.demo: lively demo discussions with consistent counters."""

import io

from django.db.models import Count, Q

from accounts.models import Division
from deliberation.demo import GENERIC, THEMES, comments_for, seed, seed_discussion
from deliberation.models import Comment, CommentVote, Discussion
from tests.factories import UserFactory

# Each theme by one of its words, e.g. "ciclov" → its comments.
THEMES_BY_WORD = [(words[0], comments) for words, comments in THEMES]


def test_seed_discussion_is_lively_consistent_and_idempotent(owner, owner_rules):
    UserFactory.create_batch(6)
    created = seed_discussion(owner)
    assert created >= 12
    comments = Comment.objects.all()
    assert comments.count() == created
    assert comments.filter(depth__gt=0).exists()
    assert owner_rules.count_changes == [created]
    for comment in comments.annotate(
        ups=Count("votes", filter=Q(votes__value=1)),
        downs=Count("votes", filter=Q(votes__value=-1)),
    ):
        assert (comment.upvotes, comment.downvotes) == (comment.ups, comment.downs)
        if comment.depth == 0:
            assert comment.reply_count == Comment.objects.filter(root=comment).count()
    # Nobody votes on their own comment.
    assert not [
        v
        for v in CommentVote.objects.select_related("comment")
        if v.voter_id == v.comment.author_id
    ]
    assert seed_discussion(owner) == 0


def test_seed_fills_existing_owners(owner):
    UserFactory.create_batch(3)
    out = io.StringIO()
    seed(out)
    assert "demo comments" in out.getvalue()
    assert Comment.objects.exists()


def test_seed_gives_every_existing_owner_its_discussion(owner):
    # Demo rows are written directly, not through the create actions that make it.
    older = [Division.objects.create(name=f"División {i}", acronym=f"D{i}") for i in range(7)]
    seed(io.StringIO())
    assert Discussion.objects.count() == 8
    assert {d.object_id for d in Discussion.objects.all()} == {owner.pk, *(o.pk for o in older)}


def test_demo_comments_fit_the_owner(owner, test_owner_registered):
    UserFactory.create_batch(4)
    theatre = Division.objects.create(name="Festival regional de teatro", acronym="TEATRO")
    seed_discussion(owner)
    seed_discussion(theatre)
    about_cycling = {text for _stance, text in dict(THEMES_BY_WORD)["ciclov"]}
    about_culture = {text for _stance, text in dict(THEMES_BY_WORD)["cultur"]}
    off_topic = {text for words, comments in THEMES for _s, text in comments} - about_culture
    theatre_texts = {
        comment.body.removeprefix("<p>").removesuffix("</p>")
        for comment in Comment.objects.filter(discussion__object_id=theatre.pk, depth=0)
    }
    # The theatre's discussion talks about culture (and generic things), never buses.
    assert theatre_texts & about_culture
    assert not theatre_texts & off_topic
    cycling_texts = {
        comment.body.removeprefix("<p>").removesuffix("</p>")
        for comment in Comment.objects.filter(discussion__object_id=owner.pk, depth=0)
    }
    assert about_cycling <= cycling_texts
    assert not cycling_texts & about_culture


def test_owners_whose_title_says_nothing_are_matched_by_topics_or_get_generic_comments(
    owner,
):
    owner.name = "Propuesta 7"
    assert [text for _s, text in comments_for(owner, 12)] == [text for _s, text in GENERIC]


def test_demo_comments_are_written_by_residents_only(owner):
    """Staff speak with a badge (an official for their division): the demo's opinions of
    neighbours must not come from them (found in the walk-through of issue 9)."""
    division = Division.objects.create(name="División de Prueba", acronym="DPRU")
    official = UserFactory(display_name="Paula", is_official=True, division=division)
    moderator = UserFactory(display_name="Equipo de Moderación", is_moderator=True)
    UserFactory.create_batch(3)
    seed_discussion(owner)
    authors = set(Comment.objects.values_list("author_id", flat=True))
    assert len(authors) >= 2
    assert not authors & {official.pk, moderator.pk}
    assert not CommentVote.objects.filter(voter__in=[official, moderator]).exists()
