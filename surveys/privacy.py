"""A person's survey answers in their data export, and what deleting an account removes.

Registered from ``SurveysConfig.ready()`` with ``register()``.

On deletion, the person's choices stay in the aggregates (the response now belongs to an
anonymised tombstone account, and results never show anything per person), but their
open-text answers are deleted: free text may carry personal data, and it is listed on the
results pages.
"""

from typing import Any

from surveys.models import Answer, Response
from surveys.registry import policy_for


def export_survey_responses(user: Any) -> list[dict[str, Any]]:
    """Every survey the person answered, with their answers in question order."""
    responses = (
        Response.objects.filter(respondent=user)
        .select_related("survey")
        .prefetch_related("survey__owner")
        .prefetch_related("answers__question", "answers__option")
        .order_by("created_at", "pk")
    )
    exported = []
    for response in responses:
        answers: dict[int, dict[str, Any]] = {}
        for answer in sorted(
            response.answers.all(),
            key=lambda a: (a.question.position, a.question_id, a.rank or 0),
        ):
            entry = answers.setdefault(
                answer.question_id, {"question": answer.question.text, "answer": []}
            )
            if answer.option_id:
                entry["answer"].append(answer.option.text)
            elif answer.scale_value is not None:
                entry["answer"] = answer.scale_value
            else:
                entry["answer"] = answer.text
        exported.append(
            {
                # What the survey was about: the owner's title (a consultation's, for now).
                "consultation": policy_for(response.survey.owner).title(response.survey.owner),
                "survey": response.survey.title,
                "created_at": response.created_at.isoformat(),
                "updated_at": response.updated_at.isoformat(),
                "answers": list(answers.values()),
            }
        )
    return exported


def anonymise_survey_responses(user: Any) -> None:
    """Delete the person's open-text answers (their choices stay, anonymous, in totals)."""
    Answer.objects.filter(
        response__respondent=user, option__isnull=True, scale_value__isnull=True
    ).delete()


def register() -> None:
    from accounts.privacy import register_anonymiser, register_exporter

    register_exporter("survey_responses", export_survey_responses)
    register_anonymiser("survey_responses", anonymise_survey_responses)
