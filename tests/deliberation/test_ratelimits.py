"""deliberation.ratelimits: per-person fixed windows in the cache."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from deliberation.ratelimits import Window, consume, parse


def test_parse_reads_count_per_period():
    assert parse("5/m, 40/h") == [Window(5, 60), Window(40, 3600)]
    assert parse("") == []


@pytest.mark.parametrize("spec", ["5", "5/w", "x/m", "0/m", "5/m,3"])
def test_malformed_limits_fail_loudly(spec):
    with pytest.raises(ImproperlyConfigured):
        parse(spec)


def test_consume_counts_per_person_and_action(settings):
    settings.CABILDO_RATE_LIMITS = {"comment": "2/m", "vote": "1/m"}
    assert consume(1, "comment") is None
    assert consume(1, "comment") is None
    wait = consume(1, "comment")
    assert 0 < wait <= 60
    assert consume(2, "comment") is None
    assert consume(1, "vote") is None
