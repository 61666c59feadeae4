"""Every change made in the survey editor forgets the survey's cached results."""

import pytest

from surveys.models import Question
from surveys.queries import questions_of
from surveys.results import tally_survey
from tests.surveys.editor.helpers import (
    EDITOR,
    NEW_QUESTION,
    cached_tally,
    edit_data,
    question_data,
    question_url,
    survey_data,
)
from tests.surveys.factories import add_responses, options


@pytest.mark.parametrize(
    "change",
    ["survey", "question", "new_question", "move", "delete"],
)
def test_every_change_forgets_the_cached_results(official_client, survey, change):
    add_responses(survey, 3)
    empty = official_client.post(NEW_QUESTION, question_data(text="Sin respuestas"))
    assert empty.status_code == 302
    unanswered = Question.objects.get(text="Sin respuestas")
    official_client.post(question_url(unanswered, "mover"), {"direccion": "arriba"})
    tally_survey(survey)
    assert cached_tally(survey) is not None
    single = questions_of(survey)[0]  # the answered single-choice question
    match change:
        case "survey":
            official_client.post(EDITOR, survey_data())
        case "question":
            data = edit_data(single, **{f"option_{options(single)[0].pk}": "Micro"})
            assert official_client.post(question_url(single), data).status_code == 302
        case "new_question":
            official_client.post(NEW_QUESTION, question_data())
        case "move":
            official_client.post(question_url(unanswered, "mover"), {"direccion": "abajo"})
        case "delete":
            official_client.post(question_url(unanswered, "borrar"))
    assert cached_tally(survey) is None
    if change == "question":
        rows = tally_survey(survey).questions[0].rows
        assert rows[0].label == "Micro"


# --- The editor page -----------------------------------------------------------------------
