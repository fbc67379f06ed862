"""Glue job runs executed for real: one local PySpark process per run (local/run_glue_job.py).

Used when the server runs with `--run-glue-jobs` and the job has no behaviour set through the
control API. The run's script and --extra-py-files are read from the emulated S3 (moto's backend,
in this process); the process gets the emulator as its AWS endpoint. Its stdout and stderr go to
CloudWatch Logs as they come (/aws-glue/jobs/output, /aws-glue/jobs/error, stream = run id).
At most `max_parallel` runs execute at once (default: the machine's cores); the others wait for a
slot, RUNNING, as a Glue run waits for capacity. The run's Timeout (minutes) is enforced;
stopping a run kills its process group.

Spark start-up is paid ahead: a pool of pre-started processes (`run_glue_job.py --warm`) each holds
a running Spark session with the runs' defaults and waits on stdin for one run; a run takes one
(one run per process: nothing leaks from a run to the next) and the pool starts its replacement
while the run executes. A run with a `--conf` argument (read when the JVM starts) gets a process of
its own. LOCAL_GLUE_WARM=0 turns the pool off.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "local" / "run_glue_job.py"
DEFAULT_TIMEOUT_MINUTES = 2880  # Glue's default for a glueetl job
# Environment a job process inherits from the emulator; everything else is set explicitly.
_KEEP_ENV = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "JAVA_HOME",
    "TMPDIR",
    "LOCAL_SPARK_DRIVER_MEMORY",
)


def parse_s3(uri: str) -> tuple[str, str]:
    if not uri.startswith(("s3://", "s3a://")):
        raise ValueError(f"not an s3:// location: {uri!r}")
    bucket, _, key = uri.split("://", 1)[1].partition("/")
    if not bucket or not key:
        raise ValueError(f"not an s3://bucket/key location: {uri!r}")
    return bucket, key


class _LogSink:
    """Where a process's output lines go: held until a run owns the process (a pre-started one's
    start-up lines then land in that run's log, as a cold run's would), then the run's log."""

    def __init__(self) -> None:
        self._run: Any = None
        self._held: dict[str, list[str]] = {"output": [], "error": []}
        self._lock = threading.Lock()

    def attach(self, run: Any) -> None:
        with self._lock:
            self._run = run
            held = {k: v for k, v in self._held.items() if v}
            self._held = {"output": [], "error": []}
        if held:
            run.write_log_lines(held)

    def write_log_lines(self, lines: dict[str, list[str]]) -> None:
        with self._lock:
            if self._run is None:
                for kind, batch in lines.items():
                    self._held[kind].extend(batch)
                return
        self._run.write_log_lines(lines)


