"""Documented results of the pipeline on the committed sample data/ (docs/example-pipeline.md,
"Sample data and expected results"), first run into empty tables with RUN_DATE 2024-09-01 (the
processing date of the sample) and default job arguments.

The counts are those of the independent computation in spec_oracle.py (plain Python, no Spark),
checked against it by test_pipeline_e2e.py; the end-to-end test compares the jobs' rows with the
oracle's rows, not with an earlier output of the jobs. Derivation by hand: 41 distinct lines, of
which 14 carry a reason; 13 of them are rejected and 1 (`duplicated` only) is also staged, so the
stage has 41 - 13 - 1 = 27 lines. The line with the unknown address type `deposito` (NF 684063, an
`A vista` purchase of DICOPE LTDA, whose address is already known under `entrega/faturamento`) is
staged: it adds an invoice and one installment, but no supplier or address (rule R1).
"""

RUN_DATE = "2024-09-01"
STAGE_ROWS = 27
REJECTED_ROWS = 14
REJECT_BREAKDOWN = {
    "duplicated": 1,
    "duplicated, invalid CEP": 1,
    "null column(s)": 2,
    "null column(s), invalid CNPJ": 2,
    "invalid payment condition": 1,
    "invalid CNPJ": 3,
    "invalid CEP": 2,
    "invalid date": 1,
    "invalid number": 1,
}
TABLE_ROWS = {
    "cep": 12,
    "condicao_pagamento": 7,
    "tipo_endereco": 8,
    "fornecedores": 8,
    "enderecos_fornecedores": 8,
    "notas_fiscais_entrada": 27,
    "programacao_pagamento": 64,
}
STATUS = {"PAGO": 57, "PENDENTE": 7}
# sha256 of each table's sorted rows (pipeline_runner.checksum), as spec_oracle.py computes them.
CHECKSUMS = {
    "cep": "06fb4971455cd827d29f68b549bcab883e1fec7327d427b26c5e6e4db47e4fdf",
    "condicao_pagamento": "b0eb73cbf0738e58dc9a5f025af6b93213e59d1192825e14cf332ab85fcb3945",
    "tipo_endereco": "b37ac9ad383e2b2d72f17a42679e2cb49aaaa213de6f6603ff39bf2e7b98a4bc",
    "fornecedores": "64134fd53324ca6c21178a7d1e3eb3916e5148690f61f5939e58926539668430",
    "enderecos_fornecedores": "1f91a3007f238e57d1ae7965e57c7d3d9156be32909d49749dce7c8fdb836f0d",
    "notas_fiscais_entrada": "955721373ffae65b2ba1a794aa890d6da0df1445c123acca7bb75a9099ecaa89",
    "programacao_pagamento": "d94293fb0d87aafe27a4197c590d0b88120adb9cc05465611d9a5935792be2b3",
}
