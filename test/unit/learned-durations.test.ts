// Measured durations: kept in the state object, turned into expectations, and used by the next
// build only when the new schedule is more than 5 % faster than the deployed one (seeded DAGs).
import { describe, expect, it } from 'vitest';
import { randomDag, randomDurations, randomInt, rng } from '../../bench/random-dag.js';
import type { Pipeline } from '../../src/model.js';
import { desiredResources, withMeasuredDurations } from '../../src/plan/desired.js';
import { measuredDurations } from '../../src/run/durations.js';
import type { RunReport } from '../../src/run/index.js';
import { emptyState, nextState, parseState, serializeState, withDurations } from '../../src/s3-sync/state.js';
import { buildDefinition, expected, serializeDefinition } from '../../src/state-machine/asl.js';
import { buildDag } from '../../src/state-machine/dag.js';
import { DURATIONS_KEPT, expectedDuration, withMeasurement } from '../../src/state-machine/durations.js';
import {
  chooseSchedule,
  deployedSchedule,
  expectedSeconds,
  RESTRUCTURE_GAIN,
} from '../../src/state-machine/learned.js';
import { makespan, seriesParallelSchedule } from '../../src/state-machine/schedule.js';
import { jobSpec } from '../helpers/job-spec.js';
import { expectDependenciesHonoured } from '../helpers/state-machine.js';

describe('measured durations', () => {
  it('keep the last five per job; the expectation is their median', () => {
    let h: number[] | undefined;
    for (const d of [100, 10, 30, 20, 500, 40]) h = withMeasurement(h, d);
    expect(h).toEqual([10, 30, 20, 500, 40]);
    expect(h!.length).toBe(DURATIONS_KEPT);
    expect(expectedDuration(h)).toBe(30); // the odd 500 s run does not move it
    expect(expectedDuration([10, 20])).toBe(15);
    expect(expectedDuration([])).toBeUndefined();
  });

  it('are stored in the state object beside the files and jobs, and survive a sync', () => {
    const state = withDurations(
      { ...emptyState('p'), jobs: { 'x-a': ['Role'] } },
      new Map([
        ['x-a', 61.4],
        ['x-gone', 5],
      ]),
      new Set(['x-a', 'x-b']),
    );
    expect(state.durations).toEqual({ 'x-a': [61] }); // rounded; unknown job ignored
    const again = withDurations(state, new Map([['x-b', 7]]), new Set(['x-b']));
    expect(again.durations).toEqual({ 'x-b': [7] }); // x-a left the pipeline: forgotten
    const text = serializeState(state);
    expect(parseState(text, 'p')).toEqual(state);
    expect(parseState(text.replace('61', '"bad"'), 'p').durations).toBeUndefined();
    const synced = nextState(state, [], [], { uploaded: new Map(), deleted: new Set(), prune: false });
    expect(synced.durations).toEqual(state.durations);
    // A state without durations keeps its old bytes.
    expect(serializeState(emptyState('p'))).not.toContain('durations');
  });

  it('come from the succeeded jobs of followed executions only', () => {
    const pipeline = {
      name: 'p',
      stateMachineName: 'x-p',
      jobs: [
        { name: 'a', glueName: 'x-a', dependsOn: [] },
        { name: 'b', glueName: 'x-b', dependsOn: ['a'] },
        { name: 'c', glueName: 'x-c', dependsOn: [] },
      ],
    } as unknown as Pipeline;
    const at = (s: number) => new Date(1_800_000_000_000 + s * 1000);
    const reports: RunReport[] = [
      {
        kind: 'execution',
        status: 'FAILED',
        jobs: new Map([
          ['a', { state: 'a', status: 'SUCCEEDED', startedAt: at(0), endedAt: at(90) }],
          ['b', { state: 'b', status: 'FAILED', startedAt: at(90), endedAt: at(95) }],
        ]),
        failures: [],
      },
      {
        kind: 'job-run',
        status: 'SUCCEEDED',
        jobs: new Map([['c', { state: 'c', status: 'SUCCEEDED', startedAt: at(0), endedAt: at(9) }]]),
        failures: [],
      },
    ];
    expect(measuredDurations(reports, pipeline)).toEqual(new Map([['x-a', 90]]));
  });

  it('become expectations in seconds, the manifest hint winning; none learned: undefined', () => {
    const jobs = [
      { name: 'a', glueName: 'x-a', expectedMinutes: 2 },
      { name: 'b', glueName: 'x-b' },
      { name: 'c', glueName: 'x-c' },
    ];
    expect(expectedSeconds(jobs, { 'x-a': [1], 'x-b': [30, 50, 40] })).toEqual(
      new Map([
        ['a', 120],
        ['b', 40],
      ]),
    );
    expect(expectedSeconds(jobs, { 'x-a': [1] })).toBeUndefined();
    expect(expectedSeconds(jobs, undefined)).toBeUndefined();
  });
});

