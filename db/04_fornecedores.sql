-- Suppliers. Key: CNPJ; ID_FORNECEDOR = xxhash64(CNPJ).
-- Change (docs/example-pipeline.md): IDs are 64-bit xxhash64, bigint (the original's 32-bit `hash` collided at scale).
CREATE TABLE IF NOT EXISTS glue_catalog.`{database}`.fornecedores (
  ID_FORNECEDOR bigint,
  NOME string,
  CNPJ string,
  EMAIL string,
  TELEFONE string
)
USING iceberg
LOCATION '{warehouse}/{database}/fornecedores'
TBLPROPERTIES (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'gzip'
);
