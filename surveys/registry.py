"""Which models own surveys, and the rules their owners set.

``surveys`` sits below ``consultations`` (and later the public account, COSOC sessions and
commitments), so it cannot import them. An owning app registers its model once, in its
``AppConfig.ready()``, with a policy; the survey pages are then routed under the owner's
own URLs (``surveys.urls.survey_patterns``) and ask the policy who may see the owner, who
may answer and who may build the survey.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse


@dataclass(frozen=True)
class SurveyOwnerPolicy:
    # The owner ``user`` may see, from the URL's keyword arguments (``{"slug": ...}``):
    # raises Http404 otherwise (a missing owner and a hidden one look the same). One query.
    access: Callable[..., Any]
    # Whether ``user`` may build the owner's survey (create it, edit its questions): the
    # owner's editors, their division included. Actions check it themselves.
    can_edit: Callable[[Any, Any], bool]
    # Whether ``user`` sees the results before they are public (the owner's staff).
    can_preview_results: Callable[[Any, Any], bool]
    # None when ``user`` may take part in the owner now; else the reason, in Spanish (lazy):
    # signed in, owner published, verified residency when the owner asks for it.
    participation_refusal: Callable[[Any, Any], Any]
    # The URL namespace the owner's app routes the survey pages in, and the keyword
    # arguments that name the owner in them.
    url_namespace: str
    url_kwargs: Callable[[Any], dict[str, Any]]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    # The page heading's trail: a template included with ``here`` and ``here_url``, fed by
    # ``page_context(owner)``; and the words of the link back to the owner's page.
    breadcrumbs_template: str
    page_context: Callable[[Any], dict[str, Any]]
    back_label: Any
    # The owner's own results page, if it has one: (label, url), linked from the survey's.
    results_link: Callable[[Any], tuple[Any, str]] | None = None


_policies: dict[type[models.Model], SurveyOwnerPolicy] = {}


def register_survey_owner(model: type[models.Model], policy: SurveyOwnerPolicy) -> None:
    """Let ``model`` own a survey (call once, from the owning app's ``ready()``)."""
    _policies[model] = policy


def policy_for(owner_or_model: Any) -> SurveyOwnerPolicy:
    model = owner_or_model if isinstance(owner_or_model, type) else type(owner_or_model)
    try:
        return _policies[model]
    except KeyError:
        raise LookupError(f"{model.__name__} does not own surveys (not registered).") from None


def policy_by_label(label: str) -> tuple[type[models.Model], SurveyOwnerPolicy]:
    """The registered owner model named ``app_label.model_name`` (as survey URLs carry it)."""
    for model, policy in _policies.items():
        if model._meta.label_lower == label:
            return model, policy
    raise LookupError(f"{label} does not own surveys (not registered).")


def survey_page_url(owner: Any, name: str, pk: int | None = None) -> str:
    """The address of a survey page (a URL name of ``surveys.urls``; ``pk`` for a
    question's pages) under ``owner``'s URLs: reversed in its namespace, with its kwargs."""
    policy = policy_for(owner)
    kwargs = policy.url_kwargs(owner)
    if pk is not None:
        kwargs = {**kwargs, "pk": pk}
    return reverse(f"{policy.url_namespace}:{name}", kwargs=kwargs)
