// Starts one Glue job run (PR smoke checks) and follows it to a final state.
// StartJobRun has no idempotency token: a retry after a lost response would start a second run. So
// the SDK does not retry it; we tag the run with a unique argument and, after an error, look for a
// run carrying it before trying again.
import type { GlueClient, JobRun } from '@aws-sdk/client-glue';
import { getJobRun, recentJobRuns, startJobRunOnce } from './aws.js';
import { type BackoffOptions, type Clock, pollUntil, realClock } from './poll.js';

export const RUN_TOKEN_ARG = '--glue-pipeline-deploy-run-token';
export const FINAL_RUN_STATES = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR', 'EXPIRED']);

export async function startJobRun(
  /** A client with maxAttempts 1 (Clients.glueSingleAttempt). */
  glue: GlueClient,
  jobName: string,
  args: Record<string, string>,
  token: string,
  clock: Clock = realClock,
): Promise<string> {
  const Arguments = { ...args, [RUN_TOKEN_ARG]: token };
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      // `glue` makes one attempt per send: retries are ours, after checking for an applied attempt.
      return await startJobRunOnce(glue, jobName, Arguments);
    } catch (e) {
      lastError = e;
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      const retryable =
        status >= 500 || status === 429 || /Throttl|Timeout|ECONNRESET/i.test((e as Error).name);
      if (!retryable) throw e;
      const existing = await findRunByToken(glue, jobName, token);
      if (existing) return existing;
      await clock.sleep(1000 * 2 ** attempt);
    }
  }
  throw lastError;
}

async function findRunByToken(glue: GlueClient, jobName: string, token: string): Promise<string | undefined> {
  const runs = await recentJobRuns(glue, jobName, 50);
  return runs.find((run) => run.Arguments?.[RUN_TOKEN_ARG] === token)?.Id;
}

export async function followJobRun(
  glue: GlueClient,
  jobName: string,
  runId: string,
  opts: {
    deadline: number;
    clock?: Clock;
    signal?: AbortSignal;
    backoff?: BackoffOptions;
    onState?: (run: JobRun) => void;
  },
): Promise<{ run: JobRun } | 'timeout' | 'aborted'> {
  let lastState = '';
  const r = await pollUntil<JobRun>(
    async () => {
      const run = await getJobRun(glue, jobName, runId);
      if (run?.JobRunState && run.JobRunState !== lastState) {
        lastState = run.JobRunState;
        opts.onState?.(run);
      }
      return run && FINAL_RUN_STATES.has(run.JobRunState ?? '')
        ? { done: true, value: run }
        : { done: false };
    },
    { deadline: opts.deadline, clock: opts.clock, signal: opts.signal, backoff: opts.backoff },
  );
  return r === 'timeout' || r === 'aborted' ? r : { run: r.value };
}
