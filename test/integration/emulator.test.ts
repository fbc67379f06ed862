// The local AWS emulator: one test per patch to moto 5.2.5 (emulator/patches.py), the request log
// and every fault mode. Files run concurrently against one server: every name is unique, faults
// are scoped with `match`, and the log is read with `since` + a client tag.
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchStopJobRunCommand,
  CreateJobCommand,
  GetJobCommand,
  GetJobRunCommand,
  GlueClient,
  type JobRun,
  StartJobRunCommand,
  UpdateJobCommand,
} from '@aws-sdk/client-glue';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import {
  clientConfig,
  EMULATOR_ACCOUNT_ID,
  emulatorControl,
  freshBucketName,
  freshName,
  uniqueSuffix,
} from '../helpers/emulator.js';

const control = emulatorControl();
const glue = new GlueClient(clientConfig());
const sfn = new SFNClient(clientConfig());
const logs = new CloudWatchLogsClient(clientConfig());
const ROLE = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/test`;

async function createJob(prefix: string): Promise<string> {
  const name = freshName(prefix);
  await glue.send(
    new CreateJobCommand({
      Name: name,
      Role: ROLE,
      Command: { Name: 'glueetl', ScriptLocation: 's3://b/a.py' },
    }),
  );
  return name;
}

function glueTask(jobName: string, extra: Record<string, unknown> = {}) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::glue:startJobRun.sync',
    Parameters: { JobName: jobName, Arguments: { '--run': 'test' } },
    End: true,
    ...extra,
  };
}

async function createStateMachine(definition: object): Promise<string> {
  const out = await sfn.send(
    new CreateStateMachineCommand({
      name: freshName('sm'),
      definition: JSON.stringify(definition),
      roleArn: ROLE,
    }),
  );
  return out.stateMachineArn!;
}

async function runToEnd(
  stateMachineArn: string,
  input: object = {},
): Promise<DescribeExecutionCommandOutput> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, name: freshName('ex'), input: JSON.stringify(input) }),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING' || Date.now() > deadline) return d;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function history(
  executionArn: string,
  maxResults: number,
): Promise<{ events: HistoryEvent[]; pages: number }> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
    pages++;
  } while (nextToken);
  return { events, pages };
}

describe('glue:UpdateJob (patched: missing in moto)', () => {
  it('replaces the whole definition, keeping tags and creation time', async () => {
    const name = freshName('upd');
    await glue.send(
      new CreateJobCommand({
        Name: name,
        Role: `${ROLE}-a`,
        Command: { Name: 'glueetl', ScriptLocation: 's3://b/a.py' },
        DefaultArguments: { '--x': '1' },
        Timeout: 10,
        Tags: { owner: 'me' },
      }),
    );
    const before = (await glue.send(new GetJobCommand({ JobName: name }))).Job!;
    const out = await glue.send(
      new UpdateJobCommand({
        JobName: name,
        JobUpdate: { Role: `${ROLE}-b`, Command: { Name: 'glueetl', ScriptLocation: 's3://b/b.py' } },
      }),
    );
    expect(out.JobName).toBe(name);
    const after = (await glue.send(new GetJobCommand({ JobName: name }))).Job!;
    expect(after.Role).toBe(`${ROLE}-b`);
    expect(after.Command?.ScriptLocation).toBe('s3://b/b.py');
    // Left out of JobUpdate, so reset (AWS semantics), not kept.
    expect(after.DefaultArguments ?? {}).toEqual({});
    expect(after.Timeout).toBeUndefined();
    expect(after.CreatedOn).toEqual(before.CreatedOn);
    expect(after.LastModifiedOn!.getTime()).toBeGreaterThanOrEqual(before.LastModifiedOn!.getTime());
  });

  it('answers EntityNotFoundException for an unknown job', async () => {
    await expect(
      glue.send(new UpdateJobCommand({ JobName: freshName('none'), JobUpdate: { Role: ROLE } })),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException' });
  });
});

describe('Step Functions running Glue jobs (patched)', () => {
  it('runs a Parallel of two .sync Glue tasks to SUCCEEDED, passing Arguments', async () => {
    const [a, b] = [await createJob('par-a'), await createJob('par-b')];
    const arn = await createStateMachine({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'A', States: { A: glueTask(a) } },
            { StartAt: 'B', States: { B: glueTask(b) } },
          ],
        },
      },
    });
    const d = await runToEnd(arn);
    expect(d.status).toBe('SUCCEEDED');
    // DescribeExecution with an output holding the JobRuns' datetimes (patched: HTTP 500 before).
    const runs = JSON.parse(d.output!) as Array<Record<string, unknown>>;
    expect(runs.map((r) => [r.JobName, r.JobRunState])).toEqual([
      [a, 'SUCCEEDED'],
      [b, 'SUCCEEDED'],
    ]);
    expect(runs[0]!.Arguments).toEqual({ '--run': 'test' });
    expect(typeof runs[0]!.StartedOn).toBe('string');
    expect(Number.isNaN(Date.parse(runs[0]!.StartedOn as string))).toBe(false);
  });

  it('starts a second execution of the same state machine (crashed in 5.2.1)', async () => {
    const arn = await createStateMachine({ StartAt: 'A', States: { A: glueTask(await createJob('twice')) } });
    const first = await runToEnd(arn);
    const second = await runToEnd(arn);
    expect([first.status, second.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(second.executionArn).not.toBe(first.executionArn);
  });

  it('fails the execution with States.TaskFailed and the run ErrorMessage in the cause', async () => {
    const job = await createJob('fails');
    await control.setJobBehaviour({
      jobName: job,
      state: 'FAILED',
      errorMessage: 'Py4JJavaError: disk full',
    });
    const d = await runToEnd(await createStateMachine({ StartAt: 'A', States: { A: glueTask(job) } }));
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('States.TaskFailed');
    const cause = JSON.parse(d.cause!) as JobRun;
    expect(cause.JobRunState).toBe('FAILED');
    expect(cause.ErrorMessage).toBe('Py4JJavaError: disk full');
  });

  it('keeps a States.* error raised inside Parallel and Map (was States.Runtime), and Catch sees it', async () => {
    const job = await createJob('branch-fail');
    await control.setJobBehaviour({ jobName: job, state: 'FAILED', errorMessage: 'boom' });
    const parallel = await runToEnd(
      await createStateMachine({
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            End: true,
            Branches: [
              { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'States.Timeout', Cause: 'late' } } },
            ],
          },
        },
      }),
    );
    expect([parallel.status, parallel.error, parallel.cause]).toEqual(['FAILED', 'States.Timeout', 'late']);

    const map = await runToEnd(
      await createStateMachine({
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemsPath: '$.items',
            End: true,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'A',
              States: { A: glueTask(job) },
            },
          },
        },
      }),
      { items: [1] },
    );
    expect([map.status, map.error]).toEqual(['FAILED', 'States.TaskFailed']);

    const caught = await runToEnd(
      await createStateMachine({
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Next: 'Done',
            Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
            Branches: [{ StartAt: 'A', States: { A: glueTask(job) } }],
          },
          Caught: { Type: 'Pass', Result: 'caught', End: true },
          Done: { Type: 'Pass', Result: { caught: false }, End: true },
        },
      }),
    );
    expect(caught.status).toBe('SUCCEEDED');
    // A string output is JSON text too (moto returned it unquoted).
    expect(caught.output).toBe('"caught"');
  });

  it('gives an execution history, page by page, with one line per job start and end', async () => {
    const job = await createJob('hist');
    const d = await runToEnd(await createStateMachine({ StartAt: 'A', States: { A: glueTask(job) } }));
    expect(d.status).toBe('SUCCEEDED');
    const { events, pages } = await history(d.executionArn!, 3);
    expect(pages).toBeGreaterThan(1);
    const types = events.map((e) => e.type);
    for (const t of [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskSubmitted',
      'TaskSucceeded',
    ]) {
      expect(types).toContain(t);
    }
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    const scheduled = events.find((e) => e.type === 'TaskScheduled')!;
    expect(JSON.parse(scheduled.taskScheduledEventDetails!.parameters!).JobName).toBe(job);
    const submitted = events.find((e) => e.type === 'TaskSubmitted')!;
    expect(JSON.parse(submitted.taskSubmittedEventDetails!.output!).JobRunId).toMatch(/^jr_/);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });

  it('runs the request-response glue:startJobRun (no .sync) and returns the run id', async () => {
    const job = await createJob('nosync');
    const d = await runToEnd(
      await createStateMachine({
        StartAt: 'A',
        States: { A: { ...glueTask(job), Resource: 'arn:aws:states:::glue:startJobRun' } },
      }),
    );
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output!)).toMatchObject({ JobName: job, JobRunId: expect.stringMatching(/^jr_/) });
  });

  it('times a .sync task out while its run is still RUNNING', async () => {
    const job = await createJob('slow');
    await control.setJobBehaviour({ jobName: job, durationSeconds: 5 });
    const d = await runToEnd(
      await createStateMachine({ StartAt: 'A', States: { A: glueTask(job, { TimeoutSeconds: 1 }) } }),
    );
    expect([d.status, d.error]).toEqual(['FAILED', 'States.Timeout']);
  });
});

describe('Glue job runs (patched: always instant success in moto)', () => {
  it('BatchStopJobRun stops a long run', async () => {
    const job = await createJob('long');
    await control.setJobBehaviour({ jobName: job, durationSeconds: 60 });
    const { JobRunId } = await glue.send(new StartJobRunCommand({ JobName: job }));
    const running = (await glue.send(new GetJobRunCommand({ JobName: job, RunId: JobRunId }))).JobRun!;
    expect(running.JobRunState).toBe('RUNNING');
    expect(running.CompletedOn).toBeUndefined();

    const stop = await glue.send(
      new BatchStopJobRunCommand({ JobName: job, JobRunIds: [JobRunId!, 'jr_nope'] }),
    );
    expect(stop.SuccessfulSubmissions).toEqual([{ JobName: job, JobRunId }]);
    expect(stop.Errors?.map((e) => e.JobRunId)).toEqual(['jr_nope']);

    const stopped = (await glue.send(new GetJobRunCommand({ JobName: job, RunId: JobRunId }))).JobRun!;
    expect(stopped.JobRunState).toBe('STOPPED');
    expect(stopped.CompletedOn).toBeInstanceOf(Date);
    expect(stopped.StartedOn).toBeInstanceOf(Date);
    expect(typeof stopped.ExecutionTime).toBe('number');
  });

  it('writes log events to /aws-glue/jobs/output and /error under the run id when a run ends', async () => {
    const job = await createJob('logs');
    await control.setJobBehaviour({
      jobName: job,
      state: 'FAILED',
      errorMessage: 'bad row',
      logLines: { output: ['reading input', 'writing output'], error: ['Traceback: bad row'] },
    });
    const { JobRunId } = await glue.send(new StartJobRunCommand({ JobName: job }));
    const run = (await glue.send(new GetJobRunCommand({ JobName: job, RunId: JobRunId }))).JobRun!;
    expect([run.JobRunState, run.ErrorMessage]).toEqual(['FAILED', 'bad row']);
    const messages = async (group: string) =>
      (
        await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: JobRunId }))
      ).events?.map((e) => e.message);
    expect(await messages('/aws-glue/jobs/output')).toEqual(['reading input', 'writing output']);
    expect(await messages('/aws-glue/jobs/error')).toEqual(['Traceback: bad row']);
  });

  it('writes default log lines for a job without behaviour', async () => {
    const job = await createJob('deflogs');
    const { JobRunId } = await glue.send(new StartJobRunCommand({ JobName: job }));
    const out = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/aws-glue/jobs/output', logStreamName: JobRunId }),
    );
    expect(out.events?.at(-1)?.message).toContain('SUCCEEDED');
  });
});

describe('request log', () => {
  it('names S3 and Glue operations and says which ones change state, per client tag', async () => {
    const tag = uniqueSuffix();
    const s3 = new S3Client(clientConfig(tag));
    const taggedGlue = new GlueClient(clientConfig(tag));
    const bucket = freshBucketName('log');
    const since = await control.lastSeq();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/b.txt', Body: 'x' }));
    await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'a/b.txt' }));
    await s3
      .send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b.txt' }))
      .then((r) => r.Body?.transformToString());
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'a/b.txt' }] } }));
    const job = freshName('log');
    await taggedGlue.send(new CreateJobCommand({ Name: job, Role: ROLE, Command: { Name: 'glueetl' } }));
    await taggedGlue.send(new GetJobCommand({ JobName: job }));
    await control.setJobBehaviour({ jobName: job, durationSeconds: 30 });
    await taggedGlue.send(new StartJobRunCommand({ JobName: job }));

    const rows = await control.requests({ since, tag });
    expect(rows.map((r) => [`${r.service}:${r.operation}`, r.method, r.mutating, r.status])).toEqual([
      ['s3:CreateBucket', 'PUT', true, 200],
      ['s3:PutObject', 'PUT', true, 200],
      ['s3:ListObjectsV2', 'GET', false, 200],
      ['s3:HeadObject', 'HEAD', false, 200],
      ['s3:GetObject', 'GET', false, 200],
      ['s3:DeleteObjects', 'POST', true, 200],
      ['glue:CreateJob', 'POST', true, 200],
      ['glue:GetJob', 'POST', false, 200],
      ['glue:StartJobRun', 'POST', true, 200],
    ]);
    expect(rows[1]!.path).toBe(`/${bucket}/a/b.txt`);
    expect(rows.every((r, i) => i === 0 || r.seq > rows[i - 1]!.seq)).toBe(true);
    // The control API itself is never recorded; untagged clients are not in this tag's view.
    expect(rows.some((r) => r.path.startsWith('/_emulator'))).toBe(false);
  });

  it("hides moto's calls to itself (Step Functions polling Glue) unless asked", async () => {
    const tag = uniqueSuffix();
    const taggedSfn = new SFNClient(clientConfig(tag));
    const arn = await createStateMachine({
      StartAt: 'A',
      States: { A: glueTask(await createJob('internal')) },
    });
    const since = await control.lastSeq();
    const { executionArn } = await taggedSfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: freshName('ex') }),
    );
    for (;;) {
      const d = await taggedSfn.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const external = await control.requests({ since, tag });
    expect(external.every((r) => r.service === 'states')).toBe(true);
    expect(external[0]).toMatchObject({ operation: 'StartExecution', mutating: true });
    expect(external.at(-1)).toMatchObject({ operation: 'DescribeExecution', mutating: false });
    const all = await control.requests({ since, internal: true });
    const internal = all.filter((r) => r.internal);
    expect(internal.map((r) => `${r.service}:${r.operation}`)).toContain('glue:StartJobRun');
  });
});

describe('fault injection', () => {
  it('"after" on glue:CreateJob applies the write, answers 500, and the SDK retry finds the job created', async () => {
    const job = freshName('after');
    const tag = uniqueSuffix();
    const retrying = new GlueClient({ ...clientConfig(tag), maxAttempts: 3 });
    await control.injectFault({ operation: 'glue:CreateJob', when: 'after', match: job });
    const since = await control.lastSeq();
    // moto's CreateJob silently overwrites an existing job (AWS would answer
    // AlreadyExistsException), so the retried call succeeds.
    const out = await retrying.send(
      new CreateJobCommand({ Name: job, Role: ROLE, Command: { Name: 'glueetl' } }),
    );
    expect(out.Name).toBe(job);
    expect(out.$metadata.attempts).toBe(2);
    const rows = await control.requests({ since, tag });
    expect(rows.map((r) => [r.operation, r.status, r.appliedStatus, r.fault?.when])).toEqual([
      ['CreateJob', 500, 200, 'after'],
      ['CreateJob', 200, undefined, undefined],
    ]);
  });

  it('"after" without a retry: the client sees InternalError but the job exists', async () => {
    const job = freshName('after1');
    const once = new GlueClient({ ...clientConfig(), maxAttempts: 1 });
    await control.injectFault({ operation: 'glue:CreateJob', when: 'after', match: job });
    await expect(
      once.send(new CreateJobCommand({ Name: job, Role: ROLE, Command: { Name: 'glueetl' } })),
    ).rejects.toMatchObject({ name: 'InternalError', $metadata: { httpStatusCode: 500 } });
    expect((await glue.send(new GetJobCommand({ JobName: job }))).Job?.Name).toBe(job);
  });

  it('"before" on s3:PutObject refuses without applying', async () => {
    const s3 = new S3Client({ ...clientConfig(), maxAttempts: 1 });
    const bucket = freshBucketName('before');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await control.injectFault({ operation: 's3:PutObject', match: `/${bucket}/` });
    await expect(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' })),
    ).rejects.toMatchObject({
      name: 'InternalError',
      $metadata: { httpStatusCode: 500 },
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    // `times` defaults to 1: the next PUT goes through.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
  });

  it('answers 503 ServiceUnavailable, and throttles JSON services (400) and S3 (503 SlowDown)', async () => {
    const once = { maxAttempts: 1 };
    const g = new GlueClient({ ...clientConfig(), ...once });
    const s3 = new S3Client({ ...clientConfig(), ...once });
    const job = await createJob('throttle');
    const bucket = freshBucketName('slow');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));

    await control.injectFault({ operation: 'glue:GetJob', status: 503, match: job });
    await expect(g.send(new GetJobCommand({ JobName: job }))).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    await control.injectFault({ operation: 'glue:GetJob', kind: 'throttle', match: job });
    await expect(g.send(new GetJobCommand({ JobName: job }))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    await control.injectFault({ operation: 's3:*', kind: 'throttle', match: `/${bucket}` });
    await expect(s3.send(new ListObjectsV2Command({ Bucket: bucket }))).rejects.toMatchObject({
      name: 'SlowDown',
      $metadata: { httpStatusCode: 503 },
    });
    // A throttled call is retried by a default client and then succeeds.
    await control.injectFault({ operation: 'glue:GetJob', kind: 'throttle', match: job });
    const retried = await glue.send(new GetJobCommand({ JobName: job }));
    expect(retried.$metadata.attempts).toBe(2);
  });

  it('a hold fault keeps matching requests waiting until it is cleared, then answers them', async () => {
    const job = await createJob('held');
    const fault = await control.injectFault({ operation: 'glue:GetJob', kind: 'hold', times: 0, match: job });
    let answered = false;
    const call = glue.send(new GetJobCommand({ JobName: job })).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(answered).toBe(false);
    await control.clearFaults({ id: fault.id });
    expect((await call).Job?.Name).toBe(job);
  });

  it('fires only on requests carrying its marker, `times` times, until cleared', async () => {
    const job = await createJob('scoped');
    const other = await createJob('scoped-other');
    const once = new GlueClient({ ...clientConfig(), maxAttempts: 1 });
    const fault = await control.injectFault({ operation: 'glue:GetJob', match: job, times: 0 });
    await expect(once.send(new GetJobCommand({ JobName: other }))).resolves.toBeDefined();
    await expect(once.send(new GetJobCommand({ JobName: job }))).rejects.toMatchObject({
      name: 'InternalError',
    });
    await expect(once.send(new GetJobCommand({ JobName: job }))).rejects.toMatchObject({
      name: 'InternalError',
    });
    expect((await control.faults()).find((f) => f.id === fault.id)?.fired).toBe(2);
    await control.clearFaults({ id: fault.id });
    await expect(once.send(new GetJobCommand({ JobName: job }))).resolves.toBeDefined();
  });

  it('refuses a malformed fault', async () => {
    await expect(control.injectFault({ operation: 'CreateJob' })).rejects.toThrow(/HTTP 400/);
  });
});
