-- Supplier addresses. Key: (CEP, ID_FORNECEDOR, ID_TIPO_ENDERECO).
-- Change (docs/example-pipeline.md): ID_ENDERECO_FORNECEDOR = xxhash64(CEP, ID_FORNECEDOR, ID_TIPO_ENDERECO) as
-- separate values (was the 32-bit `hash` of their separator-less text); both IDs are bigint.
CREATE TABLE IF NOT EXISTS glue_catalog.`{database}`.enderecos_fornecedores (
  ID_ENDERECO_FORNECEDOR bigint,
  CEP int,
  ID_FORNECEDOR bigint,
  ID_TIPO_ENDERECO int,
  NUM_ENDERECO string,
  COMPLEMENTO string
)
USING iceberg
LOCATION '{warehouse}/{database}/enderecos_fornecedores'
TBLPROPERTIES (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'gzip'
);
