// Bad input: the built action exits 1 with a ::error annotation naming the file (and line) and the
// fix, and the emulator receives no write at all.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, emulatorControl, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';
import { writeFixture } from '../helpers/fixture.js';
import { emulatorInputs, runAction } from '../helpers/run-action.js';

const MANIFEST = 'glue-jobs/pipeline.yml';

interface Case {
  name: string;
  /** Mutates the fixture repo; returns extra/overridden inputs. */
  arrange: (repo: string) => Record<string, string> | undefined;
  file?: string;
  line?: number;
  message: RegExp;
}

const edit = (repo: string, f: (s: string) => string) =>
  writeFileSync(join(repo, MANIFEST), f(readFileSync(join(repo, MANIFEST), 'utf8')));

const CASES: Case[] = [
  {
    name: 'YAML syntax error',
    arrange: (r) => edit(r, (s) => s.replace('  stage_a:\n', '  stage_a: [\n')) as undefined,
    file: MANIFEST,
    message: /YAML syntax error.*Fix:/,
  },
  {
    name: 'unknown key',
    arrange: (r) =>
      edit(r, (s) => s.replace('  number-of-workers: 2', '  number_of_workers: 2')) as undefined,
    file: MANIFEST,
    line: 5,
    message: /unknown key "number_of_workers".*allowed keys.*number-of-workers/,
  },
  {
    name: 'depends-on cycle',
    arrange: (r) =>
      edit(r, (s) => s.replace('  extract_a:\n', '  extract_a:\n    depends-on: [report]\n')) as undefined,
    file: MANIFEST,
    message: /cycle: .*extract_a.*stage_a.*join_ab.*report/,
  },
  {
    name: 'unknown depends-on',
    arrange: (r) =>
      edit(r, (s) => s.replace('depends-on: [extract_b]', 'depends-on: [extract_c]')) as undefined,
    file: MANIFEST,
    message: /depends on "extract_c", which is not a job.*Fix: use one of/,
  },
  {
    name: 'missing script',
    arrange: (r) => rmSync(join(r, 'glue-jobs/audit.py')) as undefined,
    file: MANIFEST,
    message: /script glue-jobs\/audit.py does not exist.*Fix: create/,
  },
  {
    name: 'duplicate job name after name-prefix',
    arrange: (r) => {
      edit(r, (s) => `${s}  Publish: {}\n`);
      writeFileSync(join(r, 'glue-jobs/Publish.py'), 'print(1)\n');
      return undefined;
    },
    file: MANIFEST,
    message: /same Glue job name/,
  },
  {
    name: 'invalid worker type for the Glue version',
    arrange: (r) =>
      edit(r, (s) =>
        s.replace('worker-type: G.2X', 'worker-type: G.8X\n    glue-version: "2.0"'),
      ) as undefined,
    file: MANIFEST,
    message: /G\.8X needs a newer Glue version than 2\.0/,
  },
  {
    name: 'FLEX on a job that cannot use it',
    arrange: (r) =>
      edit(r, (s) =>
        s.replace('execution-class: FLEX', 'execution-class: FLEX\n    worker-type: G.4X'),
      ) as undefined,
    file: MANIFEST,
    message: /FLEX runs only on G\.1X or G\.2X/,
  },
  {
    name: 'zero jobs',
    arrange: (r) => edit(r, (s) => `${s.slice(0, s.indexOf('jobs:'))}jobs: {}\n`) as undefined,
    file: MANIFEST,
    message: /declares no jobs/,
  },
  {
    name: 'a data file that is a symlink pointing outside the repository',
    arrange: (r) => {
      const outside = mkdtempSync(join(tmpdir(), 'outside-'));
      writeFileSync(join(outside, 'secret.txt'), 'do not upload');
      symlinkSync(join(outside, 'secret.txt'), join(r, 'data/leak.csv'));
      return undefined;
    },
    file: 'data/leak.csv',
    message: /outside the repository/,
  },
  {
    name: 'execution-input names a job the pipeline does not have',
    arrange: () => ({
      'start-execution': 'true',
      'execution-input':
        '{"arguments": {"--RUN_DATE": "2026-12-01"}, "jobs": {"stage_c": {"arguments": {}}}}',
    }),
    message: /input execution-input: "jobs" names "stage_c", which is not a job.*Fix: use a job name/,
  },
  {
    name: 'start-retries out of range',
    arrange: (r) => edit(r, (s) => s.replace('  number-of-workers: 2', '  start-retries: 99')) as undefined,
    file: MANIFEST,
    line: 5,
    message: /start-retries/,
  },
  {
    name: 'missing bucket',
    arrange: () => ({ bucket: '' }),
    message: /input bucket: is required/,
  },
  {
    name: 'missing role-arn in deploy mode',
    arrange: () => ({ 'role-arn': '' }),
    message: /input role-arn: is required in deploy mode/,
  },
];

describe('bad input fails clearly and writes nothing', () => {
  const bucket = freshBucketName('bad-input');
  const control = emulatorControl();

  beforeAll(async () => {
    await new S3Client(clientConfig()).send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it.each(CASES)('$name', async (c) => {
    const repo = writeFixture();
    const overrides = c.arrange(repo) ?? {};
    const tag = `bad-${uniqueSuffix()}`;
    const since = await control.lastSeq();
    const run = await runAction({
      cwd: repo,
      inputs: emulatorInputs(bucket, {
        'name-prefix': 'bad-',
        ...overrides,
      }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
    expect(run.code).toBe(1);
    expect(run.errors.length, run.stdout).toBeGreaterThan(0);
    const annotation = run.errors.find((e) => c.message.test(unescapeAnnotation(e)));
    expect(annotation, run.errors.join('\n')).toBeDefined();
    if (c.file) expect(annotation).toContain(`file=${c.file}`);
    if (c.line) expect(annotation).toContain(`line=${c.line}`);
    else if (c.file === MANIFEST) expect(annotation).toMatch(/line=\d+/);
    expect(run.stdout).toMatch(/nothing was changed/);
    const requests = await control.requests({ since, tag });
    expect(requests.filter((r) => r.mutating)).toEqual([]);
  });
});

/** @actions/core escapes %, CR and LF in annotation messages. */
function unescapeAnnotation(s: string): string {
  return s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}
