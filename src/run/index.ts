// After a deploy: start the execution and/or the smoke job run, follow them, stop them if the
// workflow is cancelled, and on failure show the failing job's error and its last log lines.
import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import { BatchStopJobRunCommand, GetJobRunsCommand, type JobRun } from '@aws-sdk/client-glue';
import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { Clients } from '../aws/clients.js';
import type { Inputs } from '../inputs.js';
import type { Pipeline } from '../model.js';
import { executionUrl, jobRunUrl } from '../report/console-links.js';
import {
  type ExecutionOutcome,
  followExecution,
  type JobRecord,
  type RunStatus,
  startExecution,
} from './execution.js';
import { followJobRun, startJobRun } from './job-run.js';
import { type LogTail, tailRunLogs } from './logs.js';
import { type BackoffOptions, type Clock, pollUntil } from './poll.js';

/** After a stop request: confirm quickly, the runner kills the step a few seconds after cancelling. */
const STOP_BACKOFF: BackoffOptions = { initialMs: 300, maxMs: 1_000, factor: 1.5, jitter: 0 };

export interface FailureReport {
  job: string;
  glueName: string;
  runId?: string;
  errorMessage: string;
  logs: LogTail[];
  links: { label: string; url: string }[];
}

export interface RunReport {
  kind: 'execution' | 'job-run';
  status: RunStatus | 'STARTED';
  executionArn?: string;
  jobRunId?: string;
  jobRunState?: string;
  jobs: Map<string, JobRecord>;
  failures: FailureReport[];
  message?: string;
}

export interface RunContext {
  inputs: Inputs;
  clients: Clients;
  pipeline: Pipeline;
  stateMachineArn: string;
  clock?: Clock;
}

/** Runs what the inputs ask for (run-job, then start-execution). Returns one report per run. */
export async function runAfterDeploy(ctx: RunContext): Promise<RunReport[]> {
  const reports: RunReport[] = [];
  if (ctx.inputs.runJob) reports.push(await withCancellation((signal) => runOneJob(ctx, signal)));
  if (ctx.inputs.startExecution) reports.push(await withCancellation((signal) => runExecution(ctx, signal)));
  return reports;
}

/** SIGINT/SIGTERM (workflow cancelled) abort the wait; the run function then stops what it started. */
async function withCancellation<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (sig: string) => {
    core.warning(`received ${sig}: stopping what this step started`);
    controller.abort();
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((s) => {
    const h = () => onSignal(s);
    process.on(s, h);
    return [s, h] as const;
  });
  try {
    return await fn(controller.signal);
  } finally {
    for (const [s, h] of handlers) process.off(s, h);
  }
}

const uniqueName = (prefix: string) =>
  `${prefix}-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}-${randomBytes(4).toString('hex')}`;

async function runExecution(ctx: RunContext, signal: AbortSignal): Promise<RunReport> {
  const { sfn } = ctx.clients;
  const { inputs } = ctx;
  const arn = await startExecution(
    sfn,
    ctx.stateMachineArn,
    uniqueName('gpd').slice(0, 80),
    inputs.executionInput,
  );
  core.info(`started execution ${arn}`);
  core.info(`  ${executionUrl(inputs.region, arn)}`);
  const report: RunReport = {
    kind: 'execution',
    status: 'STARTED',
    executionArn: arn,
    jobs: new Map(),
    failures: [],
  };
  if (!inputs.wait) return report;

  const start = (ctx.clock ?? { now: Date.now }).now();
  let lastProgress = start;
  core.startGroup(`Execution of ${ctx.pipeline.stateMachineName}`);
  let outcome: ExecutionOutcome;
  try {
    outcome = await followExecution(sfn, arn, {
      deadline: start + inputs.waitTimeoutMinutes * 60_000,
      clock: ctx.clock,
      signal,
      onPoll: (jobs) => {
        // A line a minute on long waits, so a quiet log never looks hung.
        const now = (ctx.clock ?? { now: Date.now }).now();
        if (now - lastProgress < 60_000) return;
        lastProgress = now;
        const running = [...jobs.values()].filter((j) => j.status === 'RUNNING').map((j) => j.state);
        core.info(`… ${duration(now - start)} elapsed; running: ${running.join(', ') || '(between jobs)'}`);
      },
      onJobEvent: (e, r) => {
        const secs =
          r.endedAt && r.startedAt ? ` in ${duration(r.endedAt.getTime() - r.startedAt.getTime())}` : '';
        if (e.kind === 'started') core.info(`▶ ${e.state} started`);
        else if (e.kind === 'succeeded')
          core.info(`✔ ${e.state} SUCCEEDED${secs}${r.runId ? ` (${r.runId})` : ''}`);
        else core.info(`✖ ${e.state} FAILED${secs}: ${firstLine(r.errorMessage ?? r.error ?? '')}`);
      },
    });
  } finally {
    core.endGroup();
  }
  report.jobs = outcome.jobs;
  report.status = outcome.status;
  if (outcome.status === 'ABORTED' && signal.aborted) {
    await sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'Cancelled', cause: 'workflow cancelled' }),
    );
    // Confirm before exiting: the runner kills the step a few seconds after cancelling.
    const stopped = await pollUntil<string>(
      async () => {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
        return d.status === 'RUNNING' ? { done: false } : { done: true, value: d.status ?? '' };
      },
      { deadline: Date.now() + 10_000, backoff: STOP_BACKOFF },
    );
    report.message = `the workflow was cancelled: execution ${typeof stopped === 'object' ? stopped.value : 'still stopping'}`;
  } else if (outcome.status === 'TIMED_OUT') {
    const running = [...outcome.jobs.values()].filter((j) => j.status === 'RUNNING').map((j) => j.state);
    report.message =
      `gave up waiting after ${inputs.waitTimeoutMinutes} minute(s); the execution is still running` +
      (running.length ? ` (running: ${running.join(', ')})` : '');
  } else if (outcome.status !== 'SUCCEEDED') {
    const failed = [...outcome.jobs.values()].filter((j) => j.status === 'FAILED');
    for (const j of failed)
      report.failures.push(await diagnose(ctx, j.state, j.runId, j.errorMessage, start));
    report.message =
      failed.length > 0
        ? `job(s) failed: ${failed.map((j) => j.state).join(', ')}`
        : `execution ${outcome.status}: ${outcome.error ?? ''} ${outcome.cause ?? ''}`.trim();
  }
  return report;
}

