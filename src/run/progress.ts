// What a run tells the person watching, as it happens. run/ decides when; the implementation
// (report/run-progress.ts) decides the words, so every line a run prints is written in one place.
import type { JobRecord } from './execution.js';
import type { JobEvent } from './history.js';

export interface RunProgress {
  /** SIGINT/SIGTERM arrived: what was started is being stopped. */
  cancelling(signal: string): void;
  executionStarted(executionArn: string): void;
  /** Around the wait for an execution (a collapsible log group). */
  followingExecution(stateMachineName: string): void;
  doneFollowing(): void;
  /** At most once a minute while an execution runs. */
  stillRunning(elapsedMs: number, runningJobs: string[]): void;
  jobEvent(event: JobEvent, record: JobRecord): void;
  jobRunStarted(glueName: string, runId: string): void;
  jobRunState(job: string, state: string): void;
}
