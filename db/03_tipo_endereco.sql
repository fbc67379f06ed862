-- Address types. Key: ID_TIPO_ENDERECO.
CREATE TABLE IF NOT EXISTS glue_catalog.`{database}`.tipo_endereco (
  ID_TIPO_ENDERECO int,
  DESCRICAO string,
  SIGLA string
)
USING iceberg
LOCATION '{warehouse}/{database}/tipo_endereco'
TBLPROPERTIES (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'gzip'
);
