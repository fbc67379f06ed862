"""Documented results of the pipeline on the committed sample data/ (README, "The example pipeline"),
first run into empty tables with RUN_DATE 2024-09-01 (the processing date of the sample)."""

RUN_DATE = "2024-09-01"
STAGE_ROWS = 26
REJECTED_ROWS = 15
REJECT_BREAKDOWN = {
    "duplicated": 1,
    "duplicated, invalid CEP": 1,
    "null column(s)": 2,
    "null column(s), invalid CNPJ": 2,
    "invalid payment condition": 1,
    "invalid CNPJ": 3,
    "invalid CEP": 2,
    "invalid address type": 1,
    "invalid date": 1,
    "invalid number": 1,
}
TABLE_ROWS = {
    "cep": 12,
    "condicao_pagamento": 7,
    "tipo_endereco": 8,
    "fornecedores": 8,
    "enderecos_fornecedores": 8,
    "notas_fiscais_entrada": 26,
    "programacao_pagamento": 63,
}
STATUS = {"PAGO": 56, "PENDENTE": 7}
