// The schedule a deploy builds once job durations have been measured: the fresh schedule at the
// expected durations, unless the deployed one is within RESTRUCTURE_GAIN of it. Durations move
// a little with every run; without the threshold each deploy after a run could reorder the
// Parallel states (an update, a new version) for a gain smaller than that noise.

import type { AslDefinition, AslState, AslStateMachine } from './asl.js';
import type { Dag } from './dag.js';
import { expectedDuration } from './durations.js';
import { makespan, parallel, type Schedule, series, seriesParallelSchedule } from './schedule.js';

/** The fresh schedule replaces the deployed one only when its predicted makespan is this much shorter. */
export const RESTRUCTURE_GAIN = 0.05;

export interface DurationJob {
  name: string;
  glueName: string;
  /** Manifest `expected-minutes`. */
  expectedMinutes?: number;
}

/**
 * Expected seconds by manifest name: `expected-minutes` where the manifest gives it, else the
 * median of the job's measured durations (state object, by Glue name). Undefined when no job
 * without a hint has a measurement: the manifest alone decides, as on a first deploy.
 */
export function expectedSeconds(
  jobs: readonly DurationJob[],
  measured: Readonly<Record<string, readonly number[]>> | undefined,
): Map<string, number> | undefined {
  const out = new Map<string, number>();
  let learned = 0;
  for (const job of jobs) {
    if (job.expectedMinutes !== undefined) {
      out.set(job.name, job.expectedMinutes * 60);
      continue;
    }
    const d = expectedDuration(measured?.[job.glueName]);
    if (d === undefined) continue;
    out.set(job.name, d);
    learned++;
  }
  return learned > 0 ? out : undefined;
}

/**
 * The schedule to deploy: fresh at `durations` (index order), or the deployed one when it
 * honours the graph and the fresh one is not more than RESTRUCTURE_GAIN faster at those durations.
 * Deterministic: the same graph, durations and deployed definition give the same schedule.
 */
export function chooseSchedule(
  dag: Dag,
  durations: readonly number[],
  deployed: string | undefined,
): Schedule {
  const fresh = seriesParallelSchedule(dag, { durations });
  const kept = deployed === undefined ? undefined : deployedSchedule(deployed, dag);
  if (!kept) return fresh;
  return makespan(fresh, durations) < (1 - RESTRUCTURE_GAIN) * makespan(kept, durations) ? fresh : kept;
}

/**
 * The schedule a deployed definition runs, read back from its Glue tasks (by JobName) and
 * Parallel states; other states (the run-argument Pass states, anything not starting a Glue job)
 * are skipped. Undefined when it does not run each job of `dag` exactly once after its
 * dependencies (jobs added, removed, renamed or re-wired), or cannot be read.
 */
export function deployedSchedule(definition: string, dag: Dag): Schedule | undefined {
  let parsed: AslDefinition;
  try {
    parsed = JSON.parse(definition) as AslDefinition;
  } catch {
    return undefined;
  }
  const index = new Map(dag.nodes.map((node, i) => [node.glueName, i]));
  const seen = new Set<number>();
  // null: a (sub-)machine without Glue tasks; undefined: unreadable.
  const read = (machine: AslStateMachine | undefined, depth: number): Schedule | null | undefined => {
    if (!machine || typeof machine.States !== 'object' || depth > 100) return undefined;
    const steps: Schedule[] = [];
    const visited = new Set<string>();
    for (let name: string | undefined = machine.StartAt; name !== undefined; ) {
      const state = machine.States[name] as AslState | undefined;
      if (!state || visited.has(name)) return undefined;
      visited.add(name);
      if (state.Type === 'Parallel') {
        const branches = (state.Branches ?? []).map((b) => read(b, depth + 1));
        if (branches.some((b) => b === undefined)) return undefined;
        const present = branches.filter((b): b is Schedule => b !== null && b !== undefined);
        if (present.length > 0) steps.push(parallel(present));
      } else if (state.Type === 'Task' && String(state.Resource).includes(':glue:startJobRun')) {
        const v = index.get(String(state.Parameters?.JobName));
        if (v === undefined || seen.has(v)) return undefined;
        seen.add(v);
        steps.push({ kind: 'job', node: v });
      }
      name = 'Next' in state ? state.Next : undefined;
    }
    return steps.length > 0 ? series(steps) : null;
  };
  const schedule = read(parsed, 0);
  if (!schedule || seen.size !== dag.names.length) return undefined;
  return honoursGraph(schedule, dag) ? schedule : undefined;
}

/** Every dependency u → v of the graph has u in an earlier step of a sequence than v. */
function honoursGraph(schedule: Schedule, dag: Dag): boolean {
  const n = dag.names.length;
  // after[v]: the jobs the schedule runs before v starts.
  const after: Set<number>[] = Array.from({ length: n }, () => new Set());
  const jobsOf = (s: Schedule): number[] =>
    s.kind === 'job' ? [s.node] : (s.kind === 'series' ? s.steps : s.branches).flatMap(jobsOf);
  const walk = (s: Schedule, earlier: number[]): void => {
    if (s.kind === 'job') {
      for (const u of earlier) after[s.node]!.add(u);
    } else if (s.kind === 'parallel') {
      for (const b of s.branches) walk(b, earlier);
    } else {
      let acc = earlier;
      for (const step of s.steps) {
        walk(step, acc);
        acc = [...acc, ...jobsOf(step)];
      }
    }
  };
  walk(schedule, []);
  for (let v = 0; v < n; v++) for (const u of dag.preds[v]!) if (!after[v]!.has(u)) return false;
  // Direct dependencies suffice: the schedule's order is transitive.
  return true;
}
