"""One Spark session for the whole pytest run, with the Iceberg catalog `glue_catalog` as a local
Hadoop catalog over a temporary warehouse (spec: tests never touch AWS)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from local.libs_path import add_libs_to_path  # noqa: E402

add_libs_to_path(REPO / "external_libs")  # the same rule as the deployed zip

from external_libs.spark_session import ICEBERG_JAR_NAME, build_spark_session  # noqa: E402


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("warehouse")


@pytest.fixture(scope="session")
def spark(warehouse):
    jar = Path(
        os.environ.get("ICEBERG_JAR") or REPO / ".cache" / "jars" / ICEBERG_JAR_NAME
    )
    if not jar.is_file():
        pytest.fail(f"Iceberg runtime jar missing ({jar}): run scripts/setup.sh")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = build_spark_session("pytest", str(warehouse), "hadoop")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
