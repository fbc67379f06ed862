-- Payment conditions. Key: ID_CONDICAO.
-- Change: ENTRADA (down payment) is kept, because the schedule uses it to date installments
-- (fix 9.3 of docs/example-pipeline.md: without a down payment the first installment is due one month after issue).
CREATE TABLE IF NOT EXISTS glue_catalog.`{database}`.condicao_pagamento (
  ID_CONDICAO int,
  DESCRICAO string,
  QTD_PARCELAS int,
  ENTRADA boolean
)
USING iceberg
LOCATION '{warehouse}/{database}/condicao_pagamento'
TBLPROPERTIES (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'gzip'
);
