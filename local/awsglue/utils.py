"""`getResolvedOptions` with the semantics of AWS Glue's own (argparse over `sys.argv[1:]`).

- Every requested option is required; a missing one raises `GlueArgumentError` (argparse's
  message, e.g. "the following arguments are required: --SOURCE_PATH").
- Unknown arguments are ignored, and argparse's prefix matching applies, as on Glue.
- The result also holds Glue's own keys, `None` when not passed: `JOB_ID`, `JOB_RUN_ID`,
  `SECURITY_CONFIGURATION`, `encryption_type`, `TempDir`, `RedshiftTempDir` (each copied to the
  other), `job_bookmark_from`, `job_bookmark_to`, and `job_bookmark_option` (default
  "job-bookmark-disable"; an old-style `--continuation-option` is translated).
- Asking for a reserved name (`JOB_ID`, `JOB_RUN_ID`, `SECURITY_CONFIGURATION`,
  `encryption-type`, `job-bookmark-option`, `continuation-option`, `job-bookmark-from`,
  `job-bookmark-to`) raises RuntimeError("Using reserved arguments ...").
- Option names keep their dashes on the command line; in the result dashes become underscores.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from awsglue._unavailable import unavailable_module_attr

BOOKMARK_CHOICES = ["job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"]
CONTINUATION_CHOICES = [
    "continuation-enabled",
    "continuation-readonly",
    "continuation-ignore",
]
BOOKMARK_RANGE = ["job-bookmark-from", "job-bookmark-to"]
ID_PARAMS = ["JOB_ID", "JOB_RUN_ID", "SECURITY_CONFIGURATION"]

_global_args: dict[str, object] = {}


class GlueArgumentError(Exception):
    """A job argument is missing or malformed (what Glue's parser raises instead of exiting)."""


class GlueArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print and sys.exit(2)
        raise GlueArgumentError(message)


def _reserved(options: Sequence[str]) -> None:
    for name in ("continuation-option", "job-bookmark-option"):
        if name in options:
            raise RuntimeError(f"Using reserved arguments {name}")
    for name in [*BOOKMARK_RANGE, *ID_PARAMS, "encryption-type"]:
        if name in options:
            raise RuntimeError(f"Using reserved arguments --{name}")


def getResolvedOptions(args: Sequence[str], options: Sequence[str]) -> dict:  # noqa: N802 (Glue's name)
    """The values of `options` (names without `--`) from `args` (normally `sys.argv`)."""
    options = list(options)
    _reserved(options)
    parser = GlueArgumentParser()
    parser.add_argument(
        "--job-bookmark-option", choices=BOOKMARK_CHOICES, required=False
    )
    parser.add_argument(
        "--continuation-option", choices=CONTINUATION_CHOICES, required=False
    )
    for name in [*BOOKMARK_RANGE, *ID_PARAMS]:
        parser.add_argument(f"--{name}", required=False)
    parser.add_argument("--encryption-type", choices=["sse-s3"])
    parser.add_argument("--RedshiftTempDir", required=False)
    parser.add_argument("--TempDir", required=False)
    for name in options:
        if name not in ("RedshiftTempDir", "TempDir"):
            parser.add_argument(f"--{name}", required=True)
    parsed, _extra = parser.parse_known_args(list(args)[1:])
    result = vars(parsed)

    if result.get("TempDir") is not None:
        result["RedshiftTempDir"] = result["TempDir"]
    elif result.get("RedshiftTempDir") is not None:
        result["TempDir"] = result["RedshiftTempDir"]

    continuation = result.pop("continuation_option", None)
    if result.get("job_bookmark_option") is None:
        result["job_bookmark_option"] = (
            BOOKMARK_CHOICES[CONTINUATION_CHOICES.index(continuation)]
            if continuation is not None
            else "job-bookmark-disable"
        )
    absent = [o for o in BOOKMARK_RANGE if result.get(o.replace("-", "_")) is None]
    if result["job_bookmark_option"] == "job-bookmark-pause":
        if len(absent) == 1:
            raise RuntimeError(f"Missing option or value for --{absent[0]}")
    elif not absent:
        raise RuntimeError("Invalid option(s)--job-bookmark-from --job-bookmark-to")

    _global_args.update(result)
    return result


__getattr__ = unavailable_module_attr(__name__)
