"""Glue job runs executed for real: one local PySpark process per run (local/run_glue_job.py).

Used when the server runs with `--run-glue-jobs` and the job has no behaviour set through the
control API. The run's script and --extra-py-files are read from the emulated S3 (moto's backend,
in this process); the process gets the emulator as its AWS endpoint. Its stdout and stderr go to
CloudWatch Logs as they come (/aws-glue/jobs/output, /aws-glue/jobs/error, stream = run id).
At most `max_parallel` runs execute at once (default: the machine's cores); the others wait for a
slot, RUNNING, as a Glue run waits for capacity. The run's Timeout (minutes) is enforced;
stopping a run kills its process group.

Spark is started once and shared: one pre-started process (`run_glue_job.py --host`) holds a
Spark JVM with the runs' defaults, warmed by a first query; each run is a Python process of its
own (`--attach`: its sys.argv, modules and globals are its own) whose SparkContext wraps the shared
one and whose SparkSession is a new session of it (own SQL settings, temporary views, catalogs).
Later runs find Spark's classes loaded and its code compiled: on the example pipeline a job takes
1-6 s instead of 4-18 s in a JVM of its own. A stop or timeout kills the run's process and cancels
its Spark jobs (job group = run id). A run with a `--conf` argument (read when the JVM starts) gets
a Spark of its own; LOCAL_GLUE_WARM=0 gives every run its own. If the shared JVM dies, the next run
starts another.
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
    """Where a process's output lines go: held until its run is attached (the process starts just
    before), then the run's log."""

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


class SharedSpark:
    """The shared Spark JVM (`run_glue_job.py --host`): started in the background, restarted by the
    next run after it died; `gateway()` waits until it is ready."""

    def __init__(self, start: Any) -> None:
        self._start = start
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._ready = threading.Event()
        self._gateway: tuple[str, str] | None = None
        self._closed = False

    def start(self) -> None:
        with self._lock:
            if self._closed or (self._proc is not None and self._proc.poll() is None):
                return
            self._gateway = None
            self._ready = ready = threading.Event()
            self._proc = proc = self._start()
        threading.Thread(target=self._read, args=(proc, ready), daemon=True).start()

    def _read(self, proc: subprocess.Popen, ready: threading.Event) -> None:
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("GATEWAY ") and not ready.is_set():
                _, port, secret = line.split(" ", 2)
                with self._lock:
                    if self._proc is proc:
                        self._gateway = (port, secret)
                ready.set()
        ready.set()  # ended before (or after) it was ready: no gateway

    def gateway(self, timeout: float = 300) -> tuple[str, str] | None:
        """(port, secret) of the running shared Spark, starting one if needed; None if it fails."""
        self.start()
        with self._lock:
            ready, proc = self._ready, self._proc
        ready.wait(timeout)
        with self._lock:
            alive = proc is self._proc and proc is not None and proc.poll() is None
            return self._gateway if alive else None

    def cancel(self, run_id: str) -> None:
        """Cancels the Spark jobs of a run that was stopped (its process is already killed)."""
        with self._lock:
            proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        try:
            with self._lock:
                proc.stdin.write(f"cancel {run_id}\n".encode())
                proc.stdin.flush()
        except OSError:
            pass

    def close(self) -> subprocess.Popen | None:
        """Stops it: stdin closed (Spark stops, its class-data archive is kept), killed if slow."""
        with self._lock:
            self._closed = True
            proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return None
        try:
            proc.stdin.close()
            proc.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return proc
        return None


class RealRuns:
    def __init__(
        self, endpoint: str, max_parallel: int | None = None, shared: bool | None = None
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
        if shared is None:
            shared = os.environ.get("LOCAL_GLUE_WARM", "1") != "0"
        self.shared = SharedSpark(self._start_host) if shared else None
        if self.shared is not None:
            self.shared.start()

    def start(self, run: Any, job: Any) -> None:
        threading.Thread(target=self._execute, args=(run, job), daemon=True).start()

    def stop(self, run_id: str) -> None:
        with self._lock:
            proc = self._procs.get(run_id)
        if proc is not None:
            _kill_group(proc)
        if self.shared is not None:
            self.shared.cancel(run_id)

    def shutdown(self) -> None:
        with self._lock:
            procs = list(self._procs.values())
        for proc in procs:
            _kill_group(proc)
        host = self.shared.close() if self.shared is not None else None
        if host is not None:
            _kill_group(host)
        shutil.rmtree(self.work, ignore_errors=True)

    def _start_host(self) -> subprocess.Popen:
        folder = Path(tempfile.mkdtemp(prefix="spark-host-", dir=self.work))
        return subprocess.Popen(
            [
                sys.executable,
                str(RUNNER),
                "--host",
                self.endpoint,
                str(os.cpu_count() or 2),
            ],
            cwd=folder,
            env=self._env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Spark's own log: kept beside it (a pipe nobody reads would fill and block it).
            stderr=(folder / "spark.log").open("wb"),
            start_new_session=True,
        )

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
        """The run's process: on the shared Spark when it can be, else with a Spark of its own."""
        spec = json.loads(spec_file.read_text())
        gateway = None
        if self.shared is not None and "--conf" not in spec["arguments"]:
            gateway = self.shared.gateway()
        if gateway is not None:
            args = [sys.executable, str(RUNNER), "--attach", str(spec_file)]
            env = {
                **self._env(),
                "PYSPARK_GATEWAY_PORT": gateway[0],
                "PYSPARK_GATEWAY_SECRET": gateway[1],
            }
            kind = "shared"
        else:
            args, env, kind = (
                [sys.executable, str(RUNNER), str(spec_file)],
                self._env(),
                "own",
            )
        worker = _Process(args, spec_file.parent, env)
        worker.proc.stdin.close()
        return worker, kind

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
            if self.shared is not None:
                self.shared.cancel(run.job_run_id)
        for p in worker.pumps:
            p.join(timeout=10)
        with self._lock:
            self._procs.pop(run.job_run_id, None)
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
