"""The demo surveys (consultations.demo.seed_surveys with surveys.demo): every question
kind, idempotent."""

import io

from consultations.demo import seed_surveys
from surveys.demo import NEIGHBOURS
from surveys.models import Answer, Question, Response, Survey


def test_seeding_twice_gives_the_same_surveys(db, client):
    seed_surveys(io.StringIO())
    counts = (Survey.objects.count(), Question.objects.count(), Response.objects.count())
    answers = Answer.objects.count()
    seed_surveys(io.StringIO())
    assert (Survey.objects.count(), Question.objects.count(), Response.objects.count()) == counts
    assert Answer.objects.count() == answers
    assert counts == (2, 12, 28 + 32)
    for survey in Survey.objects.all():
        assert set(survey.questions.values_list("kind", flat=True)) == set(Question.Kind.values)
    assert NEIGHBOURS >= 30

    closed = client.get("/consultas/politica-regional-de-cultura/resultados/")
    assert closed.status_code == 200
    html = closed.content.decode()
    assert "32 personas respondieron la encuesta." in html
    assert "menos de 5" in html
    # The open survey keeps its results until it closes.
    assert (
        client.get("/consultas/red-regional-de-ciclovias/encuesta/resultados/").status_code == 403
    )


def test_optional_questions_do_not_say_optional_twice(db):
    # The page marks them "(opcional)" already.
    seed_surveys(io.StringIO())
    for question in Question.objects.filter(is_required=False):
        assert "opcional" not in question.help_text.lower()