class _Process:
    """A job process with its output pumped to a _LogSink from the start."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.cwd = cwd
        self.sink = _LogSink()
        self.proc = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: a stop kills Spark's JVM too
        )
        self.pumps = [
            threading.Thread(
                target=_pump, args=(self.proc.stdout, self.sink, "output"), daemon=True
            ),
            threading.Thread(
                target=_pump, args=(self.proc.stderr, self.sink, "error"), daemon=True
            ),
        ]
        for t in self.pumps:
            t.start()

    def give(self, spec_file: Path) -> bool:
        """Hands a pre-started process its run; False when it is gone."""
        if self.proc.poll() is not None:
            return False
        try:
            self.proc.stdin.write(f"{spec_file}\n".encode())
            self.proc.stdin.close()
            return True
        except OSError:
            return False


class WarmPool:
    """Up to `size` pre-started job processes waiting for a run (oldest first)."""

    def __init__(self, size: int, start: Any) -> None:
        self.size = size
        self._start = start
        self._idle: list[_Process] = []
        self._lock = threading.Lock()
        self._closed = False

    def fill(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._idle = [p for p in self._idle if p.proc.poll() is None]
            missing = self.size - len(self._idle)
            for _ in range(max(0, missing)):
                self._idle.append(self._start())

    def take(self) -> _Process | None:
        with self._lock:
            worker = self._idle.pop(0) if self._idle else None
        threading.Thread(target=self.fill, daemon=True).start()
        return worker

    def close(self) -> list[_Process]:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        return idle


class RealRuns:
    def __init__(
        self, endpoint: str, max_parallel: int | None = None, warm: int | None = None
    ) -> None:
        self.endpoint = endpoint
        self.max_parallel = max_parallel or os.cpu_count() or 2
        self._slots = threading.BoundedSemaphore(self.max_parallel)
        self.minute_seconds = float(
            os.environ.get("EMULATOR_GLUE_MINUTE_SECONDS", "60")
        )
        self.work = Path(tempfile.mkdtemp(prefix="emulator-glue-runs-"))
        self._procs: dict[str, subprocess.Popen] = {}
        self._lock = threading.Lock()
        if warm is None:
            warm = int(os.environ.get("LOCAL_GLUE_WARM", str(self.max_parallel)))
        self.pool = WarmPool(warm, self._start_warm) if warm > 0 else None
        if self.pool is not None:
            threading.Thread(target=self.pool.fill, daemon=True).start()

    def start(self, run: Any, job: Any) -> None:
        threading.Thread(target=self._execute, args=(run, job), daemon=True).start()

    def stop(self, run_id: str) -> None:
        with self._lock:
            proc = self._procs.get(run_id)
        if proc is not None:
            _kill_group(proc)

    def shutdown(self) -> None:
        idle = self.pool.close() if self.pool is not None else []
        with self._lock:
            procs = list(self._procs.values())
        for proc in [*procs, *(p.proc for p in idle)]:
            _kill_group(proc)
        shutil.rmtree(self.work, ignore_errors=True)

    def _start_warm(self) -> _Process:
        folder = Path(tempfile.mkdtemp(prefix="warm-", dir=self.work))
        args = [sys.executable, str(RUNNER), "--warm", self.endpoint]
        return _Process([*args, str(self.max_parallel_cores())], folder, self._env())

    # --- one run -------------------------------------------------------------------------------
    def _execute(self, run: Any, job: Any) -> None:
        with self._slots:
            if run.is_final():
                return  # stopped while waiting for a slot
            try:
                spec_file = self._prepare(run, job)
            except Exception as e:  # noqa: BLE001 (a bad script location fails the run, like Glue)
                run.write_log_lines({"error": [f"cannot start the run: {e}"]})
                run.finish("FAILED", str(e))
                return
            self._run_process(run, job, spec_file)

    def _prepare(self, run: Any, job: Any) -> Path:
        run_dir = self.work / run.job_run_id
        run_dir.mkdir(parents=True)
        from emulator.patches import RUN_ARGUMENTS

        arguments = {**(run.arguments or {}), **RUN_ARGUMENTS.get(run.job_name, {})}
        script_uri = (job.command or {}).get("ScriptLocation") or ""
        script = run_dir / (Path(parse_s3(script_uri)[1]).name or "script.py")
        script.write_bytes(self._read_s3(run, script_uri))
        py_files = []
        for uri in filter(None, (arguments.get("--extra-py-files") or "").split(",")):
            target = run_dir / "py-files" / Path(parse_s3(uri.strip())[1]).name
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(self._read_s3(run, uri.strip()))
            py_files.append(str(target))
        spec = {
            "jobName": run.job_name,
            "runId": run.job_run_id,
            "script": str(script),
            "arguments": arguments,
            "pyFiles": py_files,
            "endpoint": self.endpoint,
            "cores": self.max_parallel_cores(),
            "resultFile": str(run_dir / "result.json"),
        }
        spec_file = run_dir / "spec.json"
        spec_file.write_text(json.dumps(spec))
        return spec_file

    def max_parallel_cores(self) -> int:
        # Each run's local[N]: the machine's cores shared by the runs that may execute at once,
        # at least 2 so a shuffle and a scan can overlap.
        return max(2, (os.cpu_count() or 2) // self.max_parallel)

    @staticmethod
    def _read_s3(run: Any, uri: str) -> bytes:
        from moto.s3.models import s3_backends

        bucket, key = parse_s3(uri)
        backend = s3_backends[run.account_id]["aws"]
        try:
            return backend.get_object(bucket, key).value
        except Exception as e:  # noqa: BLE001
            raise FileNotFoundError(
                f"{uri} cannot be read from the emulated S3 ({type(e).__name__})"
            ) from e

    def _env(self) -> dict[str, str]:
        env = {k: os.environ[k] for k in _KEEP_ENV if k in os.environ}
        env.update(
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_SESSION_TOKEN="testing",
            AWS_REGION="us-east-1",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_ENDPOINT_URL=self.endpoint,
            AWS_EC2_METADATA_DISABLED="true",
            SPARK_LOCAL_IP="127.0.0.1",
            PYTHONUNBUFFERED="1",
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    def _process_for(self, run: Any, spec_file: Path) -> tuple[_Process, str]:
        """A pre-started process when one fits the run, else a new one; and which it is."""
        spec = json.loads(spec_file.read_text())
        if self.pool is not None and "--conf" not in spec["arguments"]:
            while (worker := self.pool.take()) is not None:
                if worker.give(spec_file):
                    return worker, "pre-started"
                _kill_group(worker.proc)
        args = [sys.executable, str(RUNNER), str(spec_file)]
        worker = _Process(args, spec_file.parent, self._env())
        worker.proc.stdin.close()
        return worker, "new"

    def _run_process(self, run: Any, job: Any, spec_file: Path) -> None:
        worker, kind = self._process_for(run, spec_file)
        proc = worker.proc
        worker.sink.attach(run)
        with self._lock:
            self._procs[run.job_run_id] = proc
        minutes = run.timeout or job.timeout or DEFAULT_TIMEOUT_MINUTES
        timed_out = False
        try:
            proc.wait(timeout=minutes * self.minute_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc)
        for p in worker.pumps:
            p.join(timeout=10)
        with self._lock:
            self._procs.pop(run.job_run_id, None)
        if worker.cwd != spec_file.parent:
            shutil.rmtree(worker.cwd, ignore_errors=True)
        if timed_out:
            run.finish(
                "TIMEOUT",
                f"Job run timed out: it ran longer than its Timeout of {minutes} minute(s) and was stopped",
            )
            return
        result_file = spec_file.parent / "result.json"
        result = json.loads(result_file.read_text()) if result_file.is_file() else {}
        if "seconds" in result:
            run.write_log_lines(
                {
                    "output": [
                        f"local run: {kind} Spark process; job {result['seconds']:.1f} s, "
                        f"of which getting the Spark session {result.get('sessionSeconds', 0):.1f} s"
                    ]
                }
            )
        if result.get("state") == "SUCCEEDED" and proc.returncode == 0:
            run.finish("SUCCEEDED", None)
        elif result.get("state") == "FAILED":
            run.finish("FAILED", result.get("errorMessage"))
        else:  # killed (a stop: already final) or crashed before writing its result
            run.finish(
                "FAILED",
                f"the job's process ended with exit code {proc.returncode} and no result",
            )
        shutil.rmtree(spec_file.parent, ignore_errors=True)


def _pump(
    stream: Any, run: Any, kind: str
) -> None:  # run: anything with write_log_lines
    """Copies a pipe to CloudWatch Logs while the process runs: lines are gathered and written
    every 0.3 s (one write per burst, and a lone line still shows up at once)."""
    pending: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def flush() -> None:
        with lock:
            batch = pending[:]
            pending.clear()
        if batch:
            run.write_log_lines({kind: batch})

    def flusher() -> None:
        while not done.wait(0.3):
            flush()

    thread = threading.Thread(target=flusher, daemon=True)
    thread.start()
    for raw in iter(stream.readline, b""):
        with lock:
            pending.append(raw.decode("utf-8", "replace").rstrip("\n"))
    done.set()
    thread.join()
    flush()
    stream.close()


def _kill_group(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
