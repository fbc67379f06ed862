// Adopting a real Glue estate through the built action (dist/index.js) against the emulator: jobs made
// beforehand by plain SDK calls (a connection, a security configuration, MaxConcurrentRuns,
// non-overridable arguments) refuse the deploy until adopt-existing is set, then keep those fields
// through several deploys; another pipeline's jobs are refused even with adopt-existing. The same
// for a state machine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateJobCommand, GetJobCommand, GetTagsCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  ListTagsForResourceCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clientConfig,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  emulatorControl,
  freshBucketName,
  uniqueSuffix,
} from '../helpers/emulator.js';
import { freshCopy } from '../helpers/fixture.js';
import { writeRepo } from '../helpers/repo.js';
import { emulatorInputs, GLUE_ROLE, runAction, STATES_ROLE } from '../helpers/run-action.js';

const MANIFEST = `name: estate
jobs:
  load:
    arguments: {--LOG_LEVEL: INFO}
  merge:
    depends-on: [load]
`;

describe('adopt-existing (dist/index.js against the emulator)', () => {
  const tag = `adopt-${uniqueSuffix()}`;
  const bucket = freshBucketName('adopt');
  const namePrefix = `a${uniqueSuffix()}-`;
  const glue = new GlueClient(clientConfig());
  const s3 = new S3Client(clientConfig());
  const control = emulatorControl();
  const repo = writeRepo({
    'glue-jobs/pipeline.yml': MANIFEST,
    'glue-jobs/load.py': 'print("load")\n',
    'glue-jobs/merge.py': 'print("merge")\n',
  });
  const deploy = (cwd: string, extra: Record<string, string> = {}) =>
    runAction({
      cwd,
      inputs: emulatorInputs(bucket, { prefix: 'prod', 'name-prefix': namePrefix, ...extra }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
  const job = async (name: string) =>
    (await glue.send(new GetJobCommand({ JobName: namePrefix + name }))).Job!;
  const handMade = {
    Connections: { Connections: ['vpc-private'] },
    SecurityConfiguration: 'kms-encrypted',
    ExecutionProperty: { MaxConcurrentRuns: 3 },
    NonOverridableArguments: { '--ENV': 'prod' },
  };

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const name of ['load', 'merge']) {
      await glue.send(
        new CreateJobCommand({
          Name: namePrefix + name,
          Role: GLUE_ROLE,
          Command: { Name: 'glueetl', ScriptLocation: `s3://legacy/${name}.py`, PythonVersion: '3' },
          DefaultArguments: { '--legacy-flag': 'on' },
          GlueVersion: '4.0',
          WorkerType: 'G.1X',
          NumberOfWorkers: 5,
          Tags: { team: 'legacy' },
          ...handMade,
        }),
      );
    }
  });

  it('refuses a deploy onto untagged jobs with one error naming them, and writes nothing', async () => {
    const since = await control.lastSeq();
    const run = await deploy(repo);
    expect(run.code).not.toBe(0);
    const annotations = run.errors.filter((e) => e.startsWith('::error title='));
    expect(annotations, run.errors.join('\n')).toHaveLength(1);
    expect(annotations[0]).toContain(`Glue job ${namePrefix}load`);
    expect(annotations[0]).toContain(`Glue job ${namePrefix}merge`);
    expect(annotations[0]).toContain('adopt-existing: true');
    expect((await control.requests({ since, tag })).filter((r) => r.mutating)).toEqual([]);
    expect((await job('load')).Command!.ScriptLocation).toBe('s3://legacy/load.py');
  });

  it('plans the adoption: what changes and what is kept', async () => {
    const run = await deploy(repo, { mode: 'plan' });
    expect(run.code, run.stdout).toBe(0);
    const row = run.outputs.plan!.split('\n').find((l) => l.includes(`${namePrefix}load`))!;
    expect(row).toMatch(/\| adopt \|/);
    expect(row).toContain('Command');
    expect(row).toContain('GlueVersion');
    expect(row).toMatch(/kept: .*Connections/);
    expect(row).toContain('SecurityConfiguration');
  });

  it('adopts with adopt-existing: tags written in the same deploy, undeclared fields intact', async () => {
    const run = await deploy(repo, { 'adopt-existing': 'true' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const name of ['load', 'merge']) {
      const j = await job(name);
      expect(j).toMatchObject({ ...handMade, GlueVersion: '5.0', NumberOfWorkers: 2 });
      expect(j.Command!.ScriptLocation).toBe(`s3://${bucket}/prod/src_code/${name}.py`);
      // An argument set by hand is kept; the declared ones are there.
      expect(j.DefaultArguments!['--legacy-flag']).toBe('on');
      expect(j.DefaultArguments!['--TempDir']).toBe(`s3://${bucket}/prod/temp_glue_assets/`);
      const arn = `arn:aws:glue:${EMULATOR_REGION}:${EMULATOR_ACCOUNT_ID}:job/${namePrefix}${name}`;
      const tags = (await glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags!;
      expect(tags).toMatchObject({
        team: 'legacy',
        'glue-pipeline-deploy:pipeline': `${namePrefix}estate`,
        'glue-pipeline-deploy:location': `s3://${bucket}/prod/`,
      });
    }
  });

  it('keeps them through later deploys, which change nothing and write nothing', async () => {
    for (let i = 0; i < 2; i++) {
      const since = await control.lastSeq();
      const run = await deploy(freshCopy(repo));
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs).toMatchObject({ changes: '0', uploaded: '0' });
      expect((await control.requests({ since, tag })).filter((r) => r.mutating)).toEqual([]);
    }
    // An edit of a declared field updates it and still keeps the rest.
    const copy = freshCopy(repo);
    writeFileSync(
      join(copy, 'glue-jobs/pipeline.yml'),
      MANIFEST.replace('--LOG_LEVEL: INFO', '--LOG_LEVEL: DEBUG'),
    );
    const run = await deploy(copy);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const load = await job('load');
    expect(load.DefaultArguments!['--LOG_LEVEL']).toBe('DEBUG');
    expect(load).toMatchObject(handMade);
    expect(load.DefaultArguments!['--legacy-flag']).toBe('on');
  });

  it("refuses another pipeline's jobs even with adopt-existing", async () => {
    // Same job names (same name-prefix), another location: the jobs are tagged as the first one's.
    const since = await control.lastSeq();
    const other = await runAction({
      cwd: repo,
      inputs: emulatorInputs(bucket, {
        prefix: 'other',
        'name-prefix': namePrefix,
        'adopt-existing': 'true',
      }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
    expect(other.code).not.toBe(0);
    const annotations = other.errors.filter((e) => e.startsWith('::error title='));
    expect(annotations, other.errors.join('\n')).toHaveLength(1);
    expect(annotations[0]).toContain(
      `Glue job ${namePrefix}load (owned by pipeline ${namePrefix}estate at s3://${bucket}/prod/)`,
    );
    expect((await control.requests({ since, tag })).filter((r) => r.mutating)).toEqual([]);
    expect((await job('load')).Command!.ScriptLocation).toBe(`s3://${bucket}/prod/src_code/load.py`);
  });

  it("plans another pipeline's jobs as refuse without role-arn: the account comes from STS", async () => {
    const since = await control.lastSeq();
    const run = await runAction({
      cwd: repo,
      inputs: emulatorInputs(bucket, {
        mode: 'plan',
        prefix: 'other',
        'name-prefix': namePrefix,
        'role-arn': '',
        'state-machine-role-arn': '',
      }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const row = run.outputs.plan!.split('\n').find((l) => l.includes(`${namePrefix}load`))!;
    expect(row).toMatch(/\| refuse \|/);
    expect(run.stdout).toContain(`Glue job ${namePrefix}load (owned by pipeline ${namePrefix}estate`);
    const calls = await control.requests({ since, tag });
    expect(calls.map((r) => `${r.service}:${r.operation}`)).toContain('sts:GetCallerIdentity');
    expect(calls.filter((r) => r.mutating)).toEqual([]);
  });
});

// The state machine follows the same rule: one made by plain SDK calls with the pipeline's name is
// refused until adopt-existing, then tagged in the adopting deploy; another pipeline's never.
describe('adopt-existing for the state machine (dist/index.js against the emulator)', () => {
  const tag = `adopt-sm-${uniqueSuffix()}`;
  const bucket = freshBucketName('adopt-sm');
  const namePrefix = `s${uniqueSuffix()}-`;
  const s3 = new S3Client(clientConfig());
  const sfn = new SFNClient(clientConfig());
  const control = emulatorControl();
  const manifest = (name: string) => `name: ${name}\njobs:\n  load: {}\n`;
  const repoFor = (name: string) =>
    writeRepo({ 'glue-jobs/pipeline.yml': manifest(name), 'glue-jobs/load.py': 'print("load")\n' });
  const deploy = (cwd: string, extra: Record<string, string> = {}) =>
    runAction({
      cwd,
      inputs: emulatorInputs(bucket, { prefix: 'prod', 'name-prefix': namePrefix, ...extra }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
  const handMadeDefinition = JSON.stringify({
    StartAt: 'Wait',
    States: { Wait: { Type: 'Wait', Seconds: 1, End: true } },
  });
  const makeStateMachine = async (name: string, tags: Record<string, string>) =>
    (
      await sfn.send(
        new CreateStateMachineCommand({
          name,
          definition: handMadeDefinition,
          roleArn: STATES_ROLE,
          tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        }),
      )
    ).stateMachineArn!;
  const tagsOf = async (arn: string) =>
    Object.fromEntries(
      ((await sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags ?? []).map((t) => [
        t.key!,
        t.value!,
      ]),
    );
  const mutations = async (since: number) =>
    (await control.requests({ since, tag })).filter((r) => r.mutating);

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('refuses an untagged state machine with the target name before any write, then adopts it', async () => {
    const repo = repoFor('flow');
    const arn = await makeStateMachine(`${namePrefix}flow`, { team: 'legacy' });

    let since = await control.lastSeq();
    const refused = await deploy(repo);
    expect(refused.code).not.toBe(0);
    const errors = refused.errors.filter((e) => e.startsWith('::error title='));
    expect(errors, refused.errors.join('\n')).toHaveLength(1);
    expect(errors[0]).toContain(`state machine ${namePrefix}flow`);
    expect(errors[0]).toContain('adopt-existing: true');
    expect(await mutations(since)).toEqual([]);

    since = await control.lastSeq();
    const adopted = await deploy(freshCopy(repo), { 'adopt-existing': 'true' });
    expect(adopted.code, adopted.stdout + adopted.stderr).toBe(0);
    expect(adopted.outputs['state-machine-arn']).toBe(arn);
    // Tagged in the adopting deploy itself, the hand-made tag kept, the definition replaced.
    expect(await tagsOf(arn)).toEqual({
      team: 'legacy',
      'glue-pipeline-deploy:pipeline': `${namePrefix}flow`,
      'glue-pipeline-deploy:location': `s3://${bucket}/prod/`,
    });
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described.definition).toContain(`${namePrefix}load`);
    expect((await mutations(since)).map((r) => r.operation)).toEqual(
      expect.arrayContaining(['UpdateStateMachine', 'TagResource']),
    );

    // Ours now: the next deploy, without adopt-existing, changes and writes nothing.
    since = await control.lastSeq();
    const again = await deploy(freshCopy(repo));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs).toMatchObject({ changes: '0', uploaded: '0' });
    expect(await mutations(since)).toEqual([]);
  });

  it("refuses another pipeline's state machine even with adopt-existing", async () => {
    const repo = repoFor('shared');
    const arn = await makeStateMachine(`${namePrefix}shared`, {
      'glue-pipeline-deploy:pipeline': `${namePrefix}shared`,
      'glue-pipeline-deploy:location': `s3://${bucket}/elsewhere/`,
    });
    const since = await control.lastSeq();
    const run = await deploy(repo, { 'adopt-existing': 'true' });
    expect(run.code).not.toBe(0);
    const errors = run.errors.filter((e) => e.startsWith('::error title='));
    expect(errors, run.errors.join('\n')).toHaveLength(1);
    expect(errors[0]).toContain(
      `state machine ${namePrefix}shared (owned by pipeline ${namePrefix}shared at s3://${bucket}/elsewhere/)`,
    );
    expect(await mutations(since)).toEqual([]);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described.definition).toBe(handMadeDefinition);
  });
});
