"""`make run`'s restarts: a process failing again and again soon after its start waits longer
each time (half a second, doubled, thirty at most), and half a second again after a minute's
stable run."""

import signal

from phananh_common.supervision import how_it_ended, pause_before_restart


def test_the_pause_doubles_while_a_process_keeps_failing_up_to_thirty_seconds():
    pauses, pause = [], None
    for _ in range(9):
        pause = pause_before_restart(pause, ran_for=1.0)
        pauses.append(pause)
    assert pauses == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]


def test_a_minute_of_stable_running_starts_the_pauses_over():
    assert pause_before_restart(30.0, ran_for=59.0) == 30.0
    assert pause_before_restart(30.0, ran_for=60.0) == 0.5


def test_an_exit_is_told_by_its_code_or_signal():
    assert how_it_ended(3) == "exited with code 3"
    assert how_it_ended(-signal.SIGKILL) == "was killed by SIGKILL"
