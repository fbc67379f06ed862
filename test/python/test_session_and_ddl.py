from external_libs.ddl import render, split_statements
from external_libs.spark_session import catalog_kind, local_warehouse_uri, spark_conf


def test_catalog_kind_follows_the_warehouse_unless_overridden(monkeypatch):
    monkeypatch.delenv("ICEBERG_CATALOG", raising=False)
    assert catalog_kind("s3://bucket/pre/databases") == "glue"
    assert catalog_kind("/tmp/warehouse") == "hadoop"
    assert catalog_kind("s3://bucket/databases", "hadoop") == "hadoop"
    monkeypatch.setenv("ICEBERG_CATALOG", "glue")
    assert catalog_kind("/tmp/warehouse") == "glue"


def test_glue_conf_uses_glue_catalog_and_s3_file_io():
    conf = spark_conf("s3://bucket/databases", "glue")
    assert (
        conf["spark.sql.catalog.glue_catalog"]
        == "org.apache.iceberg.spark.SparkCatalog"
    )
    assert conf["spark.sql.catalog.glue_catalog.catalog-impl"].endswith(
        "glue.GlueCatalog"
    )
    assert conf["spark.sql.catalog.glue_catalog.io-impl"].endswith("s3.S3FileIO")
    assert conf["spark.sql.catalog.glue_catalog.warehouse"] == "s3://bucket/databases"
    assert "IcebergSparkSessionExtensions" in conf["spark.sql.extensions"]
    assert (
        conf["spark.sql.ansi.enabled"] == "false"
    )  # the rules rely on NULL from bad casts
    assert conf["spark.sql.iceberg.vectorization.enabled"] == "false"
    # Glue provides master, jars and resources: nothing local may leak into a Glue run.
    assert not any(
        k in conf for k in ("spark.master", "spark.jars", "spark.driver.host")
    )


def test_hadoop_conf_is_local_and_absolute(tmp_path):
    conf = spark_conf(str(tmp_path), "hadoop")
    assert conf["spark.sql.catalog.glue_catalog.type"] == "hadoop"
    assert conf["spark.sql.catalog.glue_catalog.warehouse"] == tmp_path.as_uri()
    assert conf["spark.master"] == "local[2]"
    assert conf["spark.sql.shuffle.partitions"] == "2"
    assert conf["spark.sql.session.timeZone"] == "UTC"
    assert local_warehouse_uri("s3://b/x") == "s3://b/x"


def test_split_statements_drops_comments_and_blanks():
    text = "-- header; with a semicolon\nCREATE A (x int);\n\n  -- note\nCREATE B;\n"
    assert split_statements(text) == ["CREATE A (x int)", "CREATE B"]


def test_render_substitutes_warehouse_and_drops_location_for_hadoop():
    stmt = "CREATE TABLE t (x int)\nUSING iceberg\nLOCATION '{warehouse}/compras/t'\nTBLPROPERTIES ()"
    glue = render(stmt, "s3://b/p/databases/", "glue")
    assert "LOCATION 's3://b/p/databases/compras/t'" in glue
    hadoop = render(stmt, "/tmp/wh", "hadoop")
    assert "LOCATION" not in hadoop and "TBLPROPERTIES" in hadoop
