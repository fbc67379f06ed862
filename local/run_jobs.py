"""Run jobs of the example pipeline in this process, as scripts/run-job-local.sh documents:

    scripts/run-job-local.sh [--fresh] [--with-deps] [--export OUT] <job>|all [--NAME value ...]
    scripts/run-job-local.sh --export OUT              export only, no job

- relative paths (SOURCE_PATH, WORK_PATH, AWS_WAREHOUSE, DDL_PATH, from the environment or as
  `--NAME value` job arguments, and OUT) are taken from the caller's current directory;
- `--fresh` empties the local warehouse and work folders first (refused for s3:// paths, for a
  folder that is or holds the current directory, the repository, the inputs, the DDL or OUT, and
  for a folder holding anything the pipeline did not write there);
- `--export OUT` writes every table, the stage and the rejects as sorted CSVs + row-counts.csv
  (local/export.py);
- job arguments after the job name (e.g. `--RUN_DATE 2024-09-01`) are passed to every job;
  `--DATABASE NAME` (or env DATABASE; default `compras`) is the database of the tables, checked
  before anything runs or is deleted.
"""

from __future__ import annotations

import os
import runpy
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from external_libs import DATABASE, check_database
from local.libs_path import add_libs_to_path

REPO = Path(__file__).resolve().parent.parent
PATH_NAMES = ["SOURCE_PATH", "WORK_PATH", "AWS_WAREHOUSE", "DDL_PATH"]
DEFAULTS = {
    "SOURCE_PATH": REPO / "data",
    "WORK_PATH": REPO / ".cache" / "local" / "work_files",
    "AWS_WAREHOUSE": REPO / ".cache" / "local" / "databases",
    "DDL_PATH": REPO / "db",
}
USAGE = __doc__.split("\n\n")[1]


class UsageError(ValueError):
    pass


@dataclass
class Options:
    target: str | None = None
    fresh: bool = False
    with_deps: bool = False
    export: str | None = None
    job_args: list[str] = field(default_factory=list)


def parse(argv: list[str]) -> Options:
    """The script's own lower-case options (anywhere) and the job name; the rest is job arguments."""
    opts = Options()
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--fresh":
            opts.fresh = True
        elif token == "--with-deps":
            opts.with_deps = True
        elif token == "--export" or token.startswith("--export="):
            if "=" in token:
                opts.export = token.split("=", 1)[1]
            elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                opts.export = argv[i + 1]
                i += 1
            if not opts.export:
                raise UsageError("--export needs a folder: --export OUT")
        elif token in ("-h", "--help"):
            raise UsageError("")
        elif opts.target is None and not token.startswith("--"):
            opts.target = token
        else:
            opts.job_args.append(token)
        i += 1
    if opts.target is None and opts.export is None:
        raise UsageError("name a job, `all`, or --export OUT")
    if opts.with_deps and opts.target in (None, "all"):
        raise UsageError("--with-deps needs one job name")
    return opts


def is_local(path: str) -> bool:
    return "://" not in path and not path.startswith("file:")


def absolute(path: str, cwd: Path) -> str:
    """A local path made absolute against `cwd`; URIs (s3://...) unchanged."""
    return str((cwd / path).resolve()) if is_local(path) else path


def resolve_paths(
    environ: dict[str, str], job_args: list[str], cwd: Path
) -> tuple[dict[str, str], list[str]]:
    """(the four path variables for the environment, the job arguments), every local path
    absolute against the caller's directory `cwd`; unset variables get the repository defaults."""
    env = {
        name: absolute(environ[name], cwd) if environ.get(name) else str(DEFAULTS[name])
        for name in PATH_NAMES
    }
    args = list(job_args)
    for i, token in enumerate(args):
        name, sep, value = token[2:].partition("=")
        if not token.startswith("--") or not (
            name.endswith("PATH") or name.endswith("WAREHOUSE")
        ):
            continue
        if sep:
            args[i] = f"--{name}={absolute(value, cwd)}"
        elif i + 1 < len(args) and not args[i + 1].startswith("--"):
            args[i + 1] = absolute(args[i + 1], cwd)
    return env, args


def effective(name: str, env: dict[str, str], job_args: list[str]) -> str:
    """The value a job will see: a `--NAME value` job argument wins over the environment."""
    value = env[name]
    for i, token in enumerate(job_args):
        if token == f"--{name}" and i + 1 < len(job_args):
            value = job_args[i + 1]
        elif token.startswith(f"--{name}="):
            value = token.split("=", 1)[1]
    return value


WORK_OUTPUTS = {"compras.parquet", "rejected_compras_stg.csv"}


def foreign_entries(folder: Path, kind: str) -> list[Path]:
    """What in `folder` the pipeline did not write: for the work area anything but the stage and
    the rejects; for the warehouse anything but namespace folders holding namespace or Iceberg
    table folders (a table folder has `metadata/`)."""
    if not folder.exists():
        return []
    if kind == "work":
        return sorted(p for p in folder.iterdir() if p.name not in WORK_OUTPUTS)

    def namespace(ns: Path) -> list[Path]:
        found = []
        for p in ns.iterdir():
            if not p.is_dir():
                found.append(p)
            elif not (p / "metadata").is_dir():
                found.extend(namespace(p))
        return found

    found = []
    for p in folder.iterdir():
        found.extend(namespace(p) if p.is_dir() else [p])
    return sorted(found)


