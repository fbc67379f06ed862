// Reading a definition back, for the tests and the benchmark: which jobs are certain to have finished
// before each job starts, and how long an execution takes for given job durations (Task =
// its duration, Parallel = the longest branch, a sequence = the sum). Covers the states buildDefinition
// emits (Task, Parallel) plus Pass and Succeed; anything else is refused rather than guessed.

export interface SimState {
  Type: string;
  Next?: string;
  End?: boolean;
  Parameters?: unknown;
  Branches?: SimMachine[];
}

export interface SimMachine {
  StartAt: string;
  States: Record<string, SimState>;
}

export interface TaskInfo {
  /** Parameters.JobName of the Task, if any. */
  jobName?: string;
  /** Task states that finish before this one starts, in every execution. */
  after: ReadonlySet<string>;
  /** Depth of Parallel nesting around the task. */
  depth: number;
}

export interface Analysis {
  tasks: Map<string, TaskInfo>;
  /** Deepest Parallel nesting. */
  depth: number;
}

/**
 * Walks the definition once, checking it is a well-formed tree of sequences and Parallels (every
 * state reachable, each visited once, each sequence ends), and records each task's predecessors.
 */
export function analyze(definition: SimMachine): Analysis {
  const tasks = new Map<string, TaskInfo>();
  let maxDepth = 0;
  const run = (machine: SimMachine, done: ReadonlySet<string>, depth: number): Set<string> => {
    maxDepth = Math.max(maxDepth, depth);
    let finished = new Set(done);
    walk(machine, (name, state) => {
      if (state.Type === 'Task') {
        if (tasks.has(name)) throw new Error(`state name "${name}" used twice`);
        tasks.set(name, { jobName: jobNameOf(state), after: new Set(finished), depth });
        finished.add(name);
      } else if (state.Type === 'Parallel') {
        const before = finished;
        finished = new Set(before);
        for (const branch of branchesOf(name, state))
          for (const t of run(branch, before, depth + 1)) finished.add(t);
      } else if (state.Type !== 'Pass' && state.Type !== 'Succeed') {
        throw new Error(`state "${name}": type ${state.Type} is not supported here`);
      }
    });
    return finished;
  };
  run(definition, new Set(), 0);
  return { tasks, depth: maxDepth };
}

export interface Simulation {
  makespan: number;
  /** Start and finish time of each Task state. */
  runs: Map<string, { start: number; finish: number }>;
}

/** Times an execution where each Task takes duration(stateName, jobName) and nothing else takes time. */
export function simulate(
  definition: SimMachine,
  duration: (stateName: string, jobName: string | undefined) => number,
): Simulation {
  const runs = new Map<string, { start: number; finish: number }>();
  const run = (machine: SimMachine, start: number): number => {
    let t = start;
    walk(machine, (name, state) => {
      if (state.Type === 'Task') {
        const d = duration(name, jobNameOf(state));
        if (!(d >= 0)) throw new Error(`no valid duration for task "${name}"`);
        runs.set(name, { start: t, finish: t + d });
        t += d;
      } else if (state.Type === 'Parallel') {
        const from = t;
        for (const branch of branchesOf(name, state)) t = Math.max(t, run(branch, from));
      } else if (state.Type !== 'Pass' && state.Type !== 'Succeed') {
        throw new Error(`state "${name}": type ${state.Type} is not supported here`);
      }
    });
    return t;
  };
  const makespan = run(definition, 0);
  return { makespan, runs };
}

/** Visits a sequence of states from StartAt to the state that ends it. */
function walk(machine: SimMachine, visit: (name: string, state: SimState) => void): void {
  const seen = new Set<string>();
  let name: string | undefined = machine.StartAt;
  while (name !== undefined) {
    const state: SimState | undefined = machine.States[name];
    if (!state) throw new Error(`transition to unknown state "${name}"`);
    if (seen.has(name)) throw new Error(`state "${name}" is visited twice (a loop)`);
    seen.add(name);
    visit(name, state);
    const ends = state.End === true || state.Type === 'Succeed';
    if (ends === (state.Next !== undefined))
      throw new Error(`state "${name}" needs exactly one of Next and End`);
    name = state.Next;
  }
  const unreachable = Object.keys(machine.States).filter((s) => !seen.has(s));
  if (unreachable.length > 0) throw new Error(`unreachable states: ${unreachable.join(', ')}`);
}

function branchesOf(name: string, state: SimState): SimMachine[] {
  if (!state.Branches || state.Branches.length === 0) throw new Error(`Parallel "${name}" has no branches`);
  return state.Branches;
}

function jobNameOf(state: SimState): string | undefined {
  const params = state.Parameters as { JobName?: unknown } | undefined;
  return typeof params?.JobName === 'string' ? params.JobName : undefined;
}
