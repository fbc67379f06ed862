-- Supplier addresses. Key: (CEP, ID_FORNECEDOR, ID_TIPO_ENDERECO).
CREATE TABLE IF NOT EXISTS glue_catalog.compras.enderecos_fornecedores (
  ID_ENDERECO_FORNECEDOR int,
  CEP int,
  ID_FORNECEDOR int,
  ID_TIPO_ENDERECO int,
  NUM_ENDERECO string,
  COMPLEMENTO string
)
USING iceberg
LOCATION '{warehouse}/compras/enderecos_fornecedores'
TBLPROPERTIES (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'gzip'
);
