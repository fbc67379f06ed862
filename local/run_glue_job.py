"""Runs one Glue job script in this process, as Glue would: the process the emulator starts per run.

    python local/run_glue_job.py SPEC.json                 # cold: Spark starts when the job asks
    python local/run_glue_job.py --host ENDPOINT CORES     # the shared Spark: starts it, prints
                                                           # `GATEWAY <port> <secret>`, then serves
                                                           # `cancel <run id>` lines on stdin
    python local/run_glue_job.py --attach SPEC.json        # a run in its own Python process on the
                                                           # shared Spark (PYSPARK_GATEWAY_PORT/SECRET)

SPEC (written by emulator/real_runs.py): {"jobName", "runId", "script": local path,
"arguments": {"--NAME": "value", ...} (DefaultArguments merged with the run's), "pyFiles":
[local paths of --extra-py-files], "endpoint": the emulator's URL, "resultFile": path}.

Before the script runs: sys.argv is Glue's (`--JOB_ID`, `--JOB_RUN_ID`, `--JOB_NAME`, then every
argument), the --extra-py-files are on sys.path (zips as they are), --additional-python-modules are
installed into a cached folder, the local `awsglue` module is importable, and Spark's defaults
(SPARK_CONF_DIR) give local[N], the Iceberg runtime with its AWS bundle, and s3:// through S3A;
the AWS SDKs reach the emulator through AWS_ENDPOINT_URL. The result file gets
{"state": "SUCCEEDED"|"FAILED", "errorMessage"?} and the traceback goes to stderr, last.
"""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = Path(__file__).resolve().parent
ICEBERG_JAR = ROOT / ".cache" / "jars" / "iceberg-spark-runtime-3.5_2.12-1.7.1.jar"
AWS_JARS_DIR = ROOT / ".cache" / "local-jars"
MODULES_CACHE = ROOT / ".cache" / "glue-modules"
MAX_ERROR_MESSAGE = 2048
ICEBERG_EXTENSIONS = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"
# Glue arguments that configure the service, not the script's Spark session or sys.path.
_FLAG_ARGS = {"--conf"}


def glue_argv(
    script: str, job_name: str, run_id: str, arguments: dict[str, str]
) -> list[str]:
    """sys.argv as Glue builds it: script, its own ids, then every `--NAME value` pair."""
    argv = [
        script,
        "--JOB_ID",
        f"j_{hashlib.sha256(job_name.encode()).hexdigest()[:56]}",
    ]
    argv += ["--JOB_RUN_ID", run_id, "--JOB_NAME", job_name]
    for name, value in arguments.items():
        if name in ("--JOB_ID", "--JOB_RUN_ID", "--JOB_NAME"):
            continue
        argv += [name, value]
    return argv


def conf_pairs(value: str) -> dict[str, str]:
    """Glue's `--conf` value: `k=v` or `k=v --conf k2=v2 ...` (the known way to pass several)."""
    pairs: dict[str, str] = {}
    for part in value.split("--conf"):
        part = part.strip()
        if part:
            key, sep, val = part.partition("=")
            if not sep:
                raise ValueError(f"--conf expects key=value, got {part!r}")
            pairs[key.strip()] = val.strip()
    return pairs


def aws_jars() -> list[Path]:
    jars = sorted(AWS_JARS_DIR.glob("*.jar"))
    missing = [p for p in [ICEBERG_JAR] if not p.is_file()]
    if missing or not jars:
        raise FileNotFoundError(
            f"local Spark jars missing ({ICEBERG_JAR} and {AWS_JARS_DIR}/*.jar): run bash scripts/setup.sh"
        )
    return [ICEBERG_JAR, *jars]


