// The three workflows' action steps, with their own `with:` inputs, run in order against the emulator
// on the repository's real example pipeline: push deploy (dev environment), PR plan of the preview,
// PR preview deploy + smoke job, PR teardown. The plan writes nothing, nothing of the preview
// remains, and the dev environment is untouched. The PR steps get only the preview variables: they
// must not depend on any environment's.
import { GetJobCommand, GlueClient, ListJobsCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
  // Repository variables, and those of the dev environment (which only deploy.yml's job sees).
  const repositoryVars = {
    PIPELINE_BUCKET: bucket,
    PREVIEW_GLUE_JOB_ROLE_ARN: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/preview-glue-job`,
    PREVIEW_STATE_MACHINE_ROLE_ARN: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/preview-state-machine`,
  };
  const devVars = {
    ...repositoryVars,
    PIPELINE_PREFIX: `dev${id}/`,
    PIPELINE_NAME_PREFIX: mainNamePrefix,
    GLUE_JOB_ROLE_ARN: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/dev-glue-job`,
    STATE_MACHINE_ROLE_ARN: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/dev-state-machine`,
  };
  const github = { repository: 'acme/compras', event: { pull_request: { number: pr } } };
  const stepInputs = (file: string, stepId: string) =>
    actionStepInputs(file, stepId, {
      vars: file === 'deploy.yml' ? devVars : repositoryVars,
      github,
      inputs: {},
    });
  const step = (file: string, stepId: string) =>
    runAction({
      cwd: REPO_ROOT,
      inputs: { ...stepInputs(file, stepId), 'endpoint-url': emulatorEndpoint() },
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
    objects: await keys(devVars.PIPELINE_PREFIX),
    machines: await machines(mainNamePrefix),
    jobs: await Promise.all(
      (await jobs(mainNamePrefix)).map(async (n) => (await glue.send(new GetJobCommand({ JobName: n }))).Job),
    ),
  });

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it("passes each environment's database to the jobs", () => {
    const database = (file: string, stepId: string, vars: Record<string, string>, inputs = {}) =>
      parse(actionStepInputs(file, stepId, { vars, github, inputs })['default-arguments']!);
    expect(database('deploy.yml', 'deploy', devVars)).toEqual({ '--DATABASE': 'compras_dev' });
    expect(database('deploy.yml', 'deploy', devVars, { environment: 'prod' })).toEqual({
      '--DATABASE': 'compras_prod',
    });
    // A stack deployed with other DevDatabaseName/ProdDatabaseName: the environment's variable.
    const renamed = { ...devVars, GLUE_DATABASE: 'sales_prod' };
    expect(database('deploy.yml', 'deploy', renamed, { environment: 'prod' })).toEqual({
      '--DATABASE': 'sales_prod',
    });
    for (const stepId of ['plan', 'preview']) {
      expect(database('pr.yml', stepId, repositoryVars)).toEqual({ '--DATABASE': 'compras_preview' });
      expect(database('pr.yml', stepId, { ...repositoryVars, PREVIEW_GLUE_DATABASE: 'sales_pr' })).toEqual({
        '--DATABASE': 'sales_pr',
      });
    }
  });

  it('runs the whole sequence', async () => {
    expect(stepInputs('deploy.yml', 'deploy')).toMatchObject({
      prefix: devVars.PIPELINE_PREFIX,
      'role-arn': devVars.GLUE_JOB_ROLE_ARN,
      'state-machine-role-arn': devVars.STATE_MACHINE_ROLE_ARN,
    });
    const main = await step('deploy.yml', 'deploy');
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs.status).toBe('DEPLOYED');
    const before = await snapshotMain();
    expect(before.jobs).toHaveLength(9);
    // Every job writes the environment's database (no GLUE_DATABASE variable: compras_<environment>).
    for (const job of before.jobs)
      expect(job?.DefaultArguments?.['--DATABASE'], job?.Name).toBe('compras_dev');
    expect(before.machines).toEqual([`${mainNamePrefix}compras`]);

    // Every PR step runs as the preview, with the preview's roles.
    for (const stepId of ['plan', 'preview', 'destroy']) {
      expect(stepInputs('pr.yml', stepId), stepId).toMatchObject({
        prefix: `previews/pr-${pr}/`,
        'name-prefix': `pr${pr}-`,
        'role-arn': repositoryVars.PREVIEW_GLUE_JOB_ROLE_ARN,
        'state-machine-role-arn': repositoryVars.PREVIEW_STATE_MACHINE_ROLE_ARN,
      });
    }

    // The first push's plan: the whole preview is new, and planning it writes nothing.
    const plan = await step('pr.yml', 'plan');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.outputs).toMatchObject({ status: 'PLANNED', 'has-changes': 'true' });
    expect(Number(plan.outputs.changes)).toBeGreaterThan(9);
    expect(await keys(`previews/pr-${pr}/`)).toEqual([]);
    expect(await jobs(`pr${pr}-`)).toEqual([]);

    const preview = await step('pr.yml', 'preview');
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    expect(preview.outputs).toMatchObject({ status: 'SUCCEEDED', 'job-run-state': 'SUCCEEDED' });
    expect(await jobs(`pr${pr}-`)).toHaveLength(9);
    for (const name of await jobs(`pr${pr}-`)) {
      const job = (await glue.send(new GetJobCommand({ JobName: name }))).Job;
      expect(job?.DefaultArguments?.['--DATABASE'], name).toBe('compras_preview');
    }
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
