"""The libs rule of local runs and tests (local/libs_path.py) imports a libs folder the way the
deployed zip does: with `__init__.py` as one package, without it as a source root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from local.libs_path import libs_path_entry

REPO = Path(__file__).resolve().parents[2]


def _import(entry: Path, statement: str) -> subprocess.CompletedProcess:
    code = f"import sys; sys.path.insert(0, {str(entry)!r}); {statement}"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd="/"
    )


def test_a_folder_with_init_is_one_package(tmp_path: Path) -> None:
    libs = tmp_path / "external_libs"
    libs.mkdir()
    (libs / "__init__.py").write_text("")
    (libs / "helpers.py").write_text("X = 'pkg'\n")
    entry = libs_path_entry(libs)
    assert entry == tmp_path.resolve()
    run = _import(entry, "from external_libs.helpers import X; print(X)")
    assert run.stdout.strip() == "pkg", run.stderr


def test_a_folder_without_init_is_a_source_root(tmp_path: Path) -> None:
    libs = tmp_path / "external_libs"
    (libs / "holdlib").mkdir(parents=True)
    (libs / "holdlib" / "__init__.py").write_text("Y = 'root'\n")
    entry = libs_path_entry(libs)
    assert entry == libs.resolve()
    run = _import(entry, "import holdlib; print(holdlib.Y)")
    assert run.stdout.strip() == "root", run.stderr
    assert _import(entry, "import external_libs.holdlib").returncode != 0


def test_the_example_libs_are_a_package() -> None:
    assert libs_path_entry(REPO / "external_libs") == REPO
