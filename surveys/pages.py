"""What the survey pages (and owner pages that show a survey's results) need around the
survey: the addresses of its pages under its owner's URLs, the owner's name and
breadcrumbs. No query: the owner is already loaded on the survey."""

from dataclasses import dataclass
from typing import Any

from surveys.models import Question, Survey
from surveys.registry import policy_for, survey_page_url
from surveys.results import SurveyResults


@dataclass(frozen=True)
class SurveyUrls:
    """The survey's pages, reversed in its owner's URL namespace."""

    answer: str
    results: str
    results_csv: str
    edit: str
    create_question: str

    @classmethod
    def of(cls, owner: Any) -> "SurveyUrls":
        return cls(
            answer=survey_page_url(owner, "answer_survey"),
            results=survey_page_url(owner, "survey_results"),
            results_csv=survey_page_url(owner, "download_survey_results"),
            edit=survey_page_url(owner, "edit_survey"),
            create_question=survey_page_url(owner, "create_question"),
        )


def owner_context(owner: Any) -> dict[str, Any]:
    """The owner's part of a survey page: its title and address, the breadcrumbs template
    with what it reads, the words of the link back, and the survey's addresses."""
    policy = policy_for(owner)
    return {
        "owner": owner,
        "owner_title": policy.title(owner),
        "owner_url": policy.url(owner),
        "owner_back_label": policy.back_label,
        "owner_results": policy.results_link(owner) if policy.results_link else None,
        "breadcrumbs_template": policy.breadcrumbs_template,
        "survey_urls": SurveyUrls.of(owner),
        **policy.page_context(owner),
    }


def with_question_urls(survey: Survey, questions: list[Question]) -> list[Question]:
    """Set ``edit_url``, ``move_url`` and ``delete_url`` on each question (the editor)."""
    for question in questions:
        question.edit_url = survey.url_for("edit_question", question.pk)
        question.move_url = survey.url_for("move_question", question.pk)
        question.delete_url = survey.url_for("delete_question", question.pk)
    return questions


def with_text_answer_urls(results: SurveyResults) -> SurveyResults:
    """Set ``text_answers_url`` on each open-text question's result (the results block)."""
    for result in results.questions:
        if result.is_text:
            result.text_answers_url = results.survey.url_for(
                "survey_text_answers", result.question.pk
            )
    return results
