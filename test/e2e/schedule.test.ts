// The manifest's `schedule` through the built action, on the emulator: the EventBridge Scheduler
// schedule is created (its own tagged group, targeting the state machine), left alone by a no-op
// redeploy, updated when it changes, pruned when the manifest drops it, deleted by destroy, and
// not created for a preview unless asked. Bad `schedule`/`notify` input: an annotation at
// file:line and no write.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListTagsForResourceCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clientConfig,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  emulatorControl,
  freshBucketName,
  uniqueSuffix,
} from '../helpers/emulator.js';
import { freshCopy, writeFixture } from '../helpers/fixture.js';
import { emulatorInputs, runAction } from '../helpers/run-action.js';

const MANIFEST = 'glue-jobs/pipeline.yml';
const SCHEDULER_ROLE = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/scheduler-role`;
const scheduler = new SchedulerClient(clientConfig());
const control = emulatorControl();

/** The fixture's manifest with top-level lines added after `name:` (line 1). */
function withTopLevel(repo: string, lines: string[]): string {
  const copy = freshCopy(repo);
  const text = readFileSync(join(copy, MANIFEST), 'utf8').replace(
    'name: fixture\n',
    `name: fixture\n${lines.map((l) => `${l}\n`).join('')}`,
  );
  writeFileSync(join(copy, MANIFEST), text);
  return copy;
}

async function scheduleOf(group: string) {
  try {
    await scheduler.send(new GetScheduleGroupCommand({ Name: group }));
  } catch (e) {
    if ((e as Error).name === 'ResourceNotFoundException') return undefined;
    throw e;
  }
  return scheduler.send(new GetScheduleCommand({ GroupName: group, Name: 'run' }));
}

describe('schedule (the built action on the emulator)', () => {
  const bucket = freshBucketName('schedule');
  const id = uniqueSuffix();
  const namePrefix = `sch${id}-`;
  const group = `${namePrefix}fixture`;
  const stateMachineArn = `arn:aws:states:${EMULATOR_REGION}:${EMULATOR_ACCOUNT_ID}:stateMachine:${group}`;
  let repo: string;
  const tag = `sched-${id}`;

  const deploy = (cwd: string, extra: Record<string, string> = {}) =>
    runAction({
      cwd,
      inputs: emulatorInputs(bucket, {
        prefix: `envs/${id}/`,
        'name-prefix': namePrefix,
        'scheduler-role-arn': SCHEDULER_ROLE,
        tags: '{"team": "data"}',
        ...extra,
      }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });

  beforeAll(async () => {
    await new S3Client(clientConfig()).send(new CreateBucketCommand({ Bucket: bucket }));
    repo = writeFixture();
  });

  it('creates the schedule in its own group, tagged, targeting the state machine with the input', async () => {
    const copy = withTopLevel(repo, [
      'schedule: "cron(0 3 * * ? *)"',
      'schedule-input:',
      '  arguments: {"--MODE": "daily"}',
    ]);
    const r = await deploy(copy);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = await scheduleOf(group);
    expect(s).toMatchObject({
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      Target: {
        Arn: stateMachineArn,
        RoleArn: SCHEDULER_ROLE,
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 5 },
      },
    });
    expect(JSON.parse(s!.Target!.Input!)).toEqual({ arguments: { '--MODE': 'daily' } });
    const groupArn = (await scheduler.send(new GetScheduleGroupCommand({ Name: group }))).Arn!;
    const tags = (await scheduler.send(new ListTagsForResourceCommand({ ResourceArn: groupArn }))).Tags ?? [];
    expect(Object.fromEntries(tags.map((t) => [t.Key, t.Value]))).toEqual({
      team: 'data',
      'glue-pipeline-deploy:pipeline': group,
      'glue-pipeline-deploy:location': `s3://${bucket}/envs/${id}/`,
    });

    // The same manifest again: nothing written (the schedule is read, not rewritten).
    const since = await control.lastSeq();
    const again = await deploy(freshCopy(copy));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs.changes).toBe('0');
    const requests = await control.requests({ since, tag });
    expect(requests.some((q) => q.service === 'scheduler')).toBe(true);
    expect(requests.filter((q) => q.mutating)).toEqual([]);
  });

  it('updates the schedule when the expression changes, and plan mode shows it first', async () => {
    const copy = withTopLevel(repo, ['schedule: rate(1 day)']);
    const plan = await deploy(copy, { mode: 'plan' });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.outputs.changes).toBe('1');
    expect(plan.stdout).toMatch(/schedule.*update/);
    expect((await scheduleOf(group))?.ScheduleExpression).toBe('cron(0 3 * * ? *)');

    const since = await control.lastSeq();
    const r = await deploy(copy);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = await scheduleOf(group);
    expect(s?.ScheduleExpression).toBe('rate(1 day)');
    expect(JSON.parse(s!.Target!.Input!)).toEqual({});
    // One write to the schedule, between taking and releasing the deploy lock (a plan with changes).
    const writes = (await control.requests({ since, tag })).filter((q) => q.mutating);
    expect(writes.map((q) => `${q.service}:${q.operation}`)).toEqual([
      's3:PutObject',
      'scheduler:PUT',
      's3:DeleteObject',
    ]);
    expect(writes.filter((q) => q.service === 's3').every((q) => q.path.endsWith('/deploy.lock'))).toBe(true);
  });

  it('keeps a schedule the manifest drops without prune, deletes it with prune', async () => {
    const kept = await deploy(freshCopy(repo));
    expect(kept.code, kept.stdout + kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/::warning::schedule .* is no longer declared and is kept/);
    expect(await scheduleOf(group)).toBeDefined();
    const pruned = await deploy(freshCopy(repo), { prune: 'true' });
    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    expect(await scheduleOf(group)).toBeUndefined();
  });

  // The state object records whether a deploy left a schedule group: a pipeline without `schedule:`
  // then makes no Scheduler request. A state written before that record reads Scheduler as before.
  it('reads Scheduler for a schedule the state does not record, and not once the state says none', async () => {
    const s3 = new S3Client(clientConfig());
    const Key = `envs/${id}/.glue-pipeline-deploy/${group}/state.json`;
    const stateOf = async () =>
      JSON.parse(
        await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToString(),
      );
    const scheduled = withTopLevel(repo, ['schedule: rate(2 hours)']);
    expect((await deploy(scheduled)).code).toBe(0);
    expect((await stateOf()).scheduleGroup).toBe(group);
    // An older state: no record at all.
    const { scheduleGroup: _, ...older } = await stateOf();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: JSON.stringify(older) }));
    const pruned = await deploy(freshCopy(repo), { prune: 'true' });
    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    expect(await scheduleOf(group)).toBeUndefined();
    expect((await stateOf()).scheduleGroup).toBeNull();

    const since = await control.lastSeq();
    const again = await deploy(freshCopy(repo), { prune: 'true' });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs.changes).toBe('0');
    const requests = await control.requests({ since, tag });
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((q) => q.service === 'scheduler')).toEqual([]);
  });

  it('destroy deletes the schedule with the pipeline', async () => {
    const copy = withTopLevel(repo, ['schedule: rate(6 hours)']);
    expect((await deploy(copy)).code).toBe(0);
    expect((await scheduleOf(group))?.ScheduleExpression).toBe('rate(6 hours)');
    const r = await deploy(copy, { mode: 'destroy' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await scheduleOf(group)).toBeUndefined();
  });

  it('creates no schedule for a preview unless schedule-previews is set', async () => {
    const pr = `pr7${id}-`;
    const copy = withTopLevel(repo, ['schedule: rate(1 day)']);
    const inputs = { prefix: `previews/pr-7${id}/`, 'name-prefix': pr, 'scheduler-role-arn': '' };
    const skipped = await deploy(copy, inputs);
    expect(skipped.code, skipped.stdout + skipped.stderr).toBe(0);
    expect(skipped.stdout).toMatch(/schedule.*skip/);
    expect(await scheduleOf(`${pr}fixture`)).toBeUndefined();
    const asked = await deploy(copy, {
      ...inputs,
      'scheduler-role-arn': SCHEDULER_ROLE,
      'schedule-previews': 'true',
    });
    expect(asked.code, asked.stdout + asked.stderr).toBe(0);
    expect((await scheduleOf(`${pr}fixture`))?.ScheduleExpression).toBe('rate(1 day)');
    expect((await deploy(copy, { ...inputs, mode: 'destroy' })).code).toBe(0);
    expect(await scheduleOf(`${pr}fixture`)).toBeUndefined();
  });
});