def spark_defaults(
    endpoint: str,
    cores: int,
    arguments: dict[str, str],
    java_options: list[str] | None = None,
) -> dict[str, str]:
    """spark-defaults.conf of a local run. A job's own session settings still win over these."""
    classpath = ":".join(str(p) for p in aws_jars())
    conf = {
        "spark.master": f"local[{max(1, cores)}]",
        # Driver classpath rather than spark.jars: a job that sets spark.jars keeps these.
        "spark.driver.extraClassPath": classpath,
        "spark.driver.memory": os.environ.get("LOCAL_SPARK_DRIVER_MEMORY", "2g"),
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(max(1, cores)),
        "spark.default.parallelism": str(max(1, cores)),
        "spark.sql.session.timeZone": "UTC",
        # Iceberg's SQL extensions (MERGE INTO...) are a static setting: on by default so a
        # shared Spark has them; a job's own spark.sql.extensions still wins (in a Spark of its own).
        "spark.sql.extensions": ICEBERG_EXTENSIONS,
        # SerialGC + C1: half the JVM's CPU on small data (cds_options adds the class-data archive).
        "spark.driver.extraJavaOptions": "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Duser.timezone=UTC",
        # s3:// (and s3a://) through Hadoop's S3A, path-style against the emulator.
        "spark.hadoop.fs.s3.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.hadoop.fs.s3a.endpoint": endpoint,
        "spark.hadoop.fs.s3a.path.style.access": "true",
        "spark.hadoop.fs.s3a.connection.ssl.enabled": "false",
        "spark.hadoop.fs.s3a.aws.credentials.provider": (
            "com.amazonaws.auth.EnvironmentVariableCredentialsProvider"
        ),
        "spark.hadoop.fs.s3a.change.detection.mode": "none",
    }
    if java_options:
        conf["spark.driver.extraJavaOptions"] += " " + " ".join(java_options)
    if "--conf" in arguments:
        conf.update(conf_pairs(arguments["--conf"]))
    return conf


CDS_DIR = ROOT / ".cache" / "local-spark"


def cds_archive(classpath: str) -> Path:
    """The JVM class-data archive for this classpath (an archive only fits the classpath it was made with)."""
    key = hashlib.sha256(f"{classpath}\n{sys.version}".encode()).hexdigest()[:16]
    return CDS_DIR / f"driver-{key}.jsa"


def cds_options(archive: Path) -> tuple[list[str], Path | None]:
    """JVM options using the archive, or making it when there is none: the first run records the
    classes Spark, Iceberg and S3A load, every later run maps them instead of loading them (~30 %
    less start-up CPU, measured). Only one run at a time makes it (a lock file); it dumps to a
    temporary name, renamed once its JVM has exited (`finish_cds`)."""
    if archive.is_file():
        return [
            f"-XX:SharedArchiveFile={archive}",
            "-Xshare:auto",
            "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off",
        ], None
    archive.parent.mkdir(parents=True, exist_ok=True)
    lock = archive.with_suffix(".lock")
    try:
        if lock.exists() and time.time() - lock.stat().st_mtime > 600:
            lock.unlink()  # left by a run that was killed while making it
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.close(fd)
    except OSError:
        return [], None
    tmp = archive.with_suffix(f".tmp{os.getpid()}")
    return [
        f"-XX:ArchiveClassesAtExit={tmp}",
        "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off",
    ], tmp


def finish_cds(tmp: Path | None, archive: Path) -> None:
    """After the JVM exited: publish the archive it wrote and drop the lock."""
    if tmp is None:
        return
    try:
        if tmp.is_file() and tmp.stat().st_size > 0:
            tmp.rename(archive)
    finally:
        tmp.unlink(missing_ok=True)
        archive.with_suffix(".lock").unlink(missing_ok=True)


