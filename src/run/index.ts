// After a deploy: start the execution and/or the smoke job run, follow them, stop them if the
// workflow is cancelled, and on failure collect the failing job's error and its last log lines.
import { randomBytes } from 'node:crypto';
import type { JobRun } from '@aws-sdk/client-glue';
import type { Clients } from '../aws/clients.js';
import type { Pipeline } from '../model.js';
import {
  describeExecution,
  getJobRun,
  recentJobRuns,
  startExecution,
  stopExecution,
  stopJobRun,
} from './aws.js';
import { type ExecutionOutcome, followExecution, type JobRecord, type RunStatus } from './execution.js';
import { FINAL_RUN_STATES, followJobRun, startJobRun } from './job-run.js';
import { type LogTail, tailRunLogs } from './logs.js';
import { type BackoffOptions, type Clock, cappedBackoff, pollUntil, realClock } from './poll.js';
import type { RunProgress } from './progress.js';

export { maxPollMsFromEnv } from './poll.js';
export type { RunProgress } from './progress.js';

/** After a stop request: confirm quickly, the runner kills the step a few seconds after cancelling. */
const STOP_BACKOFF: BackoffOptions = { initialMs: 300, maxMs: 1_000, factor: 1.5, jitter: 0 };

export interface FailureReport {
  job: string;
  glueName: string;
  runId?: string;
  errorMessage: string;
  logs: LogTail[];
}

export interface RunReport {
  kind: 'execution' | 'job-run';
  status: RunStatus | 'STARTED';
  executionArn?: string;
  /** Glue name of the job run (kind job-run). */
  glueName?: string;
  jobRunId?: string;
  jobRunState?: string;
  jobs: Map<string, JobRecord>;
  failures: FailureReport[];
  message?: string;
}

export interface RunOptions {
  clients: Clients;
  pipeline: Pipeline;
  stateMachineArn: string;
  /** Manifest or Glue name of a job to run on its own (a smoke check), with its arguments. */
  runJob?: string;
  runJobArguments: Record<string, string>;
  startExecution: boolean;
  /** JSON input of the execution. */
  executionInput: string;
  wait: boolean;
  waitTimeoutMinutes: number;
  /** How many of a failed run's last log lines to read per log group (0: none). Default 50. */
  logLines?: number;
  /** Stop the execution / job run when the wait times out (input stop-on-timeout). */
  stopOnTimeout: boolean;
  progress: RunProgress;
  /** The step's one cancellation signal (SIGINT/SIGTERM): nothing starts after it, what runs is stopped. */
  signal: AbortSignal;
  clock?: Clock;
  /** Longest wait between two status polls (default: the backoff's 30 s). */
  maxPollMs?: number;
}

interface RunContext extends RunOptions {
  clock: Clock;
}

/**
 * Runs what the options ask for (run-job, then start-execution). Returns one report per run started.
 * After cancellation nothing more is started; what was started is stopped by the run function.
 */
export async function runAfterDeploy(opts: RunOptions): Promise<RunReport[]> {
  const ctx: RunContext = { ...opts, clock: opts.clock ?? realClock };
  const reports: RunReport[] = [];
  if (ctx.runJob && !ctx.signal.aborted) reports.push(await runOneJob(ctx, ctx.signal));
  if (ctx.startExecution && !ctx.signal.aborted) reports.push(await runExecution(ctx, ctx.signal));
  return reports;
}

/** Polls until the run leaves RUNNING, briefly: the runner kills the step a few seconds after cancelling. */
async function confirmStopped(ctx: RunContext, check: () => Promise<string | undefined>): Promise<string> {
  const stopped = await pollUntil<string>(
    async () => {
      const s = await check();
      return s ? { done: true, value: s } : { done: false };
    },
    { deadline: ctx.clock.now() + 10_000, clock: ctx.clock, backoff: STOP_BACKOFF },
  );
  return typeof stopped === 'object' ? stopped.value : 'still stopping';
}

async function stopAndConfirmExecution(ctx: RunContext, arn: string, cause: string): Promise<string> {
  await stopExecution(
    ctx.clients.sfn,
    arn,
    cause === 'timeout' ? 'TimedOut' : 'Cancelled',
    `workflow ${cause}`,
  );
  return confirmStopped(ctx, async () => {
    const d = await describeExecution(ctx.clients.sfn, arn);
    return d.status === 'RUNNING' ? undefined : (d.status ?? '');
  });
}

async function stopAndConfirmJobRun(ctx: RunContext, glueName: string, runId: string): Promise<string> {
  await stopJobRun(ctx.clients.glue, glueName, runId);
  return confirmStopped(ctx, async () => {
    const run = await getJobRun(ctx.clients.glue, glueName, runId);
    const state = run?.JobRunState ?? '';
    return FINAL_RUN_STATES.has(state) ? state : undefined;
  });
}

const uniqueName = (prefix: string) =>
  `${prefix}-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}-${randomBytes(4).toString('hex')}`;

