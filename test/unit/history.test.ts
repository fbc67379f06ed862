// The execution history is read newest-first until the last seen event, and each Task event is
// mapped back to its state (job) through previousEventId.
import type { HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/run/history.js';

function fakeSfn(events: HistoryEvent[], pageSize = 2) {
  const calls: { reverseOrder?: boolean; nextToken?: string }[] = [];
  const sfn = {
    send: async (command: { input: { reverseOrder?: boolean; nextToken?: string } }) => {
      calls.push(command.input);
      const newest = [...events].sort((a, b) => b.id! - a.id!);
      const start = Number(command.input.nextToken ?? 0);
      const page = newest.slice(start, start + pageSize);
      const next = start + pageSize < newest.length ? String(start + pageSize) : undefined;
      return { events: page, nextToken: next };
    },
  } as unknown as SFNClient;
  return { sfn, calls };
}

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe('HistoryReader', () => {
  it('reads only new events and maps task events to their job', async () => {
    const events: HistoryEvent[] = [
      { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
      {
        id: 2,
        type: 'TaskStateEntered',
        previousEventId: 1,
        timestamp: at(1),
        stateEnteredEventDetails: { name: 'load' },
      },
      { id: 3, type: 'TaskScheduled', previousEventId: 2, timestamp: at(1) },
      {
        id: 4,
        type: 'TaskSubmitted',
        previousEventId: 3,
        timestamp: at(2),
        taskSubmittedEventDetails: { resource: 'x', resourceType: 'glue', output: '{"JobRunId":"jr_1"}' },
      },
    ];
    const { sfn, calls } = fakeSfn(events);
    const reader = new HistoryReader(sfn, 'arn');
    const first = await reader.readNew();
    expect(first.map((e) => [e.state, e.kind, e.runId])).toEqual([
      ['load', 'started', undefined],
      ['load', 'started', 'jr_1'],
    ]);
    expect(calls.every((c) => c.reverseOrder)).toBe(true);

    events.push({
      id: 5,
      type: 'TaskFailed',
      previousEventId: 4,
      timestamp: at(9),
      taskFailedEventDetails: {
        resource: 'startJobRun.sync',
        resourceType: 'glue',
        error: 'States.TaskFailed',
        cause: '{"Id":"jr_1","JobRunState":"FAILED","ErrorMessage":"boom"}',
      },
    });
    calls.length = 0;
    const second = await reader.readNew();
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({
      state: 'load',
      kind: 'failed',
      runId: 'jr_1',
      error: 'States.TaskFailed',
    });
    expect(second[0]!.jobRun?.ErrorMessage).toBe('boom');
    // One page was enough: reading stopped at the first event already seen.
    expect(calls).toHaveLength(1);
    expect(await reader.readNew()).toEqual([]);
  });
});
