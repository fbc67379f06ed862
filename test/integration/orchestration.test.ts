// The generated state machine, executed by the emulator: run arguments from the execution input
// reach each job run (per-job values win), and a start refused for a transient reason is retried.
import {
  BatchStopJobRunCommand,
  CreateJobCommand,
  GetJobRunsCommand,
  GlueClient,
  type JobRun,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
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
import type { GraphNode } from '../../src/model.js';
import { buildDefinition, serializeDefinition } from '../../src/state-machine/asl.js';
import { clientConfig, emulatorControl, uniqueSuffix } from '../helpers/emulator.js';
import { deployGraph, executeToEnd, TEST_ROLE } from '../helpers/graph-execution.js';

const glue = new GlueClient(clientConfig());
const sfn = new SFNClient(clientConfig());
const control = emulatorControl();
const ROLE = TEST_ROLE;

/** Creates the Glue jobs (name-prefixed) and the state machine built for them. */
async function deploy(
  nodes: Omit<GraphNode, 'glueName'>[],
): Promise<{ arn: string; glueName: (n: string) => string }> {
  const { arn, prefix } = await deployGraph(nodes, {
    prefix: 'orch',
    defaultArguments: { '--FROM_JOB': 'default' },
  });
  return { arn, glueName: (n) => `${prefix}${n}` };
}

const execute = executeToEnd;

/** The run's arguments without the job's DefaultArguments (the emulator reports both, merged). */
const runArguments = (run: JobRun) =>
  Object.fromEntries(Object.entries(run.Arguments ?? {}).filter(([k]) => k !== '--FROM_JOB'));

async function lastRun(jobName: string): Promise<JobRun> {
  const runs = await glue.send(new GetJobRunsCommand({ JobName: jobName }));
  expect(runs.JobRuns?.length, `runs of ${jobName}`).toBeGreaterThan(0);
  return runs.JobRuns!.sort((a, b) => b.StartedOn!.getTime() - a.StartedOn!.getTime())[0]!;
}

describe('run arguments (the emulator executes the state machine)', () => {
  it('merges the pipeline arguments and each job’s own into its run, per-job values winning', async () => {
    const sm = await deploy([
      { name: 'extract', dependsOn: [] },
      { name: 'load-all', dependsOn: ['extract'] },
      { name: 'report', dependsOn: ['extract'] },
    ]);
    const d = await execute(sm.arn, {
      arguments: { '--RUN_DATE': '2026-12-01', '--MODE': 'daily' },
      jobs: { 'load-all': { arguments: { '--MODE': 'backfill', '--TO': '2026-12-31' } }, report: {} },
      other: 'kept',
    });
    expect(d.status, d.cause).toBe('SUCCEEDED');
    expect(runArguments(await lastRun(sm.glueName('extract')))).toEqual({
      '--RUN_DATE': '2026-12-01',
      '--MODE': 'daily',
    });
    expect(runArguments(await lastRun(sm.glueName('load-all')))).toEqual({
      '--RUN_DATE': '2026-12-01',
      '--MODE': 'backfill',
      '--TO': '2026-12-31',
    });
    expect(runArguments(await lastRun(sm.glueName('report')))).toEqual({
      '--RUN_DATE': '2026-12-01',
      '--MODE': 'daily',
    });
  });

  it('runs with an empty input, or one without arguments', async () => {
    const sm = await deploy([
      { name: 'a', dependsOn: [] },
      { name: 'b', dependsOn: ['a'] },
    ]);
    for (const input of [{}, { date: '2024-01-01' }, { jobs: { b: { arguments: { '--ONLY_B': 'x' } } } }]) {
      const d = await execute(sm.arn, input);
      expect(d.status, `${JSON.stringify(input)}: ${d.cause}`).toBe('SUCCEEDED');
    }
    expect(runArguments(await lastRun(sm.glueName('a')))).toEqual({});
    expect(runArguments(await lastRun(sm.glueName('b')))).toEqual({ '--ONLY_B': 'x' });
  });
});

describe('start retries (the emulator executes the state machine)', () => {
  /** A run of the job started directly, so the execution's start is refused (MaxConcurrentRuns 1). */
  async function occupy(glueName: string, seconds: number): Promise<void> {
    await control.setJobBehaviour({ jobName: glueName, durationSeconds: seconds });
    await glue.send(new StartJobRunCommand({ JobName: glueName }));
    // Later runs (the execution's) end at once.
    await control.setJobBehaviour({ jobName: glueName, durationSeconds: 0 });
  }

  const refused = (events: HistoryEvent[]) =>
    events.filter((e) => e.taskFailedEventDetails?.error === 'Glue.ConcurrentRunsExceededException');

  it('retries a start refused with ConcurrentRunsExceededException, then succeeds', async () => {
    const sm = await deploy([{ name: 'busy', dependsOn: [] }]);
    const glueName = sm.glueName('busy');
    await occupy(glueName, 600);
    const blocking = (await lastRun(glueName)).Id!;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: sm.arn,
        name: `ex-${uniqueSuffix()}`,
        input: JSON.stringify({ arguments: { '--RUN_DATE': '2026-12-01' } }),
      }),
    );
    // Once the execution has been refused, the blocking run ends: a later attempt gets through.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      if (refused(page.events ?? []).length > 0) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    await glue.send(new BatchStopJobRunCommand({ JobName: glueName, JobRunIds: [blocking] }));
    let d: DescribeExecutionCommandOutput;
    do {
      await new Promise((r) => setTimeout(r, 250));
      d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    } while (d.status === 'RUNNING' && Date.now() < deadline + 80_000);
    expect(d.status, d.cause).toBe('SUCCEEDED');
    const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    expect(refused(events).length).toBeGreaterThanOrEqual(1);
    const run = await lastRun(glueName);
    expect(run.Id).not.toBe(blocking);
    expect(runArguments(run)).toEqual({ '--RUN_DATE': '2026-12-01' });
  });

  it('with start-retries 0 the refused start fails the execution', async () => {
    const prefix = `orch${uniqueSuffix()}-`;
    const glueName = `${prefix}busy`;
    await glue.send(
      new CreateJobCommand({
        Name: glueName,
        Role: ROLE,
        Command: { Name: 'glueetl', ScriptLocation: 's3://b/a.py' },
      }),
    );
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: `${prefix}sm`,
        definition: serializeDefinition(
          buildDefinition([{ name: 'busy', glueName, dependsOn: [], startRetries: 0 }]),
        ),
        roleArn: ROLE,
      }),
    );
    await occupy(glueName, 5);
    const d = await execute(stateMachineArn!, {});
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('Glue.ConcurrentRunsExceededException');
    expect(refused(d.events)).toHaveLength(1);
  });
});
