"""Every patch the emulator applies to moto 5.2.5, one comment per patch naming the gap it fixes.

`apply()` is called once by server.py before the server starts. Gaps verified as already fixed
upstream get no patch here, only a test in test/integration/emulator.test.ts:
- a second StartExecution of one state machine crashed in 5.2.1 (deepcopy of a lock): works on
  5.2.5 (pass `name`, or the ARN ends in `:None` and the second call is ExecutionAlreadyExists).
Not a patch but configuration (server.py): `execute_state_machine` on, MOTO_PORT = real port.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from moto.core.utils import utcnow

JOB_LOG_GROUP = "/aws-glue/jobs"
OUTPUT_GROUP = "/aws-glue/jobs/output"
ERROR_GROUP = "/aws-glue/jobs/error"
TERMINAL = {"SUCCEEDED", "FAILED", "STOPPED", "TIMEOUT", "ERROR"}


@dataclass
class JobBehaviour:
    """How the runs of one Glue job behave (set through POST /_emulator/glue/job-behaviour)."""

    state: str = "SUCCEEDED"
    error_message: str | None = None
    duration_seconds: float = 0.0
    log_lines: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_request(cls, body: dict) -> tuple[str, JobBehaviour]:
        name = body.get("jobName")
        if not isinstance(name, str) or not name:
            raise ValueError('"jobName" is required')
        state = body.get("state", "SUCCEEDED")
        if state not in TERMINAL:
            raise ValueError(f'"state" must be one of {sorted(TERMINAL)}')
        lines = body.get("logLines") or {}
        behaviour = cls(
            state=state,
            error_message=body.get("errorMessage"),
            duration_seconds=float(body.get("durationSeconds", 0)),
            log_lines={
                k: [str(x) for x in v]
                for k, v in lines.items()
                if k in ("output", "error")
            },
        )
        return name, behaviour


BEHAVIOURS: dict[str, JobBehaviour] = {}
# Extra run arguments per job name for real runs (POST /_emulator/glue/run-arguments): how the demo
# breaks a job for real (its inputs pointed at unreadable files) without touching the repository.
RUN_ARGUMENTS: dict[str, dict[str, str]] = {}
# Set by server.py with --run-glue-jobs: runs of jobs without a behaviour execute for real.
REAL_RUNS: Any = None
_TIMERS: set[threading.Timer] = set()
_TIMERS_LOCK = threading.Lock()


def reset_state() -> None:
    """Forget behaviours and pending run timers (POST /_emulator/reset)."""
    BEHAVIOURS.clear()
    RUN_ARGUMENTS.clear()
    with _TIMERS_LOCK:
        for t in _TIMERS:
            t.cancel()
        _TIMERS.clear()


# --- Patch: glue:UpdateJob is not implemented in moto (HTTP 500). --------------------------------
# UpdateJob replaces the whole definition with JobUpdate, as AWS does: fields left out are reset.
# Name, tags, creation time and runs are kept; LastModifiedOn moves.
_JOB_UPDATE_FIELDS = {
    "Description": ("description", None),
    "LogUri": ("log_uri", None),
    "Role": ("role", None),
    "ExecutionProperty": ("execution_property", dict),
    "Command": ("command", None),
    "DefaultArguments": ("default_arguments", dict),
    "NonOverridableArguments": ("non_overridable_arguments", None),
    "Connections": ("connections", None),
    "MaxRetries": ("max_retries", None),
    "AllocatedCapacity": ("allocated_capacity", None),
    "Timeout": ("timeout", None),
    "MaxCapacity": ("max_capacity", None),
    "SecurityConfiguration": ("security_configuration", None),
    "NotificationProperty": ("notification_property", None),
    "GlueVersion": ("glue_version", None),
    "NumberOfWorkers": ("number_of_workers", None),
    "WorkerType": ("worker_type", None),
    "CodeGenConfigurationNodes": ("code_gen_configuration_nodes", None),
    "ExecutionClass": ("execution_class", lambda: "STANDARD"),
    "SourceControlDetails": ("source_control_details", None),
}


def _patch_update_job() -> None:
    from moto.core.responses import ActionResult
    from moto.glue.models import GlueBackend
    from moto.glue.responses import GlueResponse

    def update_job(self: GlueBackend, name: str, job_update: dict[str, Any]) -> str:
        job = self.get_job(name)
        for key, (attr, default) in _JOB_UPDATE_FIELDS.items():
            value = job_update.get(key)
            setattr(
                job,
                attr,
                value if value is not None else (default() if default else None),
            )
        job.last_modified_on = utcnow()
        return name

    def update_job_response(self: GlueResponse) -> ActionResult:
        name = self._get_param("JobName")
        self.glue_backend.update_job(name, self._get_param("JobUpdate") or {})
        return ActionResult({"JobName": name})

    GlueBackend.update_job = update_job
    GlueResponse.update_job = update_job_response


# --- Patch: Glue job runs always succeed instantly, and BatchStopJobRun is missing. -------------
# Runs follow the job's behaviour (final state, ErrorMessage, duration), report StartedOn,
# CompletedOn, ExecutionTime, JobRunState and ErrorMessage, can be stopped, and write their log
# lines to CloudWatch Logs (/aws-glue/jobs/output, /aws-glue/jobs/error) under the run id when
# they end. With --run-glue-jobs (server.py), a job without a behaviour runs for real instead
# (emulator/real_runs.py): same states and fields, the process's own output as its log lines.
def _default_lines(run: Any, state: str, message: str | None) -> dict[str, list[str]]:
    output = [
        f"Glue job {run.job_name} run {run.job_run_id} starting",
        f"Arguments: {sorted((run.arguments or {}).keys())}",
        f"Glue job {run.job_name} run {run.job_run_id} finished: {state}",
    ]
    lines = {"output": output}
    if state == "FAILED":
        lines["error"] = [f"ERROR: {message or 'job failed'}"]
    return lines


def _write_logs(
    account_id: str, region: str, stream: str, lines: dict[str, list[str]]
) -> None:
    from moto.logs.exceptions import ResourceAlreadyExistsException
    from moto.logs.models import logs_backends

    logs = logs_backends[account_id][region]
    now = int(time.time() * 1000)
    for kind, group in (("output", OUTPUT_GROUP), ("error", ERROR_GROUP)):
        entries = lines.get(kind)
        if not entries:
            continue
        try:
            logs.create_log_group(group, tags={})
        except ResourceAlreadyExistsException:
            pass
        try:
            logs.create_log_stream(group, stream)
        except ResourceAlreadyExistsException:
            pass
        events = [{"timestamp": now, "message": line} for line in entries]
        logs.put_log_events(group, stream, events)


def _patch_job_runs() -> None:
    import moto.glue.models as glue_models
    from moto.core.responses import ActionResult
    from moto.glue.models import FakeJob, FakeJobRun, GlueBackend
    from moto.glue.responses import GlueResponse

    class EmulatedJobRun(FakeJobRun):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.behaviour = BEHAVIOURS.get(self.job_name, JobBehaviour())
            self._final: str | None = None
            self._ends_at = float("inf")
            self._lock = threading.Lock()
            self.completed_on = None
            self.error_message: str | None = None
            self.execution_time = 0
            self.glue_version_of_job: str | None = None
            self._account_id = ""
            self._region = ""

        @property
        def status(self) -> str:  # type: ignore[override]
            if self._final is None and time.monotonic() >= self._ends_at:
                self.finish(self.behaviour.state, self.behaviour.error_message)
            return self._final or "RUNNING"

        @status.setter
        def status(
            self, value: str
        ) -> None:  # ManagedState.__init__ sets it; state is ours
            pass

        @property
        def account_id(self) -> str:
            return self._account_id

        def is_final(self) -> bool:
            return self._final is not None

        def write_log_lines(self, lines: dict[str, list[str]]) -> None:
            if self._account_id:
                _write_logs(self._account_id, self._region, self.job_run_id, lines)

        def begin(self, job: Any) -> None:
            self._account_id = job.backend.account_id
            self._region = job.backend.region_name
            self.glue_version_of_job = job.glue_version
            self._real = REAL_RUNS is not None and self.job_name not in BEHAVIOURS
            if self._real:
                REAL_RUNS.start(self, job)  # finish() is called when the process ends
                return
            self._ends_at = time.monotonic() + self.behaviour.duration_seconds
            if self.behaviour.duration_seconds <= 0:
                self.finish(self.behaviour.state, self.behaviour.error_message)
                return
            timer = threading.Timer(self.behaviour.duration_seconds, self._on_timer)
            timer.daemon = True
            with _TIMERS_LOCK:
                _TIMERS.add(timer)
            self._timer = timer
            timer.start()

        def _on_timer(self) -> None:
            with _TIMERS_LOCK:
                _TIMERS.discard(self._timer)
            self.finish(self.behaviour.state, self.behaviour.error_message)

        def finish(self, state: str, message: str | None) -> bool:
            with self._lock:
                if self._final is not None:
                    return False
                now = utcnow()
                self.completed_on = now
                self.modified_on = now
                self.execution_time = max(
                    0, round((now - self.started_on).total_seconds())
                )
                if state in ("FAILED", "ERROR", "TIMEOUT"):
                    self.error_message = message or f"Job run {state.lower()}"
                self._final = state
            if getattr(self, "_real", False):
                return True  # the process's own output is already in the logs
            lines = _default_lines(self, state, self.error_message)
            lines.update(self.behaviour.log_lines)
            self.write_log_lines(lines)
            return True

        def stop(self) -> bool:
            if getattr(self, "_real", False):
                stopped = self.finish("STOPPED", None)
                REAL_RUNS.stop(self.job_run_id)
                return stopped
            timer = getattr(self, "_timer", None)
            if timer is not None:
                timer.cancel()
                with _TIMERS_LOCK:
                    _TIMERS.discard(timer)
            return self.finish("STOPPED", None)

        def as_dict(self) -> dict[str, Any]:
            d = super().as_dict()
            d["JobRunState"] = self.status
            d["ExecutionTime"] = self.execution_time
            d["LogGroupName"] = JOB_LOG_GROUP
            if self.glue_version_of_job:
                d["GlueVersion"] = self.glue_version_of_job
            if self.completed_on is None:
                d.pop("CompletedOn", None)
            if self.error_message:
                d["ErrorMessage"] = self.error_message
            return d

    glue_models.FakeJobRun = EmulatedJobRun

    original_start = FakeJob.start_job_run

    def start_job_run(self: FakeJob, **kwargs: Any) -> str:
        run_id = original_start(self, **kwargs)
        run = next(r for r in self.job_runs if r.job_run_id == run_id)
        run.begin(self)
        return run_id

    FakeJob.start_job_run = start_job_run

    def batch_stop_job_run(
        self: GlueBackend, name: str, run_ids: list[str]
    ) -> dict[str, Any]:
        job = self.get_job(name)
        runs = {r.job_run_id: r for r in job.job_runs}
        ok, errors = [], []
        for run_id in run_ids:
            run = runs.get(run_id)
            if run is not None and run.stop():
                ok.append({"JobName": name, "JobRunId": run_id})
                continue
            reason = "not found" if run is None else f"already {run.status}"
            errors.append(
                {
                    "JobName": name,
                    "JobRunId": run_id,
                    "ErrorDetail": {
                        "ErrorCode": "InvalidInputException",
                        "ErrorMessage": f"Job run {run_id} {reason}",
                    },
                }
            )
        return {"SuccessfulSubmissions": ok, "Errors": errors}

    def batch_stop_job_run_response(self: GlueResponse) -> ActionResult:
        result = self.glue_backend.batch_stop_job_run(
            self._get_param("JobName"), self._get_param("JobRunIds") or []
        )
        return ActionResult(result)

    GlueBackend.batch_stop_job_run = batch_stop_job_run
    GlueResponse.batch_stop_job_run = batch_stop_job_run_response


# --- Patch: moto's own calls to itself (Step Functions tasks call Glue over HTTP) are marked ----
# with a header, so the request log can tell them from the clients' requests and faults never
# hit them.
def _patch_internal_marker() -> None:
    from botocore.client import BaseClient

    original = BaseClient._make_request

    def _make_request(
        self: BaseClient, operation_model: Any, request_dict: dict, request_context: Any
    ):
        request_dict.setdefault("headers", {})["x-emulator-internal"] = "1"
        return original(self, operation_model, request_dict, request_context)

    BaseClient._make_request = _make_request


# --- Patch: a `.sync` task of a service without `.waitForTaskToken` (glue:startJobRun.sync) ----
# crashed with "'NoneType' object has no attribute 'interrupt_all'": moto only creates a callback
# endpoint for token-capable services, then interrupts it unconditionally. For those services the
# task now just starts the job and polls it to a final state (moto's Glue resolver: JobRun as
# output on success; States.TaskFailed with the JobRun, ErrorMessage included, as Cause otherwise).
def _patch_sync_without_token() -> None:
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.resource import (
        ResourceCondition,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_callback import (
        StateTaskServiceCallback,
    )

    original = StateTaskServiceCallback._eval_integration_pattern

    def _eval_integration_pattern(
        self, env, resource_runtime_part, normalised_parameters, state_credentials
    ):
        if (
            ResourceCondition.WaitForTaskToken in self._supported_integration_patterns
            or self.resource.condition == ResourceCondition.WaitForTaskToken
        ):
            return original(
                self,
                env,
                resource_runtime_part,
                normalised_parameters,
                state_credentials,
            )
        # The task's TimeoutSeconds is enforced by the caller; evaluate it to keep the stack in shape.
        task_output = env.stack.pop()
        self.timeout.eval(env=env)
        timeout_seconds = env.stack.pop()
        env.stack.append(task_output)
        build = (
            self._build_sync_resolver
            if self.resource.condition == ResourceCondition.Sync
            else self._build_sync2_resolver
        )
        resolver = build(
            env=env,
            resource_runtime_part=resource_runtime_part,
            normalised_parameters=normalised_parameters,
            state_credentials=state_credentials,
        )
        outcome = self._eval_sync(
            env=env,
            sync_resolver=resolver,
            timeout_seconds=timeout_seconds,
            callback_endpoint=None,
            heartbeat_endpoint=None,
        )
        env.stack.append(outcome)

    StateTaskServiceCallback._eval_integration_pattern = _eval_integration_pattern


def poll_sync_tasks_every(seconds: float) -> None:
    """How often a `.sync` task checks its job run (moto: every 0.5 s). With real runs the next
    state starts that much sooner after a run ends; a check is one in-process GetJobRun."""
    import moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_callback as callback

    callback._DELAY_SECONDS_SYNC_CONDITION_CHECK = seconds


# --- Patch: a States.* error raised inside a Parallel branch or a Map iteration surfaced as ------
# States.Runtime ("Custom Error Names MUST NOT begin with the prefix 'States.'"): moto re-wraps the
# branch's error name as a custom name, which refuses the States. prefix. Keep the original name
# (also for a Fail state whose Error is a States.* name, which hit the same check).
def _patch_states_errors_in_branches() -> None:
    import moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration.iteration_worker as map_worker
    import moto.stepfunctions.parser.asl.component.state.exec.state_parallel.branches_decl as branches
    import moto.stepfunctions.parser.asl.component.state.fail.state_fail as state_fail
    from moto.stepfunctions.parser.asl.component.common.error_name.custom_error_name import (
        CustomErrorName,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.error_name import (
        ErrorName,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import (
        StatesErrorName,
    )

    class _KeptErrorName(ErrorName):
        """A States.* name moto has no type for, passed on unchanged."""

    def error_name_of(error_name: str | None) -> ErrorName:
        if error_name is None or not error_name.startswith("States."):
            return CustomErrorName(error_name=error_name)
        try:
            return StatesErrorName.from_name(error_name)
        except ValueError:
            return _KeptErrorName(error_name)

    def factory(error_name: str | None = None) -> ErrorName:
        return error_name_of(error_name)

    branches.CustomErrorName = factory
    map_worker.CustomErrorName = factory
    state_fail.CustomErrorName = factory


# --- Patch: a stopped execution could end FAILED instead of ABORTED: StopExecution sets the program
# state to "stopped", but a state that raises afterwards (e.g. a .sync task woken by the stop) called
# set_error, which overwrote any state. On AWS a stopped execution stays ABORTED: an error after the
# stop is now ignored (set_ended already only ends a running program).
def _patch_error_after_stop() -> None:
    from moto.stepfunctions.parser.asl.eval.environment import Environment
    from moto.stepfunctions.parser.asl.eval.program_state import ProgramStopped

    original = Environment.set_error

    def set_error(self: Any, error: Any) -> None:
        with self._state_mutex:  # re-entrant: the check and the change are one step
            if isinstance(self._program_state, ProgramStopped):
                return
            original(self, error)

    Environment.set_error = set_error


# --- Patch: DescribeExecution answered HTTP 500 when the execution's output held a datetime ------
# (a Glue .sync task's JobRun has StartedOn/CompletedOn): moto json.dumps the output. Datetimes are
# now written as ISO-8601 strings. Also, an output that is a JSON string ("done") was returned
# unquoted (moto took any str for already-encoded JSON): it is now encoded like any other value.
def _patch_describe_execution_datetimes() -> None:
    import datetime
    import json
    import types

    import moto.stepfunctions.responses as sfn_responses

    def _iso(o: Any) -> str:
        if isinstance(o, (datetime.date, datetime.datetime)):
            return o.isoformat()
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    def dumps(obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("default", _iso)
        return json.dumps(obj, **kwargs)

    sfn_responses.json = types.SimpleNamespace(dumps=dumps, loads=json.loads)

    response_cls = sfn_responses.StepFunctionResponse
    original = response_cls.describe_execution

    def describe_execution(self: Any) -> Any:
        result = original(self)
        execution = self.stepfunction_backend.describe_execution(
            self._get_param("executionArn")
        )
        # Only the executing (parser) backend keeps outputs as values rather than JSON text.
        if hasattr(execution, "exec_worker") and isinstance(execution.output, str):
            result.result["output"] = dumps(execution.output)
        return result

    response_cls.describe_execution = describe_execution


# --- Patch: GetExecutionHistory ignored maxResults/reverseOrder and never paged. The events moto ---
# records (TaskStateEntered, TaskScheduled with the parameters, TaskSubmitted with the JobRunId,
# TaskSucceeded/TaskFailed, Execution*) are kept as they are; they are now served page by page
# with an opaque nextToken, so a client's paging loop is exercised as against AWS.
def _patch_execution_history_paging() -> None:
    import base64

    from moto.core.responses import ActionResult
    from moto.stepfunctions.responses import StepFunctionResponse

    def get_execution_history(self: StepFunctionResponse) -> ActionResult:
        history = self.stepfunction_backend.get_execution_history(
            self._get_param("executionArn")
        )
        events = list(history["events"])
        if self._get_param("reverseOrder"):
            events.reverse()
        size = max(1, min(int(self._get_param("maxResults") or 1000), 1000))
        token = self._get_param("nextToken")
        start = int(base64.b64decode(token).decode()) if token else 0
        page: dict[str, Any] = {"events": events[start : start + size]}
        if start + size < len(events):
            page["nextToken"] = base64.b64encode(str(start + size).encode()).decode()
        return ActionResult(page)

    StepFunctionResponse.get_execution_history = get_execution_history


_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True
    _patch_update_job()
    _patch_job_runs()
    _patch_internal_marker()
    _patch_sync_without_token()
    _patch_states_errors_in_branches()
    _patch_error_after_stop()
    _patch_describe_execution_datetimes()
    _patch_execution_history_paging()
    _patch_job_fields_moto_drops()


# ==================================================================================================
# Job fields moto 5.2.5 does not store (added for the full Glue job model). Kept in this block at the
# end of the file, applied last by apply(): they wrap whatever CreateJob/UpdateJob/as_dict are by then.
# ==================================================================================================

# --- Patch: CreateJob, UpdateJob and GetJob/BatchGetJobs drop JobRunQueuingEnabled and ------------
# MaintenanceWindow (moto's FakeJob has no such attributes). They are now stored on the job, replaced
# by UpdateJob like every other field (left out = reset), and returned when set.
_EXTRA_JOB_FIELDS = {
    "JobRunQueuingEnabled": "job_run_queuing_enabled",
    "MaintenanceWindow": "maintenance_window",
}


def _patch_job_fields_moto_drops() -> None:
    from moto.glue.models import FakeJob, GlueBackend
    from moto.glue.responses import GlueResponse

    original_create = GlueResponse.create_job
    original_update = GlueBackend.update_job
    original_as_dict = FakeJob.as_dict

    def create_job(self: GlueResponse) -> Any:
        result = original_create(self)
        job = self.glue_backend.get_job(self._get_param("Name"))
        for key, attr in _EXTRA_JOB_FIELDS.items():
            setattr(job, attr, self._get_param(key))
        return result

    def update_job(self: GlueBackend, name: str, job_update: dict[str, Any]) -> str:
        result = original_update(self, name, job_update)
        job = self.get_job(name)
        for key, attr in _EXTRA_JOB_FIELDS.items():
            setattr(job, attr, job_update.get(key))
        return result

    def as_dict(self: FakeJob) -> dict[str, Any]:
        d = original_as_dict(self)
        for key, attr in _EXTRA_JOB_FIELDS.items():
            value = getattr(self, attr, None)
            if value is not None:
                d[key] = value
        return d

    GlueResponse.create_job = create_job
    GlueBackend.update_job = update_job
    FakeJob.as_dict = as_dict