def fresh_start(folders: dict[str, str], keep: list[str]) -> None:
    """Delete and recreate `folders` ({"warehouse"|"work": path}). Refused, before anything is
    deleted, for a URI, for a folder that is or contains one of `keep` (the caller's directory,
    the repository, the inputs, ...), and for a folder holding anything the pipeline did not
    write there."""
    for kind, folder in folders.items():
        if not is_local(folder):
            raise UsageError(
                f"--fresh: {folder} is not a local folder; empty it yourself"
            )
        target = Path(folder).resolve()
        if target == Path(target.anchor):
            raise UsageError(f"--fresh: refusing to delete {target}")
        for g in [Path.home(), *(Path(k).resolve() for k in keep)]:
            if target == g or target in g.parents:
                raise UsageError(
                    f"--fresh: refusing to delete {target}: it holds {g}; point WORK_PATH / "
                    "AWS_WAREHOUSE at a folder of their own"
                )
        foreign = foreign_entries(target, kind)
        if foreign:
            shown = ", ".join(str(p) for p in foreign[:5])
            raise UsageError(
                f"--fresh: refusing to empty {target}: it holds what the pipeline did not write "
                f"there ({shown}{', ...' if len(foreign) > 5 else ''}); move those away or point "
                f"{'WORK_PATH' if kind == 'work' else 'AWS_WAREHOUSE'} at a folder of its own"
            )
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True)
        print(f"fresh: emptied {folder}", flush=True)


def job_order(target: str, with_deps: bool) -> list[str]:
    manifest = yaml.safe_load((REPO / "glue-jobs" / "pipeline.yml").read_text())
    deps = {
        n: list((s or {}).get("depends-on", [])) for n, s in manifest["jobs"].items()
    }
    if target != "all" and target not in deps:
        raise UsageError(f"unknown job {target!r}; jobs: {', '.join(deps)}")
    wanted = set(deps) if target == "all" else {target}
    if with_deps:
        todo = [target]
        while todo:
            for d in deps[todo.pop()]:
                if d not in wanted:
                    wanted.add(d)
                    todo.append(d)
    order: list[str] = []
    while len(order) < len(wanted):  # graph order, manifest order among ready jobs
        order.append(
            next(
                n
                for n in deps
                if n in wanted
                and n not in order
                and all(d in order for d in deps[n] if d in wanted)
            )
        )
    return order


def main(argv: list[str] | None = None) -> int:
    try:
        opts = parse(sys.argv[1:] if argv is None else argv)
        cwd = Path.cwd()
        env, job_args = resolve_paths(dict(os.environ), opts.job_args, cwd)
        os.environ.update(env)
        export = absolute(opts.export, cwd) if opts.export else None
        order = job_order(opts.target, opts.with_deps) if opts.target else []
        warehouse = effective("AWS_WAREHOUSE", env, job_args)
        work = effective("WORK_PATH", env, job_args)
        database = os.environ.get("DATABASE") or DATABASE
        try:  # a bad name would stop the first job: refuse it before --fresh deletes anything
            check_database(effective("DATABASE", {"DATABASE": database}, job_args))
        except ValueError as err:
            raise UsageError(str(err)) from None
        if opts.fresh:
            keep = [str(cwd), str(REPO), *(p for p in [export] if p)]
            keep += [effective(n, env, job_args) for n in ("SOURCE_PATH", "DDL_PATH")]
            fresh_start(
                {"warehouse": warehouse, "work": work}, [k for k in keep if is_local(k)]
            )
    except UsageError as err:
        if str(err):
            print(f"run-job-local: {err}", file=sys.stderr)
        print(USAGE, file=sys.stderr)
        return 2
    for folder in (warehouse, work):
        if is_local(folder):
            Path(folder).mkdir(parents=True, exist_ok=True)
    os.chdir(REPO)  # Spark's side files (spark-warehouse/, ...) stay in the repository
    # The libs are imported by the same rule as the deployed zip.
    add_libs_to_path(REPO / "external_libs")

    for name in order:
        print(f"== {name}", flush=True)
        script = str(REPO / "glue-jobs" / f"{name}.py")
        sys.argv = [script, *job_args]
        runpy.run_path(script, run_name="__main__")
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession()
    if spark is None:  # export only: a session like the jobs'
        from external_libs.job_args import get_job_args
        from external_libs.spark_session import build_spark_session

        args = get_job_args([], {"ICEBERG_CATALOG": None}, job_args)
        spark = build_spark_session("export", warehouse, args["ICEBERG_CATALOG"])
    if order:
        print(f"done: {', '.join(order)}")
    from local.export import export_tables, list_tables, work_outputs

    if export:
        counts = export_tables(
            spark, export, catalog="glue_catalog", extra=work_outputs(spark, work)
        )
        print(f"exported to {export} (row-counts.csv):")
    else:
        counts = {
            f"{ns}.{t}": spark.table(f"glue_catalog.{ns}.{t}").count()
            for ns, t in list_tables(spark, "glue_catalog")
        }
    for name, rows in counts.items():
        print(f"  {name}: {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
