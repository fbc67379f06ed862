"""glue-jobs/pipeline.yml: the format the action reads, a script per job, an acyclic graph whose
edges cover every table a job reads."""

from pipeline_runner import REPO, job_order, load_manifest

ALLOWED = {
    "script", "depends-on", "description", "glue-version", "worker-type", "number-of-workers",
    "timeout", "max-retries", "execution-class", "additional-python-modules", "arguments",
}  # fmt: skip
JOBS = {
    "create_tables", "tbl_cep", "tbl_condicao_pagamento", "tbl_tipo_endereco",
    "stg_compras_parquet", "tbl_fornecedores", "tbl_enderecos_fornecedores",
    "tbl_notas_fiscais_entrada", "tbl_programacao_pagamento",
}  # fmt: skip
# Who writes each table / output, and who reads it (from the job scripts).
WRITER = {
    "cep": "tbl_cep",
    "condicao_pagamento": "tbl_condicao_pagamento",
    "tipo_endereco": "tbl_tipo_endereco",
    "stage": "stg_compras_parquet",
    "fornecedores": "tbl_fornecedores",
    "notas_fiscais_entrada": "tbl_notas_fiscais_entrada",
}
READS = {
    "stg_compras_parquet": ["cep", "condicao_pagamento", "tipo_endereco"],
    "tbl_fornecedores": ["stage"],
    "tbl_enderecos_fornecedores": ["stage", "fornecedores", "tipo_endereco"],
    "tbl_notas_fiscais_entrada": ["stage", "fornecedores", "condicao_pagamento"],
    "tbl_programacao_pagamento": ["notas_fiscais_entrada", "condicao_pagamento"],
}


def ancestors(deps, job):
    seen, todo = set(), list(deps[job])
    while todo:
        j = todo.pop()
        if j not in seen:
            seen.add(j)
            todo += deps[j]
    return seen


def test_manifest_shape():
    m = load_manifest()
    assert m["name"] == "compras"
    d = m["defaults"]
    assert (d["glue-version"], d["worker-type"], d["number-of-workers"]) == (
        "5.0",
        "G.1X",
        2,
    )
    assert d["arguments"] == {
        "--AWS_WAREHOUSE": "s3://{bucket}/{prefix}databases",
        "--SOURCE_PATH": "s3://{bucket}/{prefix}input_files",
        "--WORK_PATH": "s3://{bucket}/{prefix}work_files",
    }
    assert set(m["jobs"]) == JOBS
    for name, spec in m["jobs"].items():
        assert set(spec or {}) <= ALLOWED, name
        assert (REPO / "glue-jobs" / f"{name}.py").is_file()
    assert m["jobs"]["create_tables"]["arguments"] == {
        "--DDL_PATH": "s3://{bucket}/{prefix}src_code/db"
    }


def test_manifest_leaves_the_database_to_the_workflows():
    # The action merges its default-arguments input *below* the manifest: a --DATABASE here would
    # override the environment's database that .github/workflows pass, and on AWS each
    # environment's role may only write its own (infra/bootstrap.yml).
    m = load_manifest()
    assert "--DATABASE" not in m["defaults"]["arguments"]
    for name, spec in m["jobs"].items():
        assert "--DATABASE" not in (spec or {}).get("arguments", {}), name


def test_graph_is_rooted_acyclic_and_covers_every_read():
    jobs = load_manifest()["jobs"]
    deps = {n: list((s or {}).get("depends-on", [])) for n, s in jobs.items()}
    order = job_order(load_manifest())
    assert order[0] == "create_tables" and deps["create_tables"] == []
    for job in JOBS - {"create_tables"}:
        assert "create_tables" in ancestors(deps, job), job
    for job, inputs in READS.items():
        for item in inputs:
            assert WRITER[item] in ancestors(deps, job), f"{job} reads {item}"
    assert order.index("tbl_programacao_pagamento") == len(order) - 1