def write_spark_conf(folder: Path, conf: dict[str, str]) -> Path:
    """spark-defaults (given to spark-submit as --properties-file, so no conf folder lands on the
    classpath, which the class-data archive refuses) and the log4j settings; returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    log4j = folder / "log4j2.properties"
    # Spark's WARN lines on stderr, as on Glue; Spark's noisy start-up INFO stays out.
    log4j.write_text(
        "rootLogger.level = warn\nrootLogger.appenderRef.stderr.ref = console\n"
        "appender.console.type = Console\nappender.console.name = console\n"
        "appender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\n"
        "appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n\n"
        "logger.hadoop.name = org.apache.hadoop\nlogger.hadoop.level = error\n"
        "logger.native.name = org.apache.hadoop.util.NativeCodeLoader\nlogger.native.level = error\n"
    )
    conf = dict(conf)
    conf["spark.driver.extraJavaOptions"] = (
        f"{conf.get('spark.driver.extraJavaOptions', '')} -Dlog4j2.configurationFile={log4j}".strip()
    )
    props = folder / "spark-defaults.conf"
    props.write_text("".join(f"{k} {v}\n" for k, v in conf.items()))
    os.environ["PYSPARK_SUBMIT_ARGS"] = f"--properties-file {props} pyspark-shell"
    return props


def install_modules(spec: str) -> Path:
    """--additional-python-modules into a folder cached by the exact list (pip, once per list)."""
    modules = [m.strip() for m in spec.split(",") if m.strip()]
    key = hashlib.sha256("\n".join(sorted(modules)).encode()).hexdigest()[:16]
    target = MODULES_CACHE / key
    if target.is_dir():
        return target
    tmp = MODULES_CACHE / f"{key}.tmp{os.getpid()}"
    print(f"installing --additional-python-modules {', '.join(modules)}", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
            str(tmp),
            *modules,
        ],
        check=True,
    )
    try:
        tmp.rename(target)
    except OSError:  # another run installed the same list meanwhile
        pass
    return target


def spark_setup(
    run_dir: Path, endpoint: str, cores: int, arguments: dict[str, str]
) -> tuple[Path | None, Path]:
    """Spark defaults of a run (written before the JVM starts); returns the class-data archive
    being made by this process (if it makes it) and the archive's final path."""
    archive = cds_archive(":".join(str(p) for p in aws_jars()))
    java_options, cds_tmp = (
        ([], None) if os.environ.get("LOCAL_SPARK_CDS") == "0" else cds_options(archive)
    )
    write_spark_conf(
        run_dir / "spark-conf",
        spark_defaults(endpoint, cores, arguments, java_options),
    )
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return cds_tmp, archive


def python_setup(spec: dict) -> list[str]:
    """sys.path and PYTHONPATH for the script (libs zips, modules); returns its sys.argv."""
    arguments: dict[str, str] = spec.get("arguments") or {}
    paths = [str(LOCAL)]
    for f in spec.get("pyFiles") or []:
        paths.append(f if f.endswith((".zip", ".egg", ".whl")) else str(Path(f).parent))
    if arguments.get("--additional-python-modules"):
        paths.append(str(install_modules(arguments["--additional-python-modules"])))
    script = spec["script"]
    sys.path[:0] = [str(Path(script).parent), *paths]
    # Python workers (UDFs) import the same libraries.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [*paths, os.environ.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    return glue_argv(script, spec["jobName"], spec["runId"], arguments)


def error_message(exc: BaseException) -> str:
    """`Type: message` of the exception, as Glue's ErrorMessage shows a Python job's failure."""
    text = str(exc).strip()
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return (
        message
        if len(message) <= MAX_ERROR_MESSAGE
        else message[: MAX_ERROR_MESSAGE - 3] + "..."
    )


def stop_spark(wait_for_jvm: bool) -> None:
    """Stops Spark; when this run makes the class-data archive, also waits for the JVM to exit
    (it writes the archive on exit)."""
    try:
        from pyspark import SparkContext

        if SparkContext._active_spark_context is not None:
            SparkContext._active_spark_context.stop()
        gateway = SparkContext._gateway
        if wait_for_jvm and gateway is not None:
            proc = getattr(gateway, "proc", None)
            gateway.shutdown()
            if proc is not None:
                proc.stdin.close()  # the JVM exits when its parent's pipe closes
                proc.wait(timeout=120)
    except Exception:  # stopping is best effort: the result is already decided
        pass


