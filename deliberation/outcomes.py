"""What deliberation plugs into planning: how outcomes find any contribution type.

``planning`` (below us) records outcomes on contributions through contenttypes and cannot
import the apps that define them. Deliberation knows every registered contribution type
(``registry.register_contribution_type``: comments here, proposals from consultations,
later account questions and thread posts), so it fills ``planning.registry``'s one
resolver: which kinds exist, how to load many contributions in one query per kind, which
of them anyone may see, and who hears about an outcome (author, supporters, followers).

"Anyone may see" follows what each kind already says elsewhere: a kind that also owns
discussions uses its ``OwnerPolicy.public`` (a proposal: visible, in a published
consultation); comments are published, not deleted, in a discussion whose owner is public
(as in the site search); any other kind falls back to its visible rows.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q, QuerySet

from deliberation import registry
from deliberation.models import Comment, Contribution
from deliberation.queries import followers_of
from deliberation.registry import ContributionType, owner_models, policy_for
from planning.registry import (
    ContributionKind,
    ContributionResolver,
    ResolvedContribution,
    register_contribution_resolver,
)


def _types() -> list[ContributionType]:
    return registry.contribution_types()


def _type_by_content_type(content_type_id: int) -> ContributionType | None:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return next((t for t in _types() if t.model is model), None)


def kinds() -> list[ContributionKind]:
    return [
        ContributionKind(
            slug=t.slug,
            label=t.model._meta.verbose_name.capitalize(),
            content_type_id=ContentType.objects.get_for_model(t.model).pk,
        )
        for t in _types()
    ]


def _owners_with_what_they_show(model: type) -> QuerySet:
    related = policy_for(model).related
    return model.objects.select_related(*related) if related else model.objects.all()


def _public_comments() -> QuerySet[Comment]:
    readable = Q(pk__in=[])
    for model in owner_models():
        public = policy_for(model).public
        if public is not None:
            readable |= Q(
                discussion__content_type=ContentType.objects.get_for_model(model),
                discussion__object_id__in=public().values("pk"),
            )
    return Comment.objects.filter(
        readable,
        moderation_status=Contribution.ModerationStatus.PUBLISHED,
        deleted_at__isnull=True,
    )


def _public(model: type) -> QuerySet:
    if model is Comment:
        return _public_comments()
    if model in owner_models() and policy_for(model).public is not None:
        return policy_for(model).public()
    return model.objects.visible()


def public_ids(content_type_id: int) -> QuerySet | None:
    contribution_type = _type_by_content_type(content_type_id)
    if contribution_type is None:
        return None
    return _public(contribution_type.model).values("pk")


def ids_by_author(content_type_id: int, user: Any) -> QuerySet | None:
    contribution_type = _type_by_content_type(content_type_id)
    if contribution_type is None:
        return None
    return contribution_type.model.objects.filter(author=user).values("pk")


def _rows(contribution_type: ContributionType, ids: list[int], public_only: bool) -> QuerySet:
    model = contribution_type.model
    queryset = _public(model) if public_only else model.objects.all()
    queryset = queryset.filter(pk__in=ids).select_related("author", *contribution_type.related)
    if model is Comment:
        # The comment's title and space read its owner: one query per kind of owner.
        queryset = queryset.prefetch_related(
            GenericPrefetch(
                "discussion__owner",
                [_owners_with_what_they_show(owner) for owner in owner_models()],
            )
        )
    return queryset


def _title(contribution_type: ContributionType, row: Any) -> str:
    if isinstance(row, Comment):
        owner = row.discussion.owner
        where = policy_for(owner).title(owner) if owner is not None else ""
        return f"{row.excerpt(120)} ({where})" if where else row.excerpt(120)
    return contribution_type.title(row)


def _url(contribution_type: ContributionType, row: Any) -> str:
    if isinstance(row, Comment):
        # The permalink (it opens the thread at the comment) needs no owner query.
        return row.get_absolute_url()
    return contribution_type.url(row)


def load(
    keys: Iterable[tuple[int, int]], *, public_only: bool = True
) -> dict[tuple[int, int], ResolvedContribution]:
    """The contributions at ``keys``: one query per kind (two for comments: their
    owners), whatever their number."""
    wanted: dict[int, list[int]] = {}
    for content_type_id, object_id in keys:
        wanted.setdefault(content_type_id, []).append(object_id)
    found: dict[tuple[int, int], ResolvedContribution] = {}
    anonymous = AnonymousUser()
    for content_type_id, ids in wanted.items():
        contribution_type = _type_by_content_type(content_type_id)
        if contribution_type is None:
            continue
        label = contribution_type.model._meta.verbose_name.capitalize()
        for row in _rows(contribution_type, ids, public_only):
            space = contribution_type.space(row)
            visible = row.is_visible and not getattr(row, "is_deleted", False)
            found[(content_type_id, row.pk)] = ResolvedContribution(
                content_type_id=content_type_id,
                object_id=row.pk,
                kind=label,
                slug=contribution_type.slug,
                title=_title(contribution_type, row),
                url=_url(contribution_type, row),
                is_public=public_only or (visible and contribution_type.can_view(anonymous, row)),
                is_visible=visible,
                author=row.author,
                space_key=space.key if space else None,
                space_title=space.title if space else None,
                space_url=space.url if space else None,
                row=row,
            )
    return found


def people_to_notify(contribution: ResolvedContribution) -> list[Any]:
    """Its author, its supporters (the kind says who) and its followers."""
    contribution_type = _type_by_content_type(contribution.content_type_id)
    people = {contribution.author.pk: contribution.author}
    if contribution_type is not None:
        for person in contribution_type.supporters(contribution.row):
            people.setdefault(person.pk, person)
    for person in followers_of([contribution.row]):
        people.setdefault(person.pk, person)
    return list(people.values())


def register() -> None:
    """Register the contribution resolver in ``planning.registry`` (from ``ready()``)."""
    register_contribution_resolver(
        ContributionResolver(
            kinds=kinds,
            load=load,
            public_ids=public_ids,
            ids_by_author=ids_by_author,
            people_to_notify=people_to_notify,
        )
    )
