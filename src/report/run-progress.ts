// The log lines of a run as it happens (run/ calls these; see run/progress.ts).
import * as core from '@actions/core';
import { executionUrl, jobRunUrl } from '../aws/console-links.js';
import type { RunProgress } from '../run/index.js';
import { duration, firstLine } from './format.js';

export function logProgress(region: string): RunProgress {
  return {
    cancelling: (signal) => core.warning(`received ${signal}: stopping what this step started`),
    executionStarted: (arn) => {
      core.info(`started execution ${arn}`);
      core.info(`  ${executionUrl(region, arn)}`);
    },
    followingExecution: (name) => core.startGroup(`Execution of ${name}`),
    doneFollowing: () => core.endGroup(),
    stillRunning: (elapsedMs, running) =>
      core.info(`… ${duration(elapsedMs)} elapsed; running: ${running.join(', ') || '(between jobs)'}`),
    jobEvent: (e, r) => {
      const secs =
        r.endedAt && r.startedAt ? ` in ${duration(r.endedAt.getTime() - r.startedAt.getTime())}` : '';
      if (e.kind === 'started') core.info(`▶ ${e.state} started`);
      else if (e.kind === 'succeeded')
        core.info(`✔ ${e.state} SUCCEEDED${secs}${r.runId ? ` (${r.runId})` : ''}`);
      else core.info(`✖ ${e.state} FAILED${secs}: ${firstLine(r.errorMessage ?? r.error ?? '')}`);
    },
    jobRunStarted: (glueName, runId) => {
      core.info(`started ${glueName} run ${runId}`);
      core.info(`  ${jobRunUrl(region, glueName, runId)}`);
    },
    jobRunState: (job, state) => core.info(`  ${job}: ${state}`),
  };
}
