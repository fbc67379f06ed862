// A small but realistic pipeline repository written to a temp folder: 9 jobs whose graph is not
// series-parallel (stage_a→join_ab, stage_b→join_ab, stage_b→enrich_b is an "N"), shared libs with
// junk that must stay out of the zip, DDL, and nested data folders with spaces and non-ASCII names.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const FIXTURE_JOBS: Record<string, string[]> = {
  extract_a: [],
  extract_b: [],
  stage_a: ['extract_a'],
  stage_b: ['extract_b'],
  join_ab: ['stage_a', 'stage_b'],
  enrich_b: ['stage_b'],
  audit: ['extract_a'],
  report: ['join_ab', 'enrich_b'],
  publish: ['report', 'audit'],
};

export const FIXTURE_DATA: Record<string, string | Buffer> = {
  'data/top.csv': 'id,name\n1,a\n2,b\n',
  'data/nested/with space/ação ü.csv': '\uFEFFid;nome\r\n1;São Paulo\r\n',
  'data/nested/deeper/level/values.json': '{"k": [1, 2, 3]}\n',
  'data/binary.bin': Buffer.from([0, 1, 2, 255, 254, 0, 10, 13]),
};

export function manifestText(jobs: Record<string, string[]> = FIXTURE_JOBS): string {
  const lines = [
    'name: fixture',
    'defaults:',
    '  glue-version: "5.0"',
    '  worker-type: G.1X',
    '  number-of-workers: 2',
    '  additional-python-modules: ["validate-docbr==1.10.0"]',
    '  arguments:',
    '    --AWS_WAREHOUSE: "s3://{bucket}/{prefix}databases"',
    '    --SOURCE_PATH: "s3://{bucket}/{prefix}input_files"',
    '    --JOB_NAME_ARG: "{name-prefix}{job}"',
    'jobs:',
  ];
  for (const [name, deps] of Object.entries(jobs)) {
    lines.push(`  ${name}:`);
    if (deps.length > 0) lines.push(`    depends-on: [${deps.join(', ')}]`);
    if (name === 'report') lines.push('    worker-type: G.2X', '    arguments: {--LOG_LEVEL: INFO}');
    if (name === 'audit') lines.push('    execution-class: FLEX', '    timeout: 10');
  }
  return `${lines.join('\n')}\n`;
}

export function writeFixture(
  root = mkdtempSync(join(tmpdir(), 'fixture-repo-')),
  jobs: Record<string, string[]> = FIXTURE_JOBS,
): string {
  const files: Record<string, string | Buffer> = {
    'glue-jobs/pipeline.yml': manifestText(jobs),
    'external_libs/__init__.py': '',
    'external_libs/helpers.py': 'def greet(name):\n    return f"hello {name}"\n',
    'external_libs/__pycache__/helpers.cpython-311.pyc': Buffer.from([1, 2, 3]),
    'db/001_tables.sql': 'CREATE TABLE IF NOT EXISTS glue_catalog.db.t (id int) USING iceberg;\n',
    ...FIXTURE_DATA,
  };
  for (const name of Object.keys(jobs)) {
    files[`glue-jobs/${name}.py`] = `from external_libs.helpers import greet\n\nprint(greet("${name}"))\n`;
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A copy of the tree with every mtime new, like a fresh clone on a runner. */
export function freshCopy(root: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'fixture-copy-'));
  cpSync(root, copy, { recursive: true, preserveTimestamps: false });
  return copy;
}
