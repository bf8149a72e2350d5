"""`make run` keeps its processes running, as a process manager or Kubernetes would: a process
that exits is reported (which, how, where its log is) and started again after a pause, while
the others go on. The pause doubles from half a second up to thirty while the process keeps
failing soon after its start, and is half a second again once it has run a minute."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phananh_common.stack import Stack

FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 30.0
STABLE_AFTER_SECONDS = 60.0


def pause_before_restart(previous: float | None, ran_for: float) -> float:
    """The pause before starting again a process that ran `ran_for` seconds, given the pause
    before its last start (None: it never failed)."""
    if previous is None or ran_for >= STABLE_AFTER_SECONDS:
        return FIRST_PAUSE_SECONDS
    return min(previous * 2, LONGEST_PAUSE_SECONDS)


def how_it_ended(returncode: int) -> str:
    if returncode < 0:
        return f"was killed by {signal.Signals(-returncode).name}"
    return f"exited with code {returncode}"


@dataclass
class _Watch:
    started_at: float
    pause: float | None = None  # before the last start; None while it never failed
    restart_at: float | None = None  # set while it waits to be started again


class Supervisor:
    def __init__(
        self,
        stack: Stack,
        clock: Callable[[], float] = time.monotonic,
        say: Callable[[str], None] = lambda line: print(line, flush=True),
    ):
        self.stack = stack
        self.clock = clock
        self.say = say
        self.watches = {name: _Watch(started_at=clock()) for name in stack.processes}

    def check(self) -> None:
        """One look at every process: reports those that ended and starts again those whose
        pause is over."""
        now = self.clock()
        for name, watch in self.watches.items():
            process = self.stack.processes[name]
            if watch.restart_at is None and process.poll() is not None:
                watch.pause = pause_before_restart(watch.pause, now - watch.started_at)
                watch.restart_at = now + watch.pause
                self.say(
                    f"{name} {how_it_ended(process.returncode)} (log: {self.stack.log_of(name)});"
                    f" starting it again in {watch.pause:g} s"
                )
            elif watch.restart_at is not None and now >= watch.restart_at:
                self.stack.start_process(name)
                watch.started_at, watch.restart_at = now, None
                self.say(f"{name} started again")

    def run(self, stopping: list, every_seconds: float = 0.2) -> None:
        """Checks until `stopping` holds something (a signal handler's doing)."""
        while not stopping:
            self.check()
            time.sleep(every_seconds)
