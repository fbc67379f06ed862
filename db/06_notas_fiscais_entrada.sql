-- Inbound invoices. Key: NUMERO_NF (as the original; docs/example-pipeline.md, "Choices").
-- Change (docs/example-pipeline.md): ID_NF_ENTRADA = xxhash64(NUMERO_NF), bigint, as ID_FORNECEDOR (the original's
-- 32-bit `hash` gave 90 pairs of a million invoice numbers the same ID).
-- Fix 9.4 (docs/example-pipeline.md): amounts are cast to decimal(10,2) before they get here, so cents survive.
CREATE TABLE IF NOT EXISTS glue_catalog.`{database}`.notas_fiscais_entrada (
  ID_NF_ENTRADA bigint,
  NUMERO_NF string,
  ID_FORNECEDOR bigint,
  ID_CONDICAO int,
  DATA_EMISSAO date,
  VALOR_NET decimal(10,2),
  VALOR_TRIBUTO decimal(10,2),
  VALOR_TOTAL decimal(10,2),
  NOME_ITEM string,
  QTD_ITEM int
)
USING iceberg
LOCATION '{warehouse}/{database}/notas_fiscais_entrada'
TBLPROPERTIES (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'gzip'
);