async function runOneJob(ctx: RunContext, signal: AbortSignal): Promise<RunReport> {
  const { inputs, clients, pipeline } = ctx;
  const spec = pipeline.jobs.find((j) => j.name === inputs.runJob || j.glueName === inputs.runJob);
  if (!spec) {
    throw new Error(
      `run-job "${inputs.runJob}" is not a job of this pipeline; use one of: ${pipeline.jobs.map((j) => j.name).join(', ')}`,
    );
  }
  const runId = await startJobRun(
    clients.glueSingleAttempt,
    spec.glueName,
    inputs.runJobArguments,
    randomBytes(8).toString('hex'),
    ctx.clock,
  );
  core.info(`started ${spec.glueName} run ${runId}`);
  core.info(`  ${jobRunUrl(inputs.region, spec.glueName, runId)}`);
  const report: RunReport = {
    kind: 'job-run',
    status: 'STARTED',
    jobRunId: runId,
    jobs: new Map(),
    failures: [],
  };
  if (!inputs.wait) return report;
  const start = (ctx.clock ?? { now: Date.now }).now();
  const r = await followJobRun(clients.glue, spec.glueName, runId, {
    deadline: start + inputs.waitTimeoutMinutes * 60_000,
    clock: ctx.clock,
    signal,
    onState: (run) => core.info(`  ${spec.name}: ${run.JobRunState}`),
  });
  const record: JobRecord = { state: spec.name, status: 'RUNNING', runId };
  report.jobs.set(spec.name, record);
  if (r === 'aborted') {
    await clients.glue.send(new BatchStopJobRunCommand({ JobName: spec.glueName, JobRunIds: [runId] }));
    const stopped = await followJobRun(clients.glue, spec.glueName, runId, {
      deadline: Date.now() + 10_000,
      backoff: STOP_BACKOFF,
    });
    report.status = 'ABORTED';
    report.jobRunState = typeof stopped === 'object' ? stopped.run.JobRunState : 'STOPPING';
    report.message = 'the workflow was cancelled: the job run was stopped';
    return report;
  }
  if (r === 'timeout') {
    report.status = 'TIMED_OUT';
    report.jobRunState = 'RUNNING';
    report.message = `gave up waiting after ${inputs.waitTimeoutMinutes} minute(s); ${spec.name} is still running`;
    return report;
  }
  applyRun(record, r.run);
  report.jobRunState = r.run.JobRunState;
  report.status =
    r.run.JobRunState === 'SUCCEEDED'
      ? 'SUCCEEDED'
      : r.run.JobRunState === 'TIMEOUT'
        ? 'TIMED_OUT'
        : 'FAILED';
  if (report.status !== 'SUCCEEDED') {
    report.failures.push(await diagnose(ctx, spec.name, runId, r.run.ErrorMessage, start));
    report.message = `${spec.name} ${r.run.JobRunState}`;
  }
  return report;
}

function applyRun(record: JobRecord, run: JobRun): void {
  record.status = run.JobRunState === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED';
  record.startedAt = run.StartedOn;
  record.endedAt = run.CompletedOn;
  record.errorMessage = run.ErrorMessage;
}

/** Error message, log tails and links of one failed job; finds the run id when the history had none. */
async function diagnose(
  ctx: RunContext,
  job: string,
  runId: string | undefined,
  errorMessage: string | undefined,
  since: number,
): Promise<FailureReport> {
  const { clients, inputs, pipeline } = ctx;
  const glueName = pipeline.jobs.find((j) => j.name === job)?.glueName ?? job;
  let message = errorMessage;
  if (!runId || !message) {
    const runs = await clients.glue.send(new GetJobRunsCommand({ JobName: glueName, MaxResults: 10 }));
    const run = runs.JobRuns?.find((r) =>
      runId ? r.Id === runId : (r.StartedOn?.getTime() ?? 0) >= since - 60_000,
    );
    runId ??= run?.Id;
    message ??= run?.ErrorMessage;
  }
  const logs = runId ? await tailRunLogs(clients.logs, runId) : [];
  const links = runId ? [{ label: 'job run', url: jobRunUrl(inputs.region, glueName, runId) }] : [];
  return { job, glueName, runId, errorMessage: message ?? 'no error message', logs, links };
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
