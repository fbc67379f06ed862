"""`Job` for local runs: init/commit bracket the run; bookmarks are not kept locally."""

from __future__ import annotations

from typing import Any

from awsglue._unavailable import RefusingAttributes, unavailable_module_attr


class Job(RefusingAttributes):
    @classmethod
    def continuation_options(cls) -> list[str]:
        return [
            "--continuation-option",
            "continuation-enabled",
            "continuation-readonly",
            "continuation-ignore",
        ]

    @classmethod
    def job_bookmark_options(cls) -> list[str]:
        return [
            "--job-bookmark-option",
            "job-bookmark-enable",
            "job-bookmark-pause",
            "job-bookmark-disable",
        ]

    @classmethod
    def job_bookmark_range_options(cls) -> list[str]:
        return ["--job-bookmark-from", "--job-bookmark-to"]

    @classmethod
    def id_params(cls) -> list[str]:
        return ["--JOB_NAME", "--JOB_ID", "--JOB_RUN_ID", "--SECURITY_CONFIGURATION"]

    @classmethod
    def encryption_type_options(cls) -> list[str]:
        return ["--encryption-type", "sse-s3"]

    def __init__(self, glue_context: Any) -> None:
        self._glue_context = glue_context
        self._name: str | None = None
        self._committed = False

    def init(self, job_name: str, args: dict | None = None) -> None:
        if self._name is not None:
            raise RuntimeError(f"Job {self._name} is already initialized")
        self._name = job_name
        self._args = dict(args or {})

    def isInitialized(self) -> bool:  # noqa: N802 (Glue's name)
        return self._name is not None

    def commit(self) -> None:
        if self._name is None:
            raise RuntimeError("Job.commit() before Job.init()")
        self._committed = True


__getattr__ = unavailable_module_attr(__name__)
