-- Suppliers. Key: CNPJ; ID_FORNECEDOR = hash(CNPJ).
CREATE TABLE IF NOT EXISTS glue_catalog.compras.fornecedores (
  ID_FORNECEDOR int,
  NOME string,
  CNPJ string,
  EMAIL string,
  TELEFONE string
)
USING iceberg
LOCATION '{warehouse}/compras/fornecedores'
TBLPROPERTIES (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'gzip'
);
