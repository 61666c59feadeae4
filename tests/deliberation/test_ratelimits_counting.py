"""deliberation.ratelimits.consume: the counter moves before the comparison (atomic add and
incr), a refused attempt gives its increments back, windows parse ASCII digits only."""

import threading
import time

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured

from deliberation import ratelimits
from deliberation.ratelimits import Window, consume, parse


@pytest.mark.parametrize(
    "spec", ["\uff15/m", "\u00b2/m", "\u0661/m", "+5/m", "5 /w", "-1/m", "5_0/m"]
)
def test_only_ascii_digits_make_a_window(spec):
    # int() and isdigit() take fullwidth, superscript and Arabic-Indic digits.
    with pytest.raises(ImproperlyConfigured):
        parse(spec)


def test_blanks_around_the_parts_are_fine():
    assert parse(" 5/m ,40/h") == [Window(5, 60), Window(40, 3600)]


def test_two_processes_cannot_both_take_the_last_place(settings, monkeypatch):
    """Every reader is held just after reading the counter: a limiter that reads, compares
    and then increments lets them all through; one that increments first cannot."""
    settings.CABILDO_RATE_LIMITS = {"comment": "3/m"}
    # Each thread has its own cache object (of the same class, sharing the storage).
    backend = type(caches["default"])
    barrier = threading.Barrier(10)

    def slowed(method):
        def wrapper(*args, **kwargs):
            result = method(*args, **kwargs)
            time.sleep(0.05)  # everyone else runs meanwhile
            return result

        return wrapper

    monkeypatch.setattr(backend, "get", slowed(backend.get))
    monkeypatch.setattr(backend, "add", slowed(backend.add))
    results = []

    def attempt():
        barrier.wait()
        results.append(consume(7, "comment"))

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(None) == 3


def test_a_refused_attempt_costs_nothing(settings, monkeypatch):
    """Refused by the minute, the attempt does not use up the hour: after the minute turns,
    the person has the hour's remaining allowance."""
    settings.CABILDO_RATE_LIMITS = {"comment": "2/m,3/h"}
    now = [7200.0]  # the start of an hour and of a minute
    monkeypatch.setattr(ratelimits.time, "time", lambda: now[0])
    assert consume(1, "comment") is None
    assert consume(1, "comment") is None
    for _ in range(5):
        assert consume(1, "comment") == 60
    now[0] += 60
    assert consume(1, "comment") is None  # the third of the hour
    assert consume(1, "comment") == 3600 - 60


def test_the_wait_is_the_longest_refusing_window(settings, monkeypatch):
    settings.CABILDO_RATE_LIMITS = {"vote": "1/m,1/h"}
    monkeypatch.setattr(ratelimits.time, "time", lambda: 7200.0 + 30)
    assert consume(1, "vote") is None
    assert consume(1, "vote") == 3600 - 30


def test_an_action_without_limits_is_not_counted(settings):
    settings.CABILDO_RATE_LIMITS = {"comment": "1/m"}
    assert [consume(1, "proposal") for _ in range(3)] == [None, None, None]
