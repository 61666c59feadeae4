"""surveys.actions.check_answer_survey / do_answer_survey: the rules, the stored rows, and
one response per person under concurrency (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection

from consultations.models import Consultation, Phase
from surveys.actions import AnswerInput, check_answer_survey
from surveys.models import Answer, Question, Response
from tests.consultations.factories import consultation_in
from tests.surveys.factories import make_survey, options, questions

K = Question.Kind


def answers_for(survey) -> list[AnswerInput]:
    q = questions(survey)
    return [
        AnswerInput(q[K.SINGLE].pk, option_ids=(options(q[K.SINGLE])[0].pk,)),
        AnswerInput(q[K.SCALE].pk, scale_value=5),
        AnswerInput(q[K.LONG_TEXT].pk, text="Hola"),
    ]


@pytest.fixture
def survey(db):
    return make_survey(consultation_in(Phase.Kind.INFORMATION, slug="m"))


def test_answers_become_rows_with_places(survey, resident):
    q = questions(survey)
    ranking = options(q[K.RANKING])
    response = check_answer_survey(
        resident,
        survey=survey,
        answers=[
            AnswerInput(q[K.RANKING].pk, option_ids=(ranking[2].pk, ranking[0].pk, ranking[1].pk))
        ],
        revision=0,
    )
    assert response.revision == 1
    assert list(
        Answer.objects.filter(response=response).order_by("rank").values_list("option_id", "rank")
    ) == [(ranking[2].pk, 1), (ranking[0].pk, 2), (ranking[1].pk, 3)]


def test_replacing_keeps_one_response_and_bumps_the_revision(survey, resident):
    first = check_answer_survey(resident, survey=survey, answers=answers_for(survey), revision=0)
    second = check_answer_survey(
        resident, survey=survey, answers=answers_for(survey)[:1], revision=1
    )
    assert first.pk == second.pk
    assert second.revision == 2
    assert Answer.objects.filter(response=second).count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"state": "closed"}, "closed"),
        ({"state": "upcoming"}, "not_open_yet"),
        ({"verified": True}, "not_allowed"),
        ({"draft": True}, "not_allowed"),
    ],
)
def test_rules_refuse_with_a_code(db, resident, change, code):
    consultation = consultation_in(
        Phase.Kind.INFORMATION,
        slug="m",
        residency_rule="verified" if change.get("verified") else "anyone",
        status=Consultation.Status.DRAFT if change.get("draft") else Consultation.Status.PUBLISHED,
    )
    survey = make_survey(consultation, state=change.get("state", "open"))
    with pytest.raises(ValidationError) as refusal:
        check_answer_survey(resident, survey=survey, answers=answers_for(survey), revision=0)
    assert refusal.value.code == code
    assert not Response.objects.exists()


def test_a_survey_without_questions_refuses_answers(survey, resident):
    survey.questions.all().delete()
    with pytest.raises(ValidationError) as refusal:
        check_answer_survey(resident, survey=survey, answers=[], revision=0)
    assert refusal.value.code == "not_ready"
    assert not Response.objects.exists()


def test_the_database_keeps_one_response_per_person(survey, resident):
    Response.objects.create(survey=survey, respondent=resident)
    with pytest.raises(IntegrityError):
        Response.objects.create(survey=survey, respondent=resident)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is meaningful on PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_first_answers_at_once_store_one_and_refuse_the_other(resident):
    survey = make_survey(consultation_in(Phase.Kind.INFORMATION, slug="m"))
    answers = answers_for(survey)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def answer() -> None:
        try:
            barrier.wait()
            check_answer_survey(resident, survey=survey, answers=answers, revision=0)
            outcomes.append("stored")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate", "duplicate", "duplicate", "stored"]
    assert Response.objects.filter(survey=survey, respondent=resident).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == len(answers)