class SessionClock:
    """Seconds the job spends getting its Spark session (JVM and context start on a cold run)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def install(self) -> None:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession

        clock = self

        def timed(original):
            def wrapper(*args, **kwargs):
                started = time.monotonic()
                try:
                    return original(*args, **kwargs)
                finally:
                    clock.seconds += time.monotonic() - started

            return wrapper

        SparkSession.Builder.getOrCreate = timed(SparkSession.Builder.getOrCreate)
        SparkContext.getOrCreate = classmethod(timed(SparkContext.getOrCreate.__func__))


def settings_not_taken(options: dict[str, str], context) -> list[str]:
    """Settings a job asks for that the shared Spark runs with otherwise (static ones: master,
    spark.sql.extensions, spark.jars...); they are reported on stderr, the run goes on."""
    current = context.getConf()
    return sorted(
        k for k, v in options.items() if k != "spark.app.name" and current.get(k) != v
    )


def report_not_taken(keys: list[str]) -> None:
    if keys:
        print(
            "local run: the shared Spark cannot take "
            f"{', '.join(keys)} (read when Spark starts); set LOCAL_GLUE_WARM=0 for a Spark "
            "per run",
            file=sys.stderr,
            flush=True,
        )


def attach_shared_spark(run_id: str, job_name: str) -> None:
    """A run on the shared Spark (the emulator's `--host` process; PYSPARK_GATEWAY_PORT/SECRET):
    the job's SparkContext wraps the shared JVM's context and its SparkSession is a new session of
    it, with its own SQL settings, temporary views and catalogs; the job's runtime SQL settings
    (spark.sql.*, catalogs) apply to it. Stopping either only detaches. The run's Spark jobs carry
    its run id as job group, so a stop or a timeout cancels them (`cancel` to the host). What the
    Python side holds (sys.argv, modules, globals) stays in this run's own process."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    original_init = SparkContext.__init__
    state: dict = {}

    def shared() -> SparkContext:
        sc = state.get("sc")
        if sc is None:
            SparkContext._ensure_initialized()  # connects to the gateway named by the environment
            jvm = SparkContext._jvm
            jsc = jvm.org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
                jvm.org.apache.spark.SparkContext.getOrCreate()
            )
            sc = object.__new__(SparkContext)
            original_init(sc, gateway=SparkContext._gateway, jsc=jsc)
            sc.stop = lambda: None  # the context is shared: the run only detaches
            sc.setJobGroup(run_id, job_name, interruptOnCancel=True)
            # Python workers (UDFs) import the run's libraries.
            sc.environment["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
            state["sc"] = sc
        return sc

    def get_or_create(builder):
        sc = shared()
        session = state.get("session")
        if session is None:
            root = sc._jvm.org.apache.spark.sql.SparkSession.builder().getOrCreate()
            session = SparkSession(sc, jsparkSession=root.newSession())
            session.stop = lambda: None
            state["session"] = session
        options = {k: str(v) for k, v in builder._options.items()}
        sql_conf = session._jvm.org.apache.spark.sql.internal.SQLConf
        runtime = {
            k: v
            for k, v in options.items()
            if k.startswith("spark.sql.") and not sql_conf.isStaticConfigKey(k)
        }
        conf = session._jsparkSession.sessionState().conf()
        for k, v in runtime.items():
            conf.setConfString(k, v)
        report_not_taken(
            settings_not_taken(
                {k: v for k, v in options.items() if k not in runtime}, sc
            )
        )
        return session

    def context_get_or_create(cls, conf=None):
        sc = shared()
        if conf is not None:
            report_not_taken(settings_not_taken(dict(conf.getAll()), sc))
        return sc

    def context_new(cls, *args, **kwargs):
        if cls is not SparkContext:
            return object.__new__(cls)
        sc = shared()
        conf = kwargs.get("conf")
        options = dict(conf.getAll()) if conf is not None else {}
        master = kwargs.get("master", args[0] if args else None)
        if master is not None:
            options["spark.master"] = master
        report_not_taken(settings_not_taken(options, sc))
        sc._adopted_by_job = True
        return sc

    def context_init(self, *args, **kwargs):
        if self.__dict__.pop("_adopted_by_job", False):
            return
        original_init(self, *args, **kwargs)

    SparkSession.Builder.getOrCreate = get_or_create
    SparkContext.getOrCreate = classmethod(context_get_or_create)
    SparkContext.__new__ = context_new
    SparkContext.__init__ = context_init


def run(spec: dict, started: float, clock: SessionClock, attach: bool) -> int:
    """Runs the job of `spec` in this process (on the shared Spark when `attach`, else on a Spark
    of its own) and writes its result file; returns the exit code."""
    result_file = Path(spec["resultFile"])
    failure: BaseException | None = None
    cds_tmp, archive = None, None
    try:
        if attach:
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            attach_shared_spark(spec["runId"], spec["jobName"])
        else:  # cold: Spark's defaults for this run
            cds_tmp, archive = spark_setup(
                result_file.parent,
                spec["endpoint"],
                int(spec.get("cores") or os.cpu_count() or 2),
                spec.get("arguments") or {},
            )
        sys.argv = python_setup(spec)
        clock.install()
        runpy.run_path(spec["script"], run_name="__main__")
    except SystemExit as e:
        if e.code not in (None, 0):
            failure = e
    except BaseException as e:  # noqa: BLE001 (every failure of the script is the run's)
        failure = e
    stop_spark(wait_for_jvm=cds_tmp is not None)
    if archive is not None:
        finish_cds(cds_tmp, archive)
    if failure is None:
        result = {"state": "SUCCEEDED"}
    else:
        traceback.print_exception(failure, file=sys.stderr)
        message = (
            f"SystemExit: {failure.code}"
            if isinstance(failure, SystemExit)
            else error_message(failure)
        )
        result = {"state": "FAILED", "errorMessage": message}
    result["seconds"] = round(time.monotonic() - started, 3)
    result["sessionSeconds"] = round(clock.seconds, 3)
    sys.stdout.flush()
    sys.stderr.flush()
    result_file.write_text(json.dumps(result))
    return 0 if failure is None else 1


def main(spec_path: str, attach: bool) -> int:
    started = time.monotonic()
    return run(json.loads(Path(spec_path).read_text()), started, SessionClock(), attach)


def host_main(endpoint: str, cores: int) -> int:
    """The shared Spark of local runs: starts Spark with the runs' defaults and runs one query (the
    query path's classes), prints `GATEWAY <port> <secret>` for the runs to attach, then cancels
    the Spark jobs of each `cancel <run id>` line on stdin. Stdin closed: stops Spark and exits."""
    cds_tmp, archive = spark_setup(Path.cwd(), endpoint, cores, {})
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("glue-local").getOrCreate()
    spark.range(1).selectExpr("count(*)").collect()
    gateway = spark.sparkContext._gateway
    port = gateway.java_gateway_server.getListeningPort()
    print(f"GATEWAY {port} {gateway.gateway_parameters.auth_token}", flush=True)
    for line in sys.stdin:
        command, _, run_id = line.strip().partition(" ")
        if command == "cancel" and run_id:
            spark.sparkContext.cancelJobGroup(run_id)
    stop_spark(wait_for_jvm=cds_tmp is not None)
    finish_cds(cds_tmp, archive)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--host"]:
        sys.exit(host_main(sys.argv[2], int(sys.argv[3])))
    if sys.argv[1:2] == ["--attach"]:
        sys.exit(main(sys.argv[2], attach=True))
    sys.exit(main(sys.argv[1], attach=False))
