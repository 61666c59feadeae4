"""deliberation.fields.SanitizedHTMLField: every write path stores cleaned HTML.

The field is tested on a throwaway model (isolate_apps, no migration): queries are
compiled, not run, so no table is needed.
"""

import pytest
from django.db import connection, models
from django.db.models.sql import InsertQuery, UpdateQuery
from django.test.utils import isolate_apps

from deliberation.fields import SanitizedHTMLField
from deliberation.sanitizer import SanitizedHTML

DIRTY = '<p onclick="x()">Hola<script>robar()</script> https://gob.cl</p>'
CLEAN = '<p>Hola <a href="https://gob.cl" rel="nofollow ugc">https://gob.cl</a></p>'


@pytest.fixture
def note_model():
    with isolate_apps("deliberation"):

        class Note(models.Model):
            body = SanitizedHTMLField()
            summary = SanitizedHTMLField(null=True, blank=True)

            class Meta:
                app_label = "deliberation"

            def __str__(self) -> str:
                return self.body

        yield Note


def test_pre_save_cleans_and_puts_the_clean_value_back_on_the_instance(note_model):
    note = note_model(body=DIRTY)
    field = note_model._meta.get_field("body")
    value = field.pre_save(note, add=True)
    assert value == CLEAN
    assert isinstance(value, SanitizedHTML)
    # What a broadcast renders right after save() is what was stored.
    assert note.body == CLEAN


def test_pre_save_turns_none_into_empty_html(note_model):
    note = note_model(body="x", summary=None)
    assert note_model._meta.get_field("summary").pre_save(note, add=False) == ""


def test_get_prep_value_cleans_raw_strings_for_update(note_model):
    field = note_model._meta.get_field("body")
    assert field.get_prep_value(DIRTY) == CLEAN
    assert field.get_prep_value(None) is None


def test_get_prep_value_leaves_clean_html_alone(note_model):
    field = note_model._meta.get_field("body")
    # Marked clean: not cleaned again (a second pass would be wasted work).
    marked = SanitizedHTML("<p>ya limpio</p>")
    assert field.get_prep_value(marked) is marked


def test_from_db_value_marks_values_as_sanitised(note_model):
    field = note_model._meta.get_field("body")
    value = field.from_db_value("<p>guardado</p>", None, connection)
    assert isinstance(value, SanitizedHTML)
    assert value == "<p>guardado</p>"
    assert field.from_db_value(None, None, connection) is None


def test_a_model_form_field_is_a_textarea(note_model):
    form_field = note_model._meta.get_field("body").formfield()
    assert form_field.widget.__class__.__name__ == "Textarea"


@pytest.mark.django_db
def test_bulk_create_sends_cleaned_html(note_model):
    # bulk_create compiles through SQLInsertCompiler, which calls pre_save per object.
    notes = [note_model(body=DIRTY), note_model(body="texto\n\nplano")]
    query = InsertQuery(note_model)
    query.insert_values([note_model._meta.get_field("body")], notes)
    _sql, params = query.get_compiler(connection=connection).as_sql()[0]
    # PostgreSQL sends one array per column (INSERT … UNNEST), other backends one value
    # per row.
    values = [v for p in params for v in (p if isinstance(p, list | tuple) else [p])]
    assert values == [CLEAN, "<p>texto</p><p>plano</p>"]
    assert notes[0].body == CLEAN


@pytest.mark.django_db
def test_update_sends_cleaned_html(note_model):
    # QuerySet.update() prepares values with get_prep_value.
    query = UpdateQuery(note_model)
    query.add_update_values({"body": DIRTY})
    _sql, params = query.get_compiler(connection=connection).as_sql()
    assert list(params) == [CLEAN]
