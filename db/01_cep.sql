-- Postal codes (CEP as int: leading zeros are not stored; show it with 8 digits). Key: CEP.
CREATE TABLE IF NOT EXISTS glue_catalog.`{database}`.cep (
  CEP int,
  UF string,
  CIDADE string,
  BAIRRO string,
  LOGRADOURO string
)
USING iceberg
LOCATION '{warehouse}/{database}/cep'
TBLPROPERTIES (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'gzip'
);
