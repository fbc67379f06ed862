"""Job arguments: `--NAME value` (or `--NAME=value`) on the command line, else env var NAME.

Glue passes job parameters this way, plus its own (`--JOB_ID`, `--TempDir`, ...) which are ignored.
Locally the same names come from the environment. No `awsglue` import, so it works under plain Python.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence


class MissingArgumentError(ValueError):
    """A required job argument is neither on the command line nor in the environment."""


def parse_cli(argv: Sequence[str]) -> dict[str, str]:
    """Every `--NAME value` / `--NAME=value` pair of argv (a later one wins)."""
    found: dict[str, str] = {}
    i = 0
    while i < len(argv):
        token = argv[i]
        if token.startswith("--") and len(token) > 2:
            name, sep, value = token[2:].partition("=")
            if sep:
                found[name] = value
            elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                found[name] = argv[i + 1]
                i += 1
            else:
                found[name] = ""  # a bare flag
        i += 1
    return found


def _clean(name: str, value: str) -> str:
    # Paths are joined with "/<file>": a trailing slash would give "//" (the original's bug; fix 9.16 in docs/example-pipeline.md).
    if name.endswith("PATH") or name.endswith("WAREHOUSE"):
        return value.rstrip("/") if value.rstrip("/") else value
    return value


def get_job_args(
    required: Iterable[str],
    optional: Mapping[str, str | None] | None = None,
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, str | None]:
    """Resolve `required` names (error when absent) and `optional` ones (name -> default)."""
    cli = parse_cli(sys.argv[1:] if argv is None else argv)
    env = os.environ if environ is None else environ
    result: dict[str, str | None] = {}
    missing = []
    for name in required:
        value = cli.get(name, env.get(name))
        if value is None or value == "":
            missing.append(name)
        else:
            result[name] = _clean(name, value)
    if missing:
        raise MissingArgumentError(
            "missing job argument(s): "
            + ", ".join(missing)
            + " (pass --NAME value or set the environment variable NAME)"
        )
    for name, default in (optional or {}).items():
        value = cli.get(name, env.get(name))
        result[name] = _clean(name, value) if value not in (None, "") else default
    return result


_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def flag_arg(args: Mapping[str, str | None], name: str, default: bool = False) -> bool:
    """A true/false job argument (`true`/`false`, `1`/`0`, `yes`/`no`, any case; absent = default)."""
    value = args.get(name)
    if value is None or value == "":
        return default
    text = value.strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise ValueError(
        f"job argument --{name}: expected true or false, got {value!r} "
        f"(pass --{name} true or --{name} false)"
    )


def join_path(base: str, *parts: str) -> str:
    """`base/part/...` with exactly one slash between pieces (works for s3:// and local paths)."""
    return "/".join([base.rstrip("/"), *(p.strip("/") for p in parts)])
