-- Database of the purchases pipeline. Replaces the original's manual Athena step: the
-- create_tables job runs every file of this folder, in file-name order, on every pipeline run.
-- Fix 9.9 (docs/example-pipeline.md): one location convention, <warehouse>/<database>/<table>, bucket and prefix parameterised
-- through {warehouse} (the job's --AWS_WAREHOUSE); no hard-coded bucket, no "TCS" folder.
-- {database} is the job's --DATABASE (default compras; each environment has its own on AWS, see
-- infra/README.md), quoted with backticks because a valid Glue name such as 2024 is not a bare identifier.
CREATE DATABASE IF NOT EXISTS glue_catalog.`{database}`
LOCATION '{warehouse}/{database}';
