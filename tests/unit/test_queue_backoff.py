"""A queue row's retry delay (the outbox relay, the SMS and health-book workers): exponential
backoff with jitter, capped."""

import itertools

import pytest

from phananh_common import queues
from phananh_common.queues import BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS, retry_delay


def _ceiling(attempts: int) -> float:
    return min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempts)


@pytest.mark.parametrize("attempts", [0, 1, 2, 5, 9, 10, 20, 60])
def test_delay_stays_between_half_and_all_of_the_ceiling(attempts):
    for _ in range(200):
        delay = retry_delay(attempts)
        assert 0.5 * _ceiling(attempts) <= delay <= _ceiling(attempts)


@pytest.mark.parametrize(("jitter", "scale"), [("low", 0.5), ("high", 1.0)])
def test_delay_doubles_with_each_attempt_until_the_cap(monkeypatch, jitter, scale):
    chosen = {"low": lambda low, high: low, "high": lambda low, high: high}[jitter]
    monkeypatch.setattr(queues.random, "uniform", chosen)
    delays = [retry_delay(attempts) for attempts in range(16)]
    assert delays[0] == scale * BACKOFF_BASE_SECONDS
    for shorter, longer in itertools.pairwise(delays):
        assert longer == min(2 * shorter, scale * BACKOFF_CAP_SECONDS)
    assert delays[-1] == scale * BACKOFF_CAP_SECONDS


def test_delay_is_jittered():
    assert len({retry_delay(4) for _ in range(50)}) > 1


@pytest.mark.parametrize("attempts", [9, 50, 100, 1023])
def test_delay_never_exceeds_the_cap(attempts):
    for _ in range(50):
        assert retry_delay(attempts) <= BACKOFF_CAP_SECONDS


@pytest.mark.parametrize("attempts", [1024, 5000])
def test_delay_never_exceeds_the_cap_even_after_days_of_failures(attempts):
    assert retry_delay(attempts) <= BACKOFF_CAP_SECONDS