describe('bad schedule and notify input: an annotation at file:line, no write', () => {
  const bucket = freshBucketName('sched-bad');
  beforeAll(async () => {
    await new S3Client(clientConfig()).send(new CreateBucketCommand({ Bucket: bucket }));
  });

  const cases: {
    name: string;
    lines: string[];
    inputs?: Record<string, string>;
    line: number;
    message: RegExp;
  }[] = [
    {
      name: 'an invalid cron expression',
      lines: ['schedule: "cron(0 3 * * *)"'],
      inputs: { 'scheduler-role-arn': SCHEDULER_ROLE },
      line: 2,
      message:
        /schedule: "cron\(0 3 \* \* \*\)" is not a schedule expression: a cron expression has 6 fields/,
    },
    {
      name: 'a schedule without scheduler-role-arn',
      lines: ['schedule: rate(1 day)'],
      line: 2,
      message: /input scheduler-role-arn is required: the manifest declares a schedule/,
    },
    {
      name: 'a topic in another partition',
      lines: ['notify:', `  on-failure: arn:aws-cn:sns:cn-north-1:${EMULATOR_ACCOUNT_ID}:alerts`],
      line: 3,
      message: /notify.on-failure: the topic is in partition aws-cn, this deploy is in aws/,
    },
    {
      name: 'a topic ARN that is not an SNS topic',
      lines: ['notify:', `  on-success: arn:aws:sqs:${EMULATOR_REGION}:${EMULATOR_ACCOUNT_ID}:q`],
      line: 3,
      message: /notify.on-success: ".*:q" is not the ARN of a standard SNS topic/,
    },
  ];

  it.each(cases)('$name', async (c) => {
    const repo = withTopLevel(writeFixture(), c.lines);
    const tag = `schbad-${uniqueSuffix()}`;
    const since = await control.lastSeq();
    const run = await runAction({
      cwd: repo,
      inputs: emulatorInputs(bucket, { 'name-prefix': 'bad-', ...c.inputs }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
    expect(run.code).toBe(1);
    const text = run.errors.map((e) => e.replace(/%0A/g, '\n').replace(/%25/g, '%'));
    const annotation = text.find((e) => c.message.test(e));
    expect(annotation, text.join('\n')).toBeDefined();
    expect(annotation).toContain(`file=${MANIFEST}`);
    expect(annotation).toContain(`line=${c.line}`);
    expect((await control.requests({ since, tag })).filter((q) => q.mutating)).toEqual([]);
  });
});
