"""accounts.forms.RutField: a Chilean RUT, validated by its check digit, cleaned to
12345678-5; User.formatted_rut shows it as 12.345.678-5."""

import pytest
from django.core.exceptions import ValidationError

from accounts.forms import RutField
from accounts.models import User


def check_digit(number: int) -> str:
    """Modulo 11, weights 2..7 from the right; 11 → 0, 10 → K."""
    total, weight = 0, 2
    for digit in reversed(str(number)):
        total += int(digit) * weight
        weight = weight + 1 if weight < 7 else 2
    rest = 11 - total % 11
    return {11: "0", 10: "K"}.get(rest, str(rest))


@pytest.fixture
def field() -> RutField:
    return RutField(required=False)


def test_the_reference_check_digits_are_right():
    # Guards the helper itself against a known list (computed by hand).
    assert check_digit(11111111) == "1"
    assert check_digit(12345678) == "5"
    assert check_digit(5126663) == "3"
    assert check_digit(76086428) == "5"
    assert check_digit(9999999) == "3"
    assert check_digit(10000013) == "K"
    assert check_digit(15000000) == "9"
    assert check_digit(22222222) == "2"


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("11.111.111-1", "11111111-1"),
        ("12.345.678-5", "12345678-5"),
        ("5.126.663-3", "5126663-3"),
        ("76.086.428-5", "76086428-5"),
        ("9.999.999-3", "9999999-3"),
        ("10.000.013-K", "10000013-K"),
        ("10.000.013-k", "10000013-K"),
        ("1.000.005-K", "1000005-K"),
        ("20.000.003-K", "20000003-K"),
    ],
)
def test_valid_ruts_are_accepted(field, typed, cleaned):
    assert cleaned.endswith(check_digit(int(cleaned.split("-")[0])))
    assert field.clean(typed) == cleaned


@pytest.mark.parametrize("typed", ["12345678-5", "123456785", "12.345.6785", " 12.345.678-5 "])
def test_dots_dash_and_spaces_are_optional(field, typed):
    assert field.clean(typed) == "12345678-5"


@pytest.mark.parametrize("typed", ["10000013k", "10000013-k", "10.000.013K"])
def test_a_k_check_digit_is_accepted_in_any_case(field, typed):
    assert field.clean(typed) == "10000013-K"


@pytest.mark.parametrize("typed", ["12.345.678-6", "11.111.111-2", "10.000.013-0", "76.086.428-K"])
def test_a_wrong_check_digit_is_refused_in_spanish(field, typed):
    with pytest.raises(ValidationError) as error:
        field.clean(typed)
    assert error.value.messages == ["El RUT no es válido: el dígito verificador no corresponde."]


@pytest.mark.parametrize("typed", ["no tengo", "abc-d", "12-345-678-5", "12.34a.678-5"])
def test_garbage_is_refused_in_spanish(field, typed):
    with pytest.raises(ValidationError) as error:
        field.clean(typed)
    assert error.value.messages == ["Escribe un RUT válido, por ejemplo 12.345.678-5."]


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_blank_is_none_when_optional(field, typed):
    assert field.clean(typed) is None


def test_blank_is_refused_when_required():
    with pytest.raises(ValidationError) as error:
        RutField().clean("")
    assert error.value.messages == ["Este campo es obligatorio."]


def test_a_zero_check_digit_is_accepted(field):
    number = next(n for n in range(1_000_000, 1_000_100) if check_digit(n) == "0")
    assert field.clean(f"{number}-0") == f"{number}-0"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("12345678-5", "12.345.678-5"),
        ("10000013-K", "10.000.013-K"),
        ("1000005-0", "1.000.005-0"),
        ("999-9", "999-9"),
        (None, ""),
        ("", ""),
    ],
)
def test_the_rut_is_shown_with_dots_and_stored_without(stored, shown):
    # User.formatted_rut: what pages show; the column keeps the cleaned form.
    assert User(rut=stored).formatted_rut == shown
