"""emulator/patches.py: a Step Functions execution that was stopped stays stopped (ABORTED on
DescribeExecution) when a state raises an error after the stop, as on AWS; before the stop an error
still fails it."""

from __future__ import annotations

import datetime
import threading

from moto.stepfunctions.parser.asl.eval.environment import Environment
from moto.stepfunctions.parser.asl.eval.program_state import (
    ProgramError,
    ProgramRunning,
    ProgramStopped,
)

from emulator import patches


def _environment(state) -> Environment:
    # Only what set_stop and set_error touch: the program state, its lock, frames and event.
    env = object.__new__(Environment)
    env._state_mutex = threading.RLock()
    env._program_state = state
    env._frames = []
    env.program_state_event = threading.Event()
    return env


def test_an_error_after_the_stop_leaves_the_execution_stopped():
    patches.apply()
    env = _environment(ProgramRunning())
    env.set_stop(
        stop_date=datetime.datetime.now(tz=datetime.UTC),
        cause="workflow cancelled",
        error="Cancelled",
    )
    env.set_error({"error": "States.TaskFailed", "cause": "woken by the stop"})
    assert isinstance(env.program_state(), ProgramStopped)


def test_an_error_before_any_stop_still_fails_the_execution():
    patches.apply()
    env = _environment(ProgramRunning())
    env.set_error({"error": "States.TaskFailed", "cause": "the job failed"})
    assert isinstance(env.program_state(), ProgramError)
