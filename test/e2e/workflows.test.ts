// The three workflows' action steps, with their own `with:` inputs, run in order against the emulator
// on the repository's real example pipeline: push deploy (main environment), PR plan, PR preview
// deploy + smoke job, PR teardown. Nothing of the preview remains; the main environment is untouched.
import { GetJobCommand, GlueClient, ListJobsCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clientConfig,
  EMULATOR_ACCOUNT_ID,
  emulatorEndpoint,
  freshBucketName,
  uniqueSuffix,
} from '../helpers/emulator.js';
import { REPO_ROOT, runAction } from '../helpers/run-action.js';
import { actionStepInputs } from '../helpers/workflow.js';

describe('push deploy, PR plan, PR preview + smoke, PR teardown', () => {
  const bucket = freshBucketName('workflows');
  const s3 = new S3Client(clientConfig());
  const glue = new GlueClient(clientConfig());
  const sfn = new SFNClient(clientConfig());
  const id = uniqueSuffix();
  const pr = 4000 + Number.parseInt(id.slice(0, 4), 16);
  const mainNamePrefix = `dev${id}-`;
  const vars = {
    PIPELINE_BUCKET: bucket,
    PIPELINE_PREFIX: `dev${id}/`,
    PIPELINE_NAME_PREFIX: mainNamePrefix,
    PLAN_PREFIX: `dev${id}/`,
    PLAN_NAME_PREFIX: mainNamePrefix,
    GLUE_JOB_ROLE_ARN: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/glue-job`,
    STATE_MACHINE_ROLE_ARN: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/glue-sfn`,
  };
  const github = { repository: 'acme/compras', event: { pull_request: { number: pr } } };
  const step = (file: string, stepId: string) =>
    runAction({
      cwd: REPO_ROOT,
      inputs: {
        ...actionStepInputs(file, stepId, { vars, github, inputs: {} }),
        'endpoint-url': emulatorEndpoint(),
      },
    });
  const keys = async (prefix: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
      (o) => `${o.Key} ${o.ETag}`,
    );
  const jobs = async (prefix: string) =>
    ((await glue.send(new ListJobsCommand({ MaxResults: 1000 }))).JobNames ?? []).filter((n) =>
      n.startsWith(prefix),
    );
  const machines = async (prefix: string) =>
    ((await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? [])
      .map((s) => s.name!)
      .filter((n) => n.startsWith(prefix));
  const snapshotMain = async () => ({
    objects: await keys(vars.PIPELINE_PREFIX),
    machines: await machines(mainNamePrefix),
    jobs: await Promise.all(
      (await jobs(mainNamePrefix)).map(async (n) => (await glue.send(new GetJobCommand({ JobName: n }))).Job),
    ),
  });

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('runs the whole sequence', async () => {
    const main = await step('deploy.yml', 'deploy');
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs.status).toBe('DEPLOYED');
    const before = await snapshotMain();
    expect(before.jobs).toHaveLength(9);
    expect(before.machines).toEqual([`${mainNamePrefix}compras`]);

    const plan = await step('pr.yml', 'plan');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.outputs).toMatchObject({ status: 'PLANNED', 'has-changes': 'false', changes: '0' });

    const preview = await step('pr.yml', 'preview');
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    expect(preview.outputs).toMatchObject({ status: 'SUCCEEDED', 'job-run-state': 'SUCCEEDED' });
    expect(await jobs(`pr${pr}-`)).toHaveLength(9);
    expect((await keys(`previews/pr-${pr}/`)).length).toBeGreaterThan(10);

    const teardown = await step('pr.yml', 'destroy');
    expect(teardown.code, teardown.stdout + teardown.stderr).toBe(0);
    expect(teardown.outputs.status).toBe('DESTROYED');

    expect(await jobs(`pr${pr}-`)).toEqual([]);
    expect(await machines(`pr${pr}-`)).toEqual([]);
    expect(await keys(`previews/pr-${pr}/`)).toEqual([]);
    expect(await snapshotMain()).toEqual(before);
  });
});