async function runExecution(ctx: RunContext, signal: AbortSignal): Promise<RunReport> {
  const { sfn } = ctx.clients;
  const { clock, progress } = ctx;
  const arn = await startExecution(
    sfn,
    ctx.stateMachineArn,
    uniqueName('gpd').slice(0, 80),
    ctx.executionInput,
  );
  progress.executionStarted(arn);
  const report: RunReport = {
    kind: 'execution',
    status: 'STARTED',
    executionArn: arn,
    jobs: new Map(),
    failures: [],
  };
  if (!ctx.wait) return report;

  const start = clock.now();
  let lastProgress = start;
  progress.followingExecution(ctx.pipeline.stateMachineName);
  let outcome: ExecutionOutcome;
  try {
    outcome = await followExecution(sfn, arn, {
      deadline: start + ctx.waitTimeoutMinutes * 60_000,
      clock,
      signal,
      backoff: ctx.maxPollMs ? cappedBackoff(ctx.maxPollMs) : undefined,
      onPoll: (jobs) => {
        // A line a minute on long waits, so a quiet log never looks hung.
        const now = clock.now();
        if (now - lastProgress < 60_000) return;
        lastProgress = now;
        const running = [...jobs.values()].filter((j) => j.status === 'RUNNING').map((j) => j.state);
        progress.stillRunning(now - start, running);
      },
      onJobEvent: (e, r) => progress.jobEvent(e, r),
    });
  } finally {
    progress.doneFollowing();
  }
  report.jobs = outcome.jobs;
  report.status = outcome.status;
  if (outcome.status === 'ABORTED' && signal.aborted) {
    const stopped = await stopAndConfirmExecution(ctx, arn, 'cancelled');
    report.message = `the workflow was cancelled: execution ${stopped}`;
  } else if (outcome.status === 'TIMED_OUT') {
    const running = [...outcome.jobs.values()].filter((j) => j.status === 'RUNNING').map((j) => j.state);
    const still = running.length ? ` (running: ${running.join(', ')})` : '';
    if (ctx.stopOnTimeout) {
      const stopped = await stopAndConfirmExecution(ctx, arn, 'timeout');
      report.message = `gave up waiting after ${ctx.waitTimeoutMinutes} minute(s)${still}; stop-on-timeout: execution ${stopped}`;
    } else {
      report.message = `gave up waiting after ${ctx.waitTimeoutMinutes} minute(s); the execution is still running${still}`;
    }
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
  const { clients, pipeline, clock, progress } = ctx;
  const spec = pipeline.jobs.find((j) => j.name === ctx.runJob || j.glueName === ctx.runJob);
  if (!spec) {
    throw new Error(
      `run-job "${ctx.runJob}" is not a job of this pipeline; use one of: ${pipeline.jobs.map((j) => j.name).join(', ')}`,
    );
  }
  const runId = await startJobRun(
    clients.glueSingleAttempt,
    spec.glueName,
    ctx.runJobArguments,
    randomBytes(8).toString('hex'),
    clock,
  );
  progress.jobRunStarted(spec.glueName, runId);
  const report: RunReport = {
    kind: 'job-run',
    status: 'STARTED',
    glueName: spec.glueName,
    jobRunId: runId,
    jobs: new Map(),
    failures: [],
  };
  if (!ctx.wait) return report;
  const start = clock.now();
  const r = await followJobRun(clients.glue, spec.glueName, runId, {
    deadline: start + ctx.waitTimeoutMinutes * 60_000,
    clock,
    signal,
    backoff: ctx.maxPollMs ? cappedBackoff(ctx.maxPollMs) : undefined,
    onState: (run) => progress.jobRunState(spec.name, run.JobRunState ?? ''),
  });
  const record: JobRecord = { state: spec.name, status: 'RUNNING', runId };
  report.jobs.set(spec.name, record);
  if (r === 'aborted') {
    const stopped = await stopAndConfirmJobRun(ctx, spec.glueName, runId);
    report.status = 'ABORTED';
    report.jobRunState = stopped === 'still stopping' ? 'STOPPING' : stopped;
    report.message = `the workflow was cancelled: the job run ${stopped}`;
    return report;
  }
  if (r === 'timeout') {
    report.status = 'TIMED_OUT';
    if (ctx.stopOnTimeout) {
      const stopped = await stopAndConfirmJobRun(ctx, spec.glueName, runId);
      report.jobRunState = stopped === 'still stopping' ? 'STOPPING' : stopped;
      report.message = `gave up waiting after ${ctx.waitTimeoutMinutes} minute(s); stop-on-timeout: ${spec.name} ${stopped}`;
    } else {
      report.jobRunState = 'RUNNING';
      report.message = `gave up waiting after ${ctx.waitTimeoutMinutes} minute(s); ${spec.name} is still running`;
    }
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
  const { clients, pipeline } = ctx;
  const glueName = pipeline.jobs.find((j) => j.name === job)?.glueName ?? job;
  let message = errorMessage;
  if (!runId || !message) {
    const runs = await recentJobRuns(clients.glue, glueName, 10);
    const run = runs.find((r) => (runId ? r.Id === runId : (r.StartedOn?.getTime() ?? 0) >= since - 60_000));
    runId ??= run?.Id;
    message ??= run?.ErrorMessage;
  }
  const limit = ctx.logLines ?? 50;
  const logs = runId && limit > 0 ? await tailRunLogs(clients.logs, runId, limit) : [];
  return { job, glueName, runId, errorMessage: message ?? 'no error message', logs };
}
