"""Consultations and proposals in the site-wide search (``common.search``), registered
from ``ready()``.

Only what anyone may read: published consultations (never drafts, even for officials: the
site search is the public's), and published proposals of published consultations (not
pending, hidden or withdrawn). Best match first on PostgreSQL, newest first on SQLite.
"""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.collation import PlainText
from common.search import (
    SearchResult,
    SearchSource,
    register_search_source,
    search_query,
    snippet,
    text_filter,
    uses_full_text_search,
)
from consultations.models import Consultation, Proposal
from deliberation.sanitizer import plain_text


def _best_first(queryset: QuerySet, query: str) -> QuerySet:
    ordering = ["-created_at", "-pk"]
    if uses_full_text_search():
        queryset = queryset.annotate(rank=SearchRank(F("search_vector"), search_query(query)))
        ordering = ["-rank", *ordering]
    return queryset.order_by(*ordering)


def searchable_consultations(query: str, user: Any) -> QuerySet[Consultation]:
    consultations = Consultation.objects.filter(
        text_filter(query, vector="search_vector", fields=["title", "summary", PlainText("body")]),
        status=Consultation.Status.PUBLISHED,
    ).only("pk", "slug", "title", "summary", "body", "created_at")
    return _best_first(consultations, query)


def consultation_results(consultations: Sequence[Consultation], query: str) -> list[SearchResult]:
    return [
        SearchResult(
            kind=_("Consulta"),
            title=consultation.title,
            url=consultation.get_absolute_url(),
            snippet=snippet(f"{consultation.summary} {plain_text(consultation.body)}", query),
        )
        for consultation in consultations
    ]


def searchable_proposals(query: str, user: Any) -> QuerySet[Proposal]:
    proposals = (
        Proposal.objects.filter(
            text_filter(query, vector="search_vector", fields=["title", PlainText("body")]),
            moderation_status=Proposal.ModerationStatus.PUBLISHED,
            consultation__status=Consultation.Status.PUBLISHED,
        )
        .select_related("consultation")
        .only(
            "pk",
            "title",
            "body",
            "created_at",
            "consultation__slug",
            "consultation__title",
        )
    )
    return _best_first(proposals, query)


def proposal_results(proposals: Sequence[Proposal], query: str) -> list[SearchResult]:
    return [
        SearchResult(
            kind=_("Propuesta"),
            title=proposal.title,
            url=proposal.get_absolute_url(),
            snippet=snippet(plain_text(proposal.body), query),
            where=proposal.consultation.title,
            where_url=proposal.consultation.get_absolute_url(),
        )
        for proposal in proposals
    ]


def _consultation_list_url(query: str) -> str:
    return f"{reverse('consultations:list')}?{urlencode({'q': query})}"


def register() -> None:
    register_search_source(
        SearchSource(
            key="consultas",
            heading=_("Consultas"),
            search=searchable_consultations,
            results=consultation_results,
            more_url=_consultation_list_url,
            order=10,
        )
    )
    register_search_source(
        SearchSource(
            key="propuestas",
            heading=_("Propuestas"),
            search=searchable_proposals,
            results=proposal_results,
            order=20,
        )
    )
