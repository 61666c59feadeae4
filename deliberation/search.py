"""Comments in the site-wide search (``common.search``), registered from ``ready()``.

Only what anyone may read: published comments, not deleted by their author, in the
discussion of an owner whose registration says anyone may read it (``OwnerPolicy.public``:
published consultations, visible proposals of published consultations). Comments of a
hidden proposal, of a draft consultation, hidden, pending or deleted ones never show.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.contrib.postgres.search import SearchVector
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.collation import PlainText
from common.search import (
    SEARCH_CONFIG,
    SearchResult,
    SearchSource,
    register_search_source,
    snippet,
    text_filter,
)
from deliberation.models import Comment, Contribution
from deliberation.registry import owner_models, policy_for
from deliberation.sanitizer import plain_text


def _owners_with_what_they_show(model: type) -> QuerySet:
    related = policy_for(model).related
    return model.objects.select_related(*related) if related else model.objects.all()


def searchable_comments(query: str, user: Any) -> QuerySet[Comment]:
    """Comments anyone may read that match ``query``, newest first."""
    readable = Q(pk__in=[])
    for model in owner_models():
        public = policy_for(model).public
        if public is not None:
            readable |= Q(
                discussion__content_type=ContentType.objects.get_for_model(model),
                discussion__object_id__in=public().values("pk"),
            )
    return (
        Comment.objects.filter(
            readable,
            text_filter(
                query, vector=SearchVector("body", config=SEARCH_CONFIG), fields=[PlainText("body")]
            ),
            moderation_status=Contribution.ModerationStatus.PUBLISHED,
            deleted_at__isnull=True,
        )
        .select_related("discussion")
        # One query per kind of owner, with what its title and URL read.
        .prefetch_related(
            GenericPrefetch(
                "discussion__owner",
                [_owners_with_what_they_show(model) for model in owner_models()],
            )
        )
        .order_by("-created_at", "-pk")
    )


def comment_results(comments: Sequence[Comment], query: str) -> list[SearchResult]:
    results = []
    for comment in comments:
        owner = comment.discussion.owner
        policy = policy_for(owner)
        where = policy.title(owner)
        results.append(
            SearchResult(
                kind=_("Comentario"),
                title=_("Comentario en «%(title)s»") % {"title": where},
                url=comment.get_absolute_url(),
                snippet=snippet(plain_text(comment.body), query),
                where=where,
                where_url=policy.url(owner),
            )
        )
    return results


def register() -> None:
    register_search_source(
        SearchSource(
            key="comentarios",
            heading=_("Comentarios"),
            search=searchable_comments,
            results=comment_results,
            order=30,
        )
    )
