"""Glue's transforms exist by name (so `from awsglue.transforms import *` works) but refuse to run."""

from __future__ import annotations

from typing import Any

from awsglue._unavailable import refuse, unavailable_module_attr

_NAMES = [
    "ApplyMapping",
    "Coalesce",
    "DropFields",
    "DropNullFields",
    "ErrorsAsDynamicFrame",
    "Filter",
    "FlatMap",
    "Join",
    "Map",
    "Relationalize",
    "RenameField",
    "Repartition",
    "ResolveChoice",
    "SelectFields",
    "SelectFromCollection",
    "Spigot",
    "SplitFields",
    "SplitRows",
    "Unbox",
    "Union",
    "UnnestFrame",
]


def _refusing_transform(name: str) -> type:
    def refuse_call(*_args: Any, **_kwargs: Any) -> Any:
        refuse(f"awsglue.transforms.{name}")

    return type(
        name,
        (),
        {
            "__init__": lambda self, *a, **k: refuse_call(),
            "apply": staticmethod(refuse_call),
            "__call__": lambda self, *a, **k: refuse_call(),
        },
    )


for _name in _NAMES:
    globals()[_name] = _refusing_transform(_name)

__all__ = list(_NAMES)
__getattr__ = unavailable_module_attr(__name__)
