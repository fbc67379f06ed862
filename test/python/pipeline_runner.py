"""Run the jobs of glue-jobs/pipeline.yml in graph order inside this process (one Spark session),
as Glue would run them one after another. Used by the end-to-end test."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "glue-jobs" / "pipeline.yml"
TABLES = [
    "cep",
    "condicao_pagamento",
    "tipo_endereco",
    "fornecedores",
    "enderecos_fornecedores",
    "notas_fiscais_entrada",
    "programacao_pagamento",
]


def load_manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text())


def job_order(manifest: dict) -> list[str]:
    """Topological order (Kahn), ties broken by manifest order; raises on a cycle."""
    jobs = manifest["jobs"]
    deps = {
        name: list((spec or {}).get("depends-on", [])) for name, spec in jobs.items()
    }
    order: list[str] = []
    while len(order) < len(deps):
        ready = [n for n in deps if n not in order and all(d in order for d in deps[n])]
        if not ready:
            raise ValueError(f"cycle among {sorted(set(deps) - set(order))}")
        order.append(ready[0])
    return order


def load_job(name: str):
    path = REPO / "glue-jobs" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"glue_job_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_pipeline(warehouse: Path, source: Path, work: Path, run_date: str) -> list[str]:
    """Run every job; returns the order they ran in."""
    argv = [
        "--AWS_WAREHOUSE", str(warehouse),
        "--SOURCE_PATH", str(source),
        "--WORK_PATH", str(work),
        "--DDL_PATH", str(REPO / "db"),
        "--ICEBERG_CATALOG", "hadoop",
        "--RUN_DATE", run_date,
    ]  # fmt: skip
    order = job_order(load_manifest())
    for name in order:
        load_job(name).main(argv)
    return order


def checksum(rows) -> str:
    """Order-independent SHA-256 of rows (each rendered as its values' text, NULL as \\N)."""
    lines = sorted(
        "\x1f".join("\\N" if v is None else str(v) for v in row) for row in rows
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
