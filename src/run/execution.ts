// Follows an execution of the pipeline's state machine to its end, reporting each job as it starts
// and ends (from the execution history, read incrementally).
import type { SFNClient } from '@aws-sdk/client-sfn';
import { describeExecution } from './aws.js';
import { HistoryReader, type JobEvent } from './history.js';
import { type BackoffOptions, type Clock, pollUntil } from './poll.js';

export type RunStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface JobRecord {
  /** State name = manifest job name. */
  state: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  runId?: string;
  startedAt?: Date;
  endedAt?: Date;
  error?: string;
  errorMessage?: string;
}

export interface ExecutionOutcome {
  status: RunStatus;
  jobs: Map<string, JobRecord>;
  error?: string;
  cause?: string;
}

export async function followExecution(
  sfn: SFNClient,
  executionArn: string,
  opts: {
    deadline: number;
    clock?: Clock;
    signal?: AbortSignal;
    backoff?: BackoffOptions;
    onJobEvent?: (e: JobEvent, r: JobRecord) => void;
    /** After each poll: lets the caller print progress on long waits. */
    onPoll?: (jobs: Map<string, JobRecord>) => void;
  },
): Promise<ExecutionOutcome> {
  const reader = new HistoryReader(sfn, executionArn);
  const jobs = new Map<string, JobRecord>();
  const absorb = (events: JobEvent[]) => {
    for (const e of events) {
      let record = jobs.get(e.state);
      const isNew = !record;
      if (!record) {
        record = { state: e.state, status: 'RUNNING', startedAt: e.time };
        jobs.set(e.state, record);
      }
      if (e.runId) record.runId = e.runId;
      if (e.kind === 'started') {
        if (isNew) opts.onJobEvent?.(e, record);
        continue;
      }
      record.status = e.kind === 'succeeded' ? 'SUCCEEDED' : 'FAILED';
      record.endedAt = e.time;
      record.error = e.error;
      record.errorMessage = e.jobRun?.ErrorMessage ?? e.cause;
      opts.onJobEvent?.(e, record);
    }
  };
  type Final = { status: string; error?: string; cause?: string };
  const r = await pollUntil<Final>(
    async () => {
      absorb(await reader.readNew());
      const d = await describeExecution(sfn, executionArn);
      if (d.status === 'RUNNING' || d.status === 'PENDING_REDRIVE') {
        opts.onPoll?.(jobs);
        return { done: false };
      }
      absorb(await reader.readNew()); // events written between the history read and the status
      return { done: true, value: { status: d.status ?? 'FAILED', error: d.error, cause: d.cause } };
    },
    { deadline: opts.deadline, clock: opts.clock, signal: opts.signal, backoff: opts.backoff },
  );
  if (r === 'timeout') return { status: 'TIMED_OUT', jobs };
  if (r === 'aborted') return { status: 'ABORTED', jobs };
  const status: RunStatus =
    r.value.status === 'SUCCEEDED'
      ? 'SUCCEEDED'
      : r.value.status === 'TIMED_OUT'
        ? 'TIMED_OUT'
        : r.value.status === 'ABORTED'
          ? 'ABORTED'
          : 'FAILED';
  return { status, jobs, error: r.value.error, cause: r.value.cause };
}
