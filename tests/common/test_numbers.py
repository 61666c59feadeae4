"""common.numbers and the number fields of common.forms: text becomes a number only when
it is written with the ASCII digits 0-9."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Division
from common.forms import DecimalNumberField, IdChoiceField, WholeNumberField
from common.numbers import (
    format_rut,
    parse_decimal,
    parse_int,
    parse_rut,
    rut_check_digit,
    split_rut,
)
from tests.digits import SUPERSCRIPT_TWO, arabic_indic, devanagari, fullwidth, persian

# Each reads as a number to int(), float(), Decimal() or str.isdigit(), never to a person.
NOT_ASCII = [
    SUPERSCRIPT_TWO,
    fullwidth("12"),
    arabic_indic("12"),
    persian("12"),
    devanagari("12"),
    "1" + fullwidth("2"),  # mixed
]


@pytest.mark.parametrize(("text", "number"), [("0", 0), ("12", 12), ("007", 7)])
def test_parse_int_reads_ascii_digits(text, number):
    assert parse_int(text) == number


@pytest.mark.parametrize("text", [*NOT_ASCII, "", " 12", "12 ", "+12", "1_000", "1.0", "1e3"])
def test_parse_int_refuses_anything_else(text):
    assert parse_int(text) is None


def test_parse_int_reads_a_minus_only_when_signed():
    assert parse_int("-12") is None
    assert parse_int("-12", signed=True) == -12
    assert parse_int("--12", signed=True) is None


def test_parse_int_refuses_absurdly_long_numbers():
    assert parse_int("9" * 30) == int("9" * 30)
    assert parse_int("9" * 31) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [("-33.0472", Decimal("-33.0472")), ("-33,0472", Decimal("-33.0472")), ("71", Decimal(71))],
)
def test_parse_decimal_reads_a_point_or_a_comma(text, number):
    assert parse_decimal(text) == number


@pytest.mark.parametrize(
    "text", [*NOT_ASCII, fullwidth("-33.5"), "1e3", "NaN", "inf", "1.000,5", ".5", "5.", "1_0.5"]
)
def test_parse_decimal_refuses_anything_else(text):
    assert parse_decimal(text) is None


@pytest.mark.parametrize(
    ("text", "rut"),
    [
        ("12.345.678-5", "12345678-5"),
        ("123456785", "12345678-5"),
        (" 12 345 678 - 5 ", "12345678-5"),
        ("10.000.013-k", "10000013-K"),
    ],
)
def test_parse_rut_gives_the_one_stored_form(text, rut):
    assert parse_rut(text) == rut


@pytest.mark.parametrize(
    "text",
    [
        fullwidth("12.345.678-5"),  # valid check digit
        arabic_indic("12345678-5"),
        fullwidth("10.000.013-K"),  # fullwidth with a K: localflavor's CLRutField stored this
        arabic_indic("10000013-k"),
        "12.345.678-6",  # wrong check digit
        "0-0",
        "12-345-678-5",
        "",
        None,
    ],
)
def test_parse_rut_refuses_other_digits_and_wrong_check_digits(text):
    assert parse_rut(text) is None


def test_split_rut_tells_a_wrong_check_digit_from_garbage():
    assert split_rut("12.345.678-6") == (12345678, "6")
    assert split_rut(fullwidth("12.345.678-6")) is None
    assert split_rut("no tengo") is None


def test_rut_check_digit_is_module_11():
    assert rut_check_digit(12345678) == "5"
    assert rut_check_digit(10000013) == "K"
    assert rut_check_digit(11111111) == "1"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("12345678-5", "12.345.678-5"),
        ("999-9", "999-9"),
        (fullwidth("1234-5"), fullwidth("1234-5")),
        ("", ""),
    ],
)
def test_format_rut_adds_dots_to_the_stored_form_only(stored, shown):
    assert format_rut(stored) == shown


# --- Form fields ---------------------------------------------------------------------------


class NumbersForm(forms.Form):
    count = WholeNumberField(required=False, min_value=0, max_value=100)
    latitude = DecimalNumberField(required=False, min_value=-90, max_value=90)


@pytest.mark.parametrize("text", [*NOT_ASCII, "1_0", "1.0", "+3"])
def test_whole_number_field_refuses_other_digits_in_spanish(text):
    form = NumbersForm({"count": text})
    assert not form.is_valid()
    assert form.errors["count"] == ["Escribe un número entero usando solo las cifras 0 a 9."]


def test_whole_number_field_reads_ascii_and_keeps_its_limits():
    # Blanks around the number are the form's to strip, as for any text field.
    form = NumbersForm({"count": " 12 "})
    assert form.is_valid()
    assert form.cleaned_data["count"] == 12
    form = NumbersForm({"count": "-1"})
    assert form.errors["count"] == ["Escribe un número mayor o igual a 0."]
    form = NumbersForm({"count": "101"})
    assert form.errors["count"] == ["Escribe un número menor o igual a 100."]
    form = NumbersForm({"count": ""})
    assert form.is_valid()
    assert form.cleaned_data["count"] is None


@pytest.mark.parametrize("text", [*NOT_ASCII, fullwidth("-33.5"), "1e1", "nan", "inf"])
def test_decimal_number_field_refuses_other_digits_in_spanish(text):
    form = NumbersForm({"latitude": text})
    assert not form.is_valid()
    assert form.errors["latitude"] == [
        "Escribe un número usando solo las cifras 0 a 9, por ejemplo -33.0472."
    ]


@pytest.mark.parametrize(("text", "number"), [("-33.0472", -33.0472), ("-33,5", -33.5)])
def test_decimal_number_field_reads_a_point_or_a_comma(text, number):
    form = NumbersForm({"latitude": text})
    assert form.is_valid()
    assert form.cleaned_data["latitude"] == number


def test_decimal_number_field_keeps_its_limits():
    form = NumbersForm({"latitude": "91"})
    assert form.errors["latitude"] == ["Escribe un número menor o igual a 90."]


@pytest.mark.django_db
def test_id_choice_field_chooses_by_ascii_id_only():
    division = Division.objects.create(name="División de Prueba")
    field = IdChoiceField(queryset=Division.objects.all())
    assert field.clean(str(division.pk)) == division
    with pytest.raises(ValidationError) as error:
        field.clean(fullwidth(str(division.pk)))
    assert error.value.code == "invalid_choice"
