// Job durations measured in a followed execution, for the state object (the next state-machine
// build uses them where the manifest gives no `expected-minutes`).
import type { S3Client } from '@aws-sdk/client-s3';
import type { Pipeline } from '../model.js';
import { recordDurations, type SyncPlan, type SyncState } from '../s3-sync/index.js';
import { jobsByStateName } from '../state-machine/asl.js';
import type { RunReport } from './index.js';

/**
 * Glue job name → seconds from its Task state's entry to its success, as the execution history
 * shows them: what the state machine waits for (start retries included). Only executions (a
 * `run-job` smoke run may use other arguments) and only jobs that succeeded (a failed run's time
 * says little about a full one).
 */
export function measuredDurations(reports: readonly RunReport[], pipeline: Pipeline): Map<string, number> {
  const byState = jobsByStateName(pipeline.jobs);
  const out = new Map<string, number>();
  for (const report of reports) {
    if (report.kind !== 'execution') continue;
    for (const [state, record] of report.jobs) {
      const node = byState.get(state);
      if (!node || record.status !== 'SUCCEEDED' || !record.startedAt || !record.endedAt) continue;
      out.set(node.glueName, Math.max(0, (record.endedAt.getTime() - record.startedAt.getTime()) / 1000));
    }
  }
  return out;
}

/**
 * Stores the durations measured in `reports` in the state object (one PUT, none when nothing was
 * measured). `state`: the state as the deploy left it. A failed write only warns: the run itself
 * is what the step reports.
 */
export async function rememberDurations(
  s3: S3Client,
  sync: SyncPlan,
  state: SyncState,
  reports: readonly RunReport[],
  pipeline: Pipeline,
  warn: (message: string) => void,
): Promise<void> {
  const measured = measuredDurations(reports, pipeline);
  try {
    await recordDurations(s3, sync, state, measured, new Set(pipeline.jobs.map((j) => j.glueName)));
  } catch (e) {
    warn(`could not record the measured job durations in the state object: ${(e as Error).message}`);
  }
}
