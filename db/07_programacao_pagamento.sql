-- Installment schedule. Key: (ID_NF_ENTRADA, NUM_PARCELA).
-- Change (docs/example-pipeline.md): ID_PROG_PAGAMENTO = xxhash64(ID_NF_ENTRADA, NUM_PARCELA) and ID_NF_ENTRADA are
-- bigint: with the original's 32-bit IDs, colliding invoice IDs merged their installments (rows lost).
-- Change: VALOR_PARCELA is decimal(10,2) (the original's decimal(21,13)): installments are rounded
-- to cents and the last one takes the remainder, so they add up exactly to the invoice total.
CREATE TABLE IF NOT EXISTS glue_catalog.`{database}`.programacao_pagamento (
  ID_PROG_PAGAMENTO bigint,
  ID_NF_ENTRADA bigint,
  DATA_VENCIMENTO date,
  NUM_PARCELA int,
  VALOR_PARCELA decimal(10,2),
  STATUS_PAGAMENTO string
)
USING iceberg
LOCATION '{warehouse}/{database}/programacao_pagamento'
TBLPROPERTIES (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'gzip'
);
