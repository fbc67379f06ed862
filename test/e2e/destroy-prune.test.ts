// prune and destroy delete only what this pipeline owns at this location: an untagged job or an
// object the action never uploaded survives, and destroying one preview leaves another intact.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateJobCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, freshBucketName, jobExists, uniqueSuffix } from '../helpers/emulator.js';
import { FIXTURE_JOBS, freshCopy, manifestText, writeFixture } from '../helpers/fixture.js';
import { emulatorInputs, runAction } from '../helpers/run-action.js';

describe('prune and destroy touch only owned resources', () => {
  const bucket = freshBucketName('owned');
  const s3 = new S3Client(clientConfig());
  const glue = new GlueClient(clientConfig());
  const sfn = new SFNClient(clientConfig());
  const id = uniqueSuffix();
  const a = { prefix: `previews/pr-1${id}/`, namePrefix: `pr1${id}-` };
  const b = { prefix: `previews/pr-2${id}/`, namePrefix: `pr2${id}-` };
  let repo: string;

  const action = (
    cwd: string,
    env: { prefix: string; namePrefix: string },
    extra: Record<string, string> = {},
  ) =>
    runAction({
      cwd,
      inputs: emulatorInputs(bucket, {
        prefix: env.prefix,
        'name-prefix': env.namePrefix,
        ...extra,
      }),
    });
  const keys = async (prefix: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
      (o) => o.Key!,
    );
  const stateMachines = async () =>
    ((await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? []).map((s) => s.name!);

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    repo = writeFixture();
    for (const env of [a, b]) expect((await action(repo, env)).code).toBe(0);
    // Not owned: same name-prefix and prefix, but never created by the action (no ownership tags).
    await glue.send(
      new CreateJobCommand({
        Name: `${a.namePrefix}stranger`,
        Role: 'arn:aws:iam::123456789012:role/x',
        Command: { Name: 'glueetl', ScriptLocation: 's3://elsewhere/x.py' },
      }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${a.prefix}src_code/stranger.py`, Body: 'x' }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${a.prefix}input_files/manual.csv`, Body: 'y' }),
    );
  });

  it('prune deletes undeclared owned jobs and objects only', async () => {
    const copy = freshCopy(repo);
    const { audit: _audit, ...rest } = FIXTURE_JOBS;
    const jobs = { ...rest, publish: ['report'] };
    writeFileSync(join(copy, 'glue-jobs/pipeline.yml'), manifestText(jobs));
    rmSync(join(copy, 'data/top.csv'));
    const r = await action(copy, a, { prune: 'true' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await jobExists(`${a.namePrefix}audit`)).toBe(false);
    expect(await jobExists(`${a.namePrefix}publish`)).toBe(true);
    expect(await jobExists(`${a.namePrefix}stranger`)).toBe(true);
    const left = await keys(a.prefix);
    expect(left).not.toContain(`${a.prefix}input_files/top.csv`);
    expect(left).toContain(`${a.prefix}src_code/stranger.py`);
    expect(left).toContain(`${a.prefix}input_files/manual.csv`);
    // The other preview still has its audit job and file.
    expect(await jobExists(`${b.namePrefix}audit`)).toBe(true);
    expect(await keys(b.prefix)).toContain(`${b.prefix}input_files/top.csv`);
  });

  it('without prune, undeclared resources are kept and listed in the plan', async () => {
    const copy = freshCopy(repo);
    rmSync(join(copy, 'data/binary.bin'));
    const r = await action(copy, b);
    expect(r.code).toBe(0);
    expect(await keys(b.prefix)).toContain(`${b.prefix}input_files/binary.bin`);
    expect(r.outputs.plan).toMatch(/input_files\/binary\.bin.*keep/);
  });

  it('destroy removes one preview entirely and leaves the other preview and strangers alone', async () => {
    const r = await action(repo, a, { mode: 'destroy', 'role-arn': '', 'state-machine-role-arn': '' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('DESTROYED');
    for (const job of Object.keys(FIXTURE_JOBS)) expect(await jobExists(a.namePrefix + job)).toBe(false);
    expect(await jobExists(`${a.namePrefix}stranger`)).toBe(true);
    expect(await stateMachines()).not.toContain(`${a.namePrefix}fixture`);
    expect((await keys(a.prefix)).sort()).toEqual(
      [`${a.prefix}input_files/manual.csv`, `${a.prefix}src_code/stranger.py`].sort(),
    );
    // Preview B is intact.
    for (const job of Object.keys(FIXTURE_JOBS)) expect(await jobExists(b.namePrefix + job)).toBe(true);
    expect(await stateMachines()).toContain(`${b.namePrefix}fixture`);
    expect((await keys(b.prefix)).length).toBeGreaterThanOrEqual(15);
    // A second destroy finds nothing left to delete.
    const again = await action(repo, a, { mode: 'destroy', 'role-arn': '', 'state-machine-role-arn': '' });
    expect(again.outputs).toMatchObject({ status: 'DESTROYED', changes: '0' });
  });
});
