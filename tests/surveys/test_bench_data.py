"""bench/surveys_data.py: the benchmark generator writes valid survey data (small numbers here;
bench/surveys.py runs it with 100,000 responses on PostgreSQL)."""

import random

from django.db.models import Count

from bench.surveys_data import create_bench_surveys, delete_bench_surveys, generate_survey_responses
from consultations.models import Phase
from surveys.models import Answer, Question, Response, Survey
from surveys.results import tally_survey
from tests.consultations.factories import consultation_in
from tests.factories import UserFactory


def test_generated_responses_follow_the_survey_rules(db):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="bench")
    people = [UserFactory().pk for _ in range(5)]
    survey = create_bench_surveys(
        owner=consultation, people=people, responses=20, rng=random.Random(1)
    )
    assert Response.objects.filter(survey=survey).count() == 20
    # The five given people answered; fifteen bench people were created for the rest.
    assert Response.objects.filter(survey=survey, respondent_id__in=people).count() == 5
    for question in survey.questions.all():
        if question.has_options:
            firsts = Answer.objects.filter(question=question, rank=1).count()
            assert firsts == 20, question.kind
        if question.kind == Question.Kind.MULTIPLE:
            most = (
                Answer.objects.filter(question=question)
                .values("response")
                .annotate(n=Count("id"))
                .order_by("-n")
                .first()
            )
            assert most["n"] <= question.max_choices
        if question.kind == Question.Kind.RANKING:
            per_response = set(
                Answer.objects.filter(question=question)
                .values("response")
                .annotate(n=Count("id"))
                .values_list("n", flat=True)
            )
            assert per_response == {question.options.count()}
    results = tally_survey(survey)
    assert results.response_count == 20
    assert results.questions[0].respondents == 20

    # More responses reuse nobody twice; then the whole survey goes.
    assert generate_survey_responses(survey, 10, rng=random.Random(2)) == 10
    assert Response.objects.filter(survey=survey).values("respondent").distinct().count() == 30
    delete_bench_surveys(consultation)
    assert not Survey.objects.exists()
    assert not Answer.objects.exists()
