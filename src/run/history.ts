// Reads a Step Functions execution's history incrementally and turns it into per-job events.
// New events are read newest-first (reverseOrder) until an already-seen id, so each poll costs one
// request however long the history is.
import type { HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { historyPage } from './aws.js';

export interface JobEvent {
  state: string;
  kind: 'started' | 'succeeded' | 'failed';
  time: Date;
  runId?: string;
  error?: string;
  cause?: string;
  /** Parsed JobRun from the task output/cause when there is one. */
  jobRun?: { Id?: string; JobRunState?: string; ErrorMessage?: string; ExecutionTime?: number };
}

export class HistoryReader {
  private lastId = 0;
  /** Task-related event id → state name (following previousEventId back to TaskStateEntered). */
  private readonly stateOf = new Map<number, string>();

  constructor(
    private readonly sfn: SFNClient,
    private readonly executionArn: string,
  ) {}

  async readNew(): Promise<JobEvent[]> {
    const fresh: HistoryEvent[] = [];
    let nextToken: string | undefined;
    page: do {
      const r = await historyPage(this.sfn, this.executionArn, nextToken);
      for (const e of r.events) {
        if ((e.id ?? 0) <= this.lastId) break page;
        fresh.push(e);
      }
      nextToken = r.nextToken;
    } while (nextToken);
    fresh.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    if (fresh.length > 0) this.lastId = fresh.at(-1)!.id ?? this.lastId;
    return fresh.flatMap((e) => this.toJobEvent(e));
  }

  private toJobEvent(e: HistoryEvent): JobEvent[] {
    const id = e.id ?? 0;
    const time = e.timestamp ?? new Date();
    if (e.type === 'TaskStateEntered') {
      const state = e.stateEnteredEventDetails?.name ?? '?';
      this.stateOf.set(id, state);
      return [{ state, kind: 'started', time }];
    }
    const state = e.previousEventId !== undefined ? this.stateOf.get(e.previousEventId) : undefined;
    if (state === undefined) return [];
    this.stateOf.set(id, state);
    if (e.type === 'TaskSubmitted' || e.type === 'TaskStarted') {
      const run = parseJson(e.taskSubmittedEventDetails?.output);
      return run?.JobRunId || run?.Id
        ? [{ state, kind: 'started', time, runId: run.JobRunId ?? run.Id }]
        : [];
    }
    if (e.type === 'TaskSucceeded') {
      const run = parseJson(e.taskSucceededEventDetails?.output);
      return [{ state, kind: 'succeeded', time, runId: run?.Id, jobRun: run }];
    }
    if (e.type === 'TaskFailed' || e.type === 'TaskTimedOut') {
      const d = e.taskFailedEventDetails ?? e.taskTimedOutEventDetails;
      const run = parseJson(d?.cause);
      return [{ state, kind: 'failed', time, runId: run?.Id, error: d?.error, cause: d?.cause, jobRun: run }];
    }
    return [];
  }
}

// biome-ignore lint/suspicious/noExplicitAny: task outputs are free-form JSON
function parseJson(s: string | undefined): any {
  if (!s) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
