-- Database of the purchases pipeline. Replaces the original's manual Athena step: the
-- create_tables job runs every file of this folder, in file-name order, on every pipeline run.
-- Fix 9.9 (docs/example-pipeline.md): one location convention, <warehouse>/compras/<table>, bucket and prefix parameterised
-- through {warehouse} (the job's --AWS_WAREHOUSE); no hard-coded bucket, no "TCS" folder.
CREATE DATABASE IF NOT EXISTS glue_catalog.compras
LOCATION '{warehouse}/compras';
