"""The shared-libraries rule, as the deploy zips them (src/artifacts/libs.ts): a libs folder with an
`__init__.py` at its top is one package (`import external_libs.x`), so its parent goes on sys.path;
without it the folder is a source root (`import holdlib` for external_libs/holdlib/), so the folder
itself goes on sys.path, as the zip's entries would be."""

from __future__ import annotations

import sys
from pathlib import Path


def libs_path_entry(libs_dir: Path) -> Path:
    """The sys.path entry that imports the libs folder the way the deployed zip does."""
    libs_dir = libs_dir.resolve()
    return libs_dir.parent if (libs_dir / "__init__.py").is_file() else libs_dir


def add_libs_to_path(libs_dir: Path) -> None:
    entry = str(libs_path_entry(libs_dir))
    if entry not in sys.path:
        sys.path.insert(0, entry)