describe('the deployed schedule is kept unless the new one is more than 5 % faster (seeded DAGs)', () => {
  const cases = () => {
    const random = rng(16_0401);
    return Array.from({ length: 24 }, () => {
      const nodes = randomDag(random, randomInt(random, 6, 24));
      const typical = randomDurations(random, nodes);
      return { nodes, typical, dag: buildDag(nodes) };
    });
  };

  it('reads a deployed definition back to the schedule that renders it byte for byte', () => {
    for (const { nodes, typical, dag } of cases()) {
      for (const hints of [undefined, new Map(nodes.map((n) => [n.name, typical.get(n.glueName)!]))]) {
        const text = serializeDefinition(buildDefinition(nodes, { expectedDurations: hints }));
        const schedule = deployedSchedule(text, dag);
        expect(schedule).toBeDefined();
        const again = serializeDefinition(buildDefinition(nodes, { chooseSchedule: () => schedule! }));
        expect(again).toBe(text);
      }
    }
  });

  it('refuses a deployed definition that misses a job or a dependency', () => {
    for (const { nodes, dag } of cases().slice(0, 10)) {
      const text = serializeDefinition(buildDefinition(nodes));
      const fewer = buildDag(nodes.slice(0, -1).map((n) => ({ ...n, dependsOn: [] })));
      expect(deployedSchedule(text, fewer)).toBeUndefined(); // a job the graph no longer has
      // A new dependency between two jobs the deployed schedule runs side by side.
      const s = seriesParallelSchedule(dag);
      if (s.kind !== 'series' || s.steps[0]!.kind !== 'parallel') continue;
      const first = (x: (typeof s.steps)[number]): number =>
        x.kind === 'job' ? x.node : first(x.kind === 'series' ? x.steps[0]! : x.branches[0]!);
      const [u, v] = s.steps[0]!.branches.map(first) as [number, number];
      const rewired = nodes.map((n) =>
        n.name === dag.names[v] ? { ...n, dependsOn: [...n.dependsOn, dag.names[u]!] } : n,
      );
      expect(deployedSchedule(text, buildDag(rewired))).toBeUndefined();
    }
    expect(deployedSchedule('not json', cases()[0]!.dag)).toBeUndefined();
  });

  it('switches only past the threshold, never loses to the deployed one, and is deterministic', () => {
    let switched = 0;
    let keptDifferent = 0;
    for (const { nodes, typical, dag } of cases()) {
      const deployed = serializeDefinition(buildDefinition(nodes)); // built without durations
      const kept = deployedSchedule(deployed, dag)!;
      const d = expected(dag.names, new Map(nodes.map((n) => [n.name, typical.get(n.glueName)!])))!;
      const fresh = seriesParallelSchedule(dag, { durations: d });
      const chosen = chooseSchedule(dag, d, deployed);
      const gain = 1 - makespan(fresh, d) / makespan(kept, d);
      if (gain > RESTRUCTURE_GAIN) {
        expect(chosen).toEqual(fresh);
        switched++;
      } else {
        expect(chosen).toEqual(kept);
        if (JSON.stringify(fresh) !== JSON.stringify(kept)) keptDifferent++;
      }
      expect(makespan(chosen, d)).toBeLessThanOrEqual(makespan(kept, d));
      const build = () =>
        serializeDefinition(
          buildDefinition(nodes, { chooseSchedule: (g) => chooseSchedule(g, d, deployed) }),
        );
      expect(build()).toBe(build());
      expectDependenciesHonoured(nodes, JSON.parse(build()));
    }
    // The seeded set exercises both sides of the threshold.
    expect(switched).toBeGreaterThan(0);
    expect(keptDifferent).toBeGreaterThan(0);
  });

  it('a plan with measured durations keeps the deployed definition when the gain is small', () => {
    const random = rng(7);
    const nodes = randomDag(random, 20);
    const pipeline = {
      name: 'p',
      stateMachineName: 'x-p',
      jobs: nodes.map((n) => jobSpec(n.name, { glueName: n.glueName, dependsOn: n.dependsOn })),
    } as Pipeline;
    const opts = {
      location: { bucket: 'b', prefix: '' },
      roleArn: '',
      stateMachineRoleArn: '',
      userTags: {},
    };
    const desired = desiredResources(pipeline, opts);
    // No measured durations: the desired resources as they were.
    expect(withMeasuredDurations(desired, pipeline, undefined, undefined, { partition: 'aws' })).toBe(
      desired,
    );
    const equal = Object.fromEntries(nodes.map((n) => [n.glueName, [60]]));
    const deployed = desired.stateMachine.definition;
    const again = withMeasuredDurations(desired, pipeline, equal, deployed, { partition: 'aws' });
    const dag = buildDag(nodes);
    const d = dag.names.map(() => 60);
    const fresh = makespan(seriesParallelSchedule(dag, { durations: d }), d);
    const old = makespan(deployedSchedule(deployed, dag)!, d);
    expect(again.stateMachine.definition === deployed).toBe(fresh >= (1 - RESTRUCTURE_GAIN) * old);
    // No deployed state machine: the fresh build at the measured durations.
    const first = withMeasuredDurations(desired, pipeline, equal, undefined, { partition: 'aws' });
    expect(makespan(deployedSchedule(first.stateMachine.definition, dag)!, d)).toBe(fresh);

    // With notifications, a build at measured durations keeps them, and is read back the same way.
    const notified = {
      ...pipeline,
      notify: { onFailure: 'arn:aws:sns:us-east-1:123456789012:fail', onSuccess: undefined },
    } as Pipeline;
    const withTopic = withMeasuredDurations(desiredResources(notified, opts), notified, equal, undefined, {
      partition: 'aws',
      region: 'us-east-1',
    });
    expect(withTopic.stateMachine.definition).toContain('arn:aws:states:::sns:publish');
    expect(makespan(deployedSchedule(withTopic.stateMachine.definition, dag)!, d)).toBe(fresh);
  });
});

describe('degenerate measured durations', () => {
  it('jobs measured at 0 s (all starting together) still get a valid schedule', () => {
    const random = rng(99);
    for (let i = 0; i < 10; i++) {
      const nodes = randomDag(random, randomInt(random, 6, 20));
      const dag = buildDag(nodes);
      for (const d of [dag.names.map(() => 0), dag.names.map((_, j) => (j % 3 === 0 ? 5 : 0))]) {
        const definition = buildDefinition(nodes, { chooseSchedule: (g) => chooseSchedule(g, d, undefined) });
        expectDependenciesHonoured(nodes, definition);
      }
    }
  });
});
