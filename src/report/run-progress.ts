// The log lines of a run as it happens (run/ calls these; see run/progress.ts). State names, states
// and error messages come from AWS: they are printed as untrusted text.
import { executionUrl, jobRunUrl } from '../aws/console-links.js';
import type { RunProgress } from '../run/index.js';
import { duration, firstLine } from './format.js';
import * as out from './write.js';

export function logProgress(region: string): RunProgress {
  return {
    cancelling: (signal) => out.warning(`received ${signal}: stopping what this step started`),
    executionStarted: (arn) => {
      out.untrusted([`started execution ${arn}`, `  ${executionUrl(region, arn)}`]);
    },
    followingExecution: (name) => out.startGroup(`Execution of ${name}`),
    doneFollowing: () => out.endGroup(),
    stillRunning: (elapsedMs, running) =>
      out.untrusted([`… ${duration(elapsedMs)} elapsed; running: ${running.join(', ') || '(between jobs)'}`]),
    jobEvent: (e, r) => {
      const secs =
        r.endedAt && r.startedAt ? ` in ${duration(r.endedAt.getTime() - r.startedAt.getTime())}` : '';
      if (e.kind === 'started') out.untrusted([`▶ ${e.state} started`]);
      else if (e.kind === 'succeeded')
        out.untrusted([`✔ ${e.state} SUCCEEDED${secs}${r.runId ? ` (${r.runId})` : ''}`]);
      else out.untrusted([`✖ ${e.state} FAILED${secs}: ${firstLine(r.errorMessage ?? r.error ?? '')}`]);
    },
    jobRunStarted: (glueName, runId) => {
      out.untrusted([`started ${glueName} run ${runId}`, `  ${jobRunUrl(region, glueName, runId)}`]);
    },
    jobRunState: (job, state) => out.untrusted([`  ${job}: ${state}`]),
  };
}
