// The built action deploys a 9-job, non-series-parallel pipeline into the emulator; a second run of
// the same tree (fresh copy, new mtimes) changes nothing and sends no mutating request; editing one
// script uploads exactly that file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetJobCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../bench/asl-simulate.js';
import { buildZip } from '../../src/artifacts/index.js';
import { clientConfig, emulatorControl, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';
import { FIXTURE_DATA, FIXTURE_JOBS, freshCopy, writeFixture } from '../helpers/fixture.js';
import {
  type ActionRun,
  emulatorInputs,
  GLUE_ROLE as ROLE,
  runAction,
  STATES_ROLE as SM_ROLE,
} from '../helpers/run-action.js';

describe('deploy (dist/index.js against the emulator)', () => {
  const tag = `deploy-${uniqueSuffix()}`;
  const bucket = freshBucketName('deploy');
  const namePrefix = `t${uniqueSuffix()}-`;
  const prefix = 'env/dev/';
  const s3 = new S3Client(clientConfig());
  const glue = new GlueClient(clientConfig());
  const sfn = new SFNClient(clientConfig());
  const control = emulatorControl();
  let repo: string;
  let first: ActionRun;

  const deploy = (cwd: string, extra: Record<string, string> = {}) =>
    runAction({
      cwd,
      inputs: emulatorInputs(bucket, {
        prefix: 'env/dev',
        'name-prefix': namePrefix,
        tags: '{team: data}',
        ...extra,
      }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    repo = writeFixture();
    first = await deploy(repo);
  });

  it('deploys every object, job and the state machine', async () => {
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.outputs.status).toBe('DEPLOYED');
    const jobNames = JSON.parse(first.outputs['job-names']!) as string[];
    expect(jobNames.sort()).toEqual(
      Object.keys(FIXTURE_JOBS)
        .map((j) => namePrefix + j)
        .sort(),
    );
    // 9 scripts + zip + 1 sql + 4 data files
    expect(first.outputs.uploaded).toBe('15');
    expect(first.outputs.unchanged).toBe('0');
    expect(first.outputs['has-changes']).toBe('true');
    expect(Number(first.outputs.changes)).toBe(15 + 9 + 1);
    expect(first.summary).toContain('```mermaid');
    expect(first.outputs.plan).toContain('| Glue job |');
  });

  it('stores every object byte for byte under the prefix', async () => {
    const expected: Record<string, Buffer> = {
      'src_code/external_libs.zip': await buildZip(join(repo, 'external_libs')),
      'src_code/db/001_tables.sql': readFileSync(join(repo, 'db/001_tables.sql')),
    };
    for (const job of Object.keys(FIXTURE_JOBS)) {
      expected[`src_code/${job}.py`] = readFileSync(join(repo, 'glue-jobs', `${job}.py`));
    }
    for (const path of Object.keys(FIXTURE_DATA)) {
      expected[`input_files/${path.slice('data/'.length)}`] = readFileSync(join(repo, path));
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}` }));
    const keys = (listed.Contents ?? [])
      .map((o) => o.Key!)
      .filter((k) => !k.includes('.glue-pipeline-deploy/'));
    expect(keys.sort()).toEqual(
      Object.keys(expected)
        .map((k) => prefix + k)
        .sort(),
    );
    for (const [key, bytes] of Object.entries(expected)) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + key }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes), key).toBe(true);
    }
  });

  it('gives every job its complete definition', async () => {
    for (const [job, deps] of Object.entries(FIXTURE_JOBS)) {
      const { Job } = await glue.send(new GetJobCommand({ JobName: namePrefix + job }));
      expect(Job).toMatchObject({
        Role: ROLE,
        Command: {
          Name: 'glueetl',
          ScriptLocation: `s3://${bucket}/${prefix}src_code/${job}.py`,
          PythonVersion: '3',
        },
        GlueVersion: '5.0',
        WorkerType: job === 'report' ? 'G.2X' : 'G.1X',
        NumberOfWorkers: 2,
        Timeout: job === 'audit' ? 10 : 30,
        MaxRetries: 0,
        ExecutionClass: job === 'audit' ? 'FLEX' : 'STANDARD',
      });
      const expectedArgs: Record<string, string> = {
        '--AWS_WAREHOUSE': `s3://${bucket}/${prefix}databases`,
        '--SOURCE_PATH': `s3://${bucket}/${prefix}input_files`,
        '--JOB_NAME_ARG': `${namePrefix}${job}`,
        '--TempDir': `s3://${bucket}/${prefix}temp_glue_assets/`,
        '--extra-py-files': `s3://${bucket}/${prefix}src_code/external_libs.zip`,
        '--additional-python-modules': 'validate-docbr==1.10.0',
        '--datalake-formats': 'iceberg',
        '--enable-continuous-cloudwatch-log': 'true',
        '--enable-glue-datacatalog': 'true',
        '--enable-metrics': 'true',
        '--job-language': 'python',
        ...(job === 'report' ? { '--LOG_LEVEL': 'INFO' } : {}),
      };
      expect(Job!.DefaultArguments).toEqual(expectedArgs);
      expect(deps.length >= 0).toBe(true);
    }
  });

  it('builds a state machine that honours every dependency and runs each job once', async () => {
    const arn = first.outputs['state-machine-arn']!;
    expect(arn).toContain(`:stateMachine:${namePrefix}fixture`);
    const sm = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(sm.roleArn).toBe(SM_ROLE);
    // Task states are named after jobs; map them to Glue names to compare with the manifest.
    const { tasks } = analyze(JSON.parse(sm.definition!));
    const glue = (state: string) => tasks.get(state)?.jobName ?? state;
    const before = new Map([...tasks].map(([state, t]) => [glue(state), new Set([...t.after].map(glue))]));
    expect([...before.keys()].sort()).toEqual(
      Object.keys(FIXTURE_JOBS)
        .map((j) => namePrefix + j)
        .sort(),
    );
    for (const [job, deps] of Object.entries(FIXTURE_JOBS)) {
      for (const dep of deps)
        expect(before.get(namePrefix + job)!.has(namePrefix + dep), `${dep}→${job}`).toBe(true);
    }
    // Independent roots start together: neither waits for the other.
    expect(before.get(`${namePrefix}extract_a`)!.size).toBe(0);
    expect(before.get(`${namePrefix}extract_b`)!.size).toBe(0);
  });

  it('a second run of the same tree (fresh copy) changes nothing and writes nothing', async () => {
    const since = await control.lastSeq();
    const again = await deploy(freshCopy(repo));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs).toMatchObject({
      status: 'DEPLOYED',
      uploaded: '0',
      changes: '0',
      'has-changes': 'false',
    });
    expect(again.outputs.unchanged).toBe('15');
    const requests = await control.requests({ since, tag });
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.mutating)).toEqual([]);
  });

  it('editing one script uploads that file and updates nothing else', async () => {
    const copy = freshCopy(repo);
    writeFileSync(join(copy, 'glue-jobs/stage_b.py'), 'print("changed")\n');
    const since = await control.lastSeq();
    const run = await deploy(copy);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ uploaded: '1', changes: '1', 'has-changes': 'true' });
    const mutating = (await control.requests({ since, tag })).filter((r) => r.mutating);
    // The deploy lock taken and released around the writes, then the script itself and the state
    // object that records it.
    const lock = mutating.filter((r) => r.path.endsWith('/deploy.lock'));
    expect(lock.map((r) => r.operation)).toEqual(['PutObject', 'DeleteObject']);
    expect(
      mutating
        .filter((r) => !lock.includes(r))
        .map((r) => `${r.service}:${r.operation}`)
        .sort(),
    ).toEqual(['s3:PutObject', 's3:PutObject']);
  });

  it('mode plan reports the diff and writes nothing', async () => {
    const copy = freshCopy(repo);
    writeFileSync(
      join(copy, 'glue-jobs/pipeline.yml'),
      readFileSync(join(repo, 'glue-jobs/pipeline.yml'), 'utf8').replace(
        'number-of-workers: 2',
        'number-of-workers: 3',
      ),
    );
    const since = await control.lastSeq();
    const run = await deploy(copy, { mode: 'plan' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // 9 job updates + stage_b.py, which the previous test changed in the bucket
    expect(run.outputs).toMatchObject({ status: 'PLANNED', 'has-changes': 'true', changes: '10' });
    expect(run.outputs.plan).toMatch(/Glue job \| `?t[0-9a-f]+-extract_a`? \| update \| NumberOfWorkers/);
    // The same plan for tooling: one entry per job, the changed field named, the counts alike.
    const json = JSON.parse(run.outputs['plan-json']!);
    expect(json.changes).toBe(10);
    const jobs = json.resources.filter((r: { type: string }) => r.type === 'glue-job');
    expect(jobs).toHaveLength(9);
    expect(jobs.every((r: { changedFields: string[] }) => r.changedFields.includes('NumberOfWorkers'))).toBe(
      true,
    );
    expect((await control.requests({ since, tag })).filter((r) => r.mutating)).toEqual([]);
  });
});
