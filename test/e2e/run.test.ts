// Start and follow runs with the built action against the emulator: a SUCCEEDED execution, a failing
// job reported with its error and log lines, a timeout, a smoke run-job, and cancellation.
import { GetJobRunsCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, emulatorControl, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';
import { FIXTURE_JOBS, writeFixture } from '../helpers/fixture.js';
import { emulatorInputs, runAction } from '../helpers/run-action.js';

describe('run and wait (dist/index.js against the emulator)', () => {
  const bucket = freshBucketName('run');
  const control = emulatorControl();
  const sfn = new SFNClient(clientConfig());
  const glue = new GlueClient(clientConfig());
  let repo: string;

  beforeAll(async () => {
    await new S3Client(clientConfig()).send(new CreateBucketCommand({ Bucket: bucket }));
    repo = writeFixture();
  });

  const run = (
    namePrefix: string,
    extra: Record<string, string>,
    onStdout?: (out: string, pid: number) => void,
  ) =>
    runAction({
      cwd: repo,
      inputs: emulatorInputs(bucket, {
        prefix: namePrefix,
        'name-prefix': namePrefix,
        ...extra,
      }),
      onStdout,
    });

  it('starts the execution and reports SUCCEEDED with every job', async () => {
    const p = `ok${uniqueSuffix()}-`;
    const r = await run(p, { 'start-execution': 'true', 'execution-input': '{"date": "2024-01-01"}' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('SUCCEEDED');
    const arn = r.outputs['execution-arn']!;
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.input!)).toEqual({ date: '2024-01-01' });
    for (const job of Object.keys(FIXTURE_JOBS)) {
      expect(r.stdout).toContain(`▶ ${job} started`);
      expect(r.stdout).toMatch(new RegExp(`✔ ${job} SUCCEEDED`));
    }
    expect(r.summary).toMatch(/Execution: SUCCEEDED/);
    expect(r.summary).toMatch(/\| publish \| SUCCEEDED \|/);
    expect(r.outputs['console-url']).toContain('/states/home');
  });

  it('a failing job fails the step with its name, error message and log lines', async () => {
    const p = `fail${uniqueSuffix()}-`;
    await control.setJobBehaviour({
      jobName: `${p}join_ab`,
      state: 'FAILED',
      errorMessage: 'AnalysisException: Table or view not found: compras.fornecedores',
      logLines: { error: ['ERROR line one', 'Traceback: boom at join_ab.py:12'], output: ['reading stage'] },
    });
    const r = await run(p, { 'start-execution': 'true' });
    expect(r.code).toBe(1);
    expect(r.outputs.status).toBe('FAILED');
    const annotation = r.errors.find((e) => e.includes(`Glue job ${p}join_ab failed`));
    expect(annotation, r.stdout).toBeDefined();
    expect(annotation).toContain('Table or view not found');
    expect(annotation).toContain('Traceback: boom at join_ab.py:12');
    expect(annotation).toContain('gluestudio');
    expect(r.stdout).toMatch(/✖ join_ab FAILED/);
    expect(r.summary).toMatch(/Execution: FAILED/);
    expect(r.summary).toContain('Last 2 line(s) of `/aws-glue/jobs/error`');
    expect(r.summary).toMatch(/\| report \| not started \|/);
  });

  it('gives up waiting at wait-timeout-minutes with TIMED_OUT and says what still runs', async () => {
    const p = `slow${uniqueSuffix()}-`;
    await control.setJobBehaviour({ jobName: `${p}extract_a`, durationSeconds: 30 });
    const r = await run(p, { 'start-execution': 'true', 'wait-timeout-minutes': '0.05' });
    expect(r.code).toBe(1);
    expect(r.outputs.status).toBe('TIMED_OUT');
    expect(r.stdout).toMatch(/gave up waiting.*running: .*extract_a/);
  });

  it('runs one job directly for a smoke check', async () => {
    const p = `smoke${uniqueSuffix()}-`;
    const r = await run(p, { 'run-job': 'stage_a', 'run-job-arguments': '{"--SAMPLE": "true"}' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ status: 'SUCCEEDED', 'job-run-state': 'SUCCEEDED' });
    const runs = await glue.send(new GetJobRunsCommand({ JobName: `${p}stage_a` }));
    expect(runs.JobRuns).toHaveLength(1);
    expect(runs.JobRuns![0]!.Id).toBe(r.outputs['job-run-id']);
    expect(runs.JobRuns![0]!.Arguments?.['--SAMPLE']).toBe('true');
  });

  it('a failing smoke run reports the job error', async () => {
    const p = `smokefail${uniqueSuffix()}-`;
    await control.setJobBehaviour({
      jobName: `${p}stage_a`,
      state: 'FAILED',
      errorMessage: 'ValueError: bad CNPJ',
    });
    const r = await run(p, { 'run-job': 'stage_a' });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ status: 'FAILED', 'job-run-state': 'FAILED' });
    expect(r.errors.join('\n')).toContain('ValueError: bad CNPJ');
  });

  it('cancellation (SIGTERM) stops the execution it started', async () => {
    const p = `cancel${uniqueSuffix()}-`;
    await control.setJobBehaviour({ jobName: `${p}extract_a`, durationSeconds: 60 });
    let signalled = false;
    const r = await run(p, { 'start-execution': 'true' }, (stdout, pid) => {
      // Cancel like the runner does, once the execution is running.
      if (!signalled && stdout.includes('▶ extract_a started')) {
        signalled = true;
        process.kill(pid, 'SIGTERM');
      }
    });
    expect(signalled).toBe(true);
    expect(r.outputs.status).toBe('ABORTED');
    expect(r.code).toBe(1);
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: r.outputs['execution-arn']! }));
    expect(d.status).toBe('ABORTED');
  });
});
