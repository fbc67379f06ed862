"""The error every part of the real `awsglue` that has no local equivalent raises."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn


class NotAvailableLocally(NotImplementedError):
    """Raised when a job uses a part of AWS Glue's library that local runs do not provide."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} is not available in local runs (the local awsglue module provides "
            "getResolvedOptions, GlueContext.spark_session/get_logger, Job.init/commit and "
            "DynamicFrame.fromDF/toDF); use the Spark DataFrame API instead"
        )
        self.what = what


def refuse(what: str) -> NoReturn:
    raise NotAvailableLocally(what)


def unavailable_module_attr(module: str) -> Callable[[str], Any]:
    """A module-level `__getattr__` refusing names the local module does not define."""

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):  # import machinery probes (__path__, __file__, ...)
            raise AttributeError(name)
        refuse(f"{module}.{name}")

    return __getattr__


class RefusingAttributes:
    """Mixin: any public attribute the class does not define raises NotAvailableLocally."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        refuse(f"{type(self).__name__}.{name}")
