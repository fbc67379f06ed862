// Networks fail: a write may be applied even when its response is lost, and then retried. Each write
// the action makes is faulted "after" (moto applies it, the client sees HTTP 500 and retries) or
// throttled; the deploy still converges to exactly the declared state, one execution and one job run.
import { GetJobCommand, GetJobRunsCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, emulatorControl, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';
import { FIXTURE_JOBS, freshCopy, writeFixture } from '../helpers/fixture.js';
import { emulatorInputs, runAction } from '../helpers/run-action.js';

describe('every write is harmless to repeat (faults injected at the emulator)', () => {
  const bucket = freshBucketName('faults');
  const control = emulatorControl();
  const glue = new GlueClient(clientConfig());
  const sfn = new SFNClient(clientConfig());
  let repo: string;
  const marker = `f${uniqueSuffix()}`;

  beforeAll(async () => {
    await new S3Client(clientConfig()).send(new CreateBucketCommand({ Bucket: bucket }));
    repo = writeFixture();
  });
  afterEach(async () => {
    await control.clearFaults({ match: marker });
    await control.clearFaults({ match: bucket });
  });

  const action = (namePrefix: string, extra: Record<string, string> = {}, cwd = repo) =>
    runAction({
      cwd,
      inputs: emulatorInputs(bucket, {
        prefix: namePrefix,
        'name-prefix': namePrefix,
        ...extra,
      }),
    });

  it('lost responses of creates, uploads, tags and the execution start converge to one of each', async () => {
    const p = `${marker}a-`;
    for (const operation of ['glue:CreateJob', 'states:CreateStateMachine', 'states:StartExecution']) {
      await control.injectFault({ operation, when: 'after', times: 1, match: p });
    }
    await control.injectFault({
      operation: 's3:PutObject',
      when: 'after',
      times: 2,
      match: `${bucket}/${p}`,
    });
    await control.injectFault({ operation: 'glue:BatchGetJobs', kind: 'throttle', times: 2, match: p });
    const r = await action(p, { 'start-execution': 'true' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('SUCCEEDED');
    // A fault is removed once it has fired `times` times: none left means every one fired in full.
    const unfired = (await control.faults()).filter((f) => f.match?.includes(p));
    expect(unfired, JSON.stringify(unfired)).toEqual([]);

    for (const job of Object.keys(FIXTURE_JOBS)) {
      const { Job } = await glue.send(new GetJobCommand({ JobName: p + job }));
      expect(Job?.Command?.ScriptLocation).toBe(`s3://${bucket}/${p}/src_code/${job}.py`);
    }
    const executions = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: r.outputs['state-machine-arn']!,
      }),
    );
    expect(executions.executions).toHaveLength(1);
    // And the next deploy finds nothing to do.
    const again = await action(p, {}, freshCopy(repo));
    expect(again.outputs).toMatchObject({ changes: '0', uploaded: '0' });
  });

  it('lost responses of updates converge', async () => {
    const p = `${marker}b-`;
    expect((await action(p)).code).toBe(0);
    for (const operation of ['glue:UpdateJob', 'states:UpdateStateMachine']) {
      await control.injectFault({ operation, when: 'after', times: 1, match: p });
    }
    const r = await action(p, { 'number-of-workers': '2', 'default-arguments': '{"--NEW": "1"}' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(Number(r.outputs.changes)).toBe(9);
    const { Job } = await glue.send(new GetJobCommand({ JobName: `${p}stage_a` }));
    expect(Job?.DefaultArguments?.['--NEW']).toBe('1');
    const again = await action(p, { 'default-arguments': '{"--NEW": "1"}' }, freshCopy(repo));
    expect(again.outputs).toMatchObject({ changes: '0', uploaded: '0' });
  });

  it('a StartJobRun whose response is lost starts exactly one run', async () => {
    const p = `${marker}c-`;
    expect((await action(p)).code).toBe(0);
    await control.injectFault({ operation: 'glue:StartJobRun', when: 'after', times: 1, match: p });
    const r = await action(p, { 'run-job': 'stage_a' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs['job-run-state']).toBe('SUCCEEDED');
    const runs = await glue.send(new GetJobRunsCommand({ JobName: `${p}stage_a` }));
    expect(runs.JobRuns).toHaveLength(1);
    expect(runs.JobRuns![0]!.Id).toBe(r.outputs['job-run-id']);
  });
});
