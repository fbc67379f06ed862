// The pipeline's Step Functions definition (Amazon States Language), built from the job graph.
//
// Shape: a series-parallel schedule (see schedule.ts) rendered as nested Parallel states; each job
// is one Task "glue:startJobRun.sync" (start the run and wait for it to end), run exactly once.
// Jobs with no dependency path between them run at the same time unless the graph is not
// series-parallel, where the fewest, cheapest extra waits are added (never more than layering).
//
// Why not an exact schedule on every DAG? Step Functions has no way for one branch of a Parallel to
// wait for a state in another branch. Running one branch per job that waits for its dependencies
// would need either (a) a polling loop per job (Wait → aws-sdk:glue:getJobRuns → Choice): ~3
// billed transitions and ~8 history events per poll per waiting job, e.g. 60 jobs polling every
// 30 s through a 30-minute pipeline is ~3,600 polls, ~29,000 events, over the hard limit of 25,000
// history events per execution, plus half a poll interval of latency per dependency and Glue API
// throttling; and telling *this* execution's run apart needs an extra job argument; or (b) task
// tokens (.waitForTaskToken) handed from finishing jobs to waiting ones through a store and a
// function (DynamoDB + Lambda or EventBridge): infrastructure this action does not own. The
// series-parallel schedule costs nothing extra per run and is within a few percent of the critical
// path on random DAGs (bench/schedule.ts prints the figures).
//
// Failure behaviour (the default of Task inside Parallel, deliberately): a Glue run that ends
// FAILED, TIMEOUT or STOPPED makes its Task fail with error "States.TaskFailed" and the run's
// details (JSON with ErrorMessage, JobRunId, ...) as cause; the failure fails each enclosing
// Parallel, which stops its other branches, and the execution fails with that same error and
// cause. Jobs that did not start yet are not started. A failed run is not retried here: Glue's own
// MaxRetries (the manifest's max-retries) retries the run inside the Task. What the Task retries
// (manifest `start-retries`) are the transient errors of *starting* a run (START_RETRY_ERRORS):
// they happen before any run exists, so a retry never runs a job twice.
//
// Run arguments: the execution input may carry {"arguments": {...}, "jobs": {"<job>": {"arguments":
// {...}}}} (both optional). Three Pass states first fill in what is missing (intrinsic functions fail
// on a missing path, and States.JsonMerge only merges shallowly, hence one level per state); each
// Task then starts its run with States.JsonMerge(pipeline arguments, its own), so per-job values win.
//
// Data: after the Pass states the state data is the normalised arguments (its size follows the
// input, not the number of runs); every Task and Parallel has ResultPath null, so no state output
// grows with the number of jobs (the 256 KiB payload limit). The original input stays in
// $$.Execution.Input. Run details are in the execution history (TaskSucceeded/TaskFailed events,
// per state name: see jobsByStateName).

import type { GraphNode } from '../model.js';
import { compareCodeUnits } from '../order.js';
import { buildDag, type Dag } from './dag.js';
import { layeredSchedule, type Schedule, seriesParallelSchedule } from './schedule.js';

export const GLUE_START_JOB_RUN_SYNC = 'arn:aws:states:::glue:startJobRun.sync';

/** The Glue task's resource in a partition (aws-cn and aws-us-gov name their own). */
export const glueStartJobRunSync = (partition = 'aws') => `arn:${partition}:states:::glue:startJobRun.sync`;

/** Hard quota of Step Functions on the definition (UTF-8 bytes). */
export const MAX_DEFINITION_BYTES = 1024 * 1024;
/** Hard quota on the events of one Standard execution's history. */
export const MAX_HISTORY_EVENTS = 25_000;

/** Errors of glue:startJobRun that mean "try again later": no run was started. */
export const START_RETRY_ERRORS = [
  'Glue.ConcurrentRunsExceededException',
  'Glue.ThrottlingException',
  'Glue.InternalServiceException',
  'Glue.OperationTimeoutException',
] as const;

/** Retries of a job start when the manifest gives no `start-retries`. */
export const DEFAULT_START_RETRIES = 3;

/**
 * Backoff of start retries: ~10 s, 30 s, 90 s... (full jitter, so that jobs refused together do not
 * come back together), never more than 5 minutes apart.
 */
export const START_RETRY_BACKOFF = { IntervalSeconds: 10, BackoffRate: 3, MaxDelaySeconds: 300 } as const;

export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds: number;
  BackoffRate: number;
  MaxAttempts: number;
  MaxDelaySeconds: number;
  JitterStrategy: 'FULL';
}

export interface AslTaskState {
  Type: 'Task';
  Resource: string;
  Parameters: { JobName: string; 'Arguments.$'?: string };
  ResultPath: null;
  Retry?: AslRetrier[];
  /** Only with failure notifications (notify.ts). */
  Catch?: AslCatcher[];
  Next?: string;
  End?: true;
}

export interface AslPassState {
  Type: 'Pass';
  Parameters: Record<string, unknown>;
  ResultPath?: string;
  Next: string;
}

export interface AslParallelState {
  Type: 'Parallel';
  Branches: AslStateMachine[];
  ResultPath: null;
  Catch?: AslCatcher[];
  Next?: string;
  End?: true;
}

// The states below are used only by the notifications (notify.ts).
export interface AslCatcher {
  ErrorEquals: string[];
  ResultPath: string;
  Next: string;
}

/** A service task other than a Glue job (the SNS publish of a notification). */
export interface AslPublishState {
  Type: 'Task';
  Resource: string;
  Parameters: Record<string, unknown>;
  ResultPath: null;
  Retry?: AslRetrier[];
  Catch?: AslCatcher[];
  Next: string;
}

export interface AslChoiceState {
  Type: 'Choice';
  Choices: (Record<string, unknown> & { Next: string })[];
  Default: string;
}

export interface AslFailState {
  Type: 'Fail';
  ErrorPath: string;
  CausePath: string;
}

export interface AslSucceedState {
  Type: 'Succeed';
}

export type AslState =
  | AslTaskState
  | AslParallelState
  | AslPassState
  | AslPublishState
  | AslChoiceState
  | AslFailState
  | AslSucceedState;

export interface AslStateMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface AslDefinition extends AslStateMachine {
  Comment?: string;
}

export interface BuildOptions {
  comment?: string;
  /** 'series-parallel' (default) or the 'layered' baseline (one Parallel per level; for comparison). */
  schedule?: 'series-parallel' | 'layered';
  /**
   * Expected duration of jobs by manifest name (any unit, e.g. seconds of the last run). Lets the
   * schedule trade waits by how long they are likely to be; jobs without one get the median.
   */
  expectedDurations?: ReadonlyMap<string, number>;
  /** AWS partition of the task resources (default aws). */
  partition?: string;
  /** Picks the schedule instead (learned.ts: measured durations, keep the deployed one). */
  chooseSchedule?: (dag: Dag) => Schedule;
}

/**
 * The state machine definition for these jobs. Deterministic: the same jobs in any order give
 * byte-identical JSON (JSON.stringify keeps the insertion order used here).
 */
export function buildDefinition(nodes: readonly GraphNode[], opts: BuildOptions = {}): AslDefinition {
  if (nodes.length === 0) throw new Error('state machine: no jobs');
  const dag = buildDag(nodes);
  const schedule =
    opts.schedule === 'layered'
      ? layeredSchedule(dag)
      : (opts.chooseSchedule?.(dag) ??
        seriesParallelSchedule(dag, { durations: expected(dag.names, opts.expectedDurations) }));
  const taskNames = assignStateNames(dag.names);
  const renderer = new Renderer(dag, taskNames, glueStartJobRunSync(opts.partition));
  const machine = renderer.withRunArguments(renderer.machine(schedule));
  const definition: AslDefinition =
    opts.comment === undefined ? machine : { Comment: opts.comment, ...machine };
  checkQuotas(definition, nodes.length, renderer.parallelCount);
  return definition;
}

/** Durations in index order; jobs without one get the median of the known ones. */
export function expected(names: readonly string[], known: ReadonlyMap<string, number> | undefined) {
  if (!known || known.size === 0) return undefined;
  const values = names.map((n) => known.get(n)).filter((d): d is number => d !== undefined && d >= 0);
  values.sort((a, b) => a - b);
  const median = values.length > 0 ? values[Math.floor(values.length / 2)]! : 1;
  return names.map((n) => {
    const d = known.get(n);
    return d !== undefined && d >= 0 ? d : median;
  });
}

/** Task state name → job, so execution history events (which carry state names) map to jobs. */
export function jobsByStateName(nodes: readonly GraphNode[]): Map<string, GraphNode> {
  const sorted = [...nodes].sort((a, b) => compareCodeUnits(a.name, b.name));
  const names = assignStateNames(sorted.map((n) => n.name));
  return new Map(sorted.map((node, i) => [names[i]!, node]));
}

/** The JSON sent to Step Functions (stable formatting, so definitions can be compared as text). */
export function serializeDefinition(definition: AslDefinition): string {
  return JSON.stringify(definition, null, 2);
}

// State names: at most 80 characters, and only letters, digits, '-' and '_', which is what
// CloudWatch logging accepts (Step Functions itself forbids whitespace, brackets and
// "#%\^|~`$&,;:/?*). A manifest name that fits is used as is.
const MAX_STATE_NAME = 80;
const SAFE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

function assignStateNames(names: readonly string[]): string[] {
  const taken = new Set(names.filter((n) => SAFE_NAME.test(n)));
  return names.map((name) => {
    if (SAFE_NAME.test(name)) return name;
    // Replace what is not allowed, then make it unique with a hash of the original name.
    const base = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_STATE_NAME - 9);
    let candidate = `${base}_${hash8(name)}`;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${hash8(`${name}#${i}`)}`;
    taken.add(candidate);
    return candidate;
  });
}

/** FNV-1a, 32 bits, as 8 hex digits: short, stable, no crypto needed. */
function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

class Renderer {
  parallelCount = 0;
  private readonly used: Set<string>;

  constructor(
    private readonly dag: Dag,
    private readonly taskNames: readonly string[],
    private readonly taskResource: string = GLUE_START_JOB_RUN_SYNC,
  ) {
    this.used = new Set(taskNames);
  }

  /** A (sub-)state machine running `schedule`: its steps chained with Next, the last one End. */
  machine(schedule: Schedule): AslStateMachine {
    const steps = schedule.kind === 'series' ? schedule.steps : [schedule];
    const named = steps.map((step) => [this.nameOf(step), step] as const);
    const States: Record<string, AslState> = {};
    named.forEach(([name, step], i) => {
      const next = named[i + 1]?.[0];
      States[name] = this.state(step, next);
    });
    return { StartAt: named[0]![0], States };
  }

  /**
   * The four Pass states that normalise the execution input, then `machine`. After them the state
   * data is {"arguments": {...}, "jobs": {"<key>": {"arguments": {...}}}} with every key present
   * (keys from runArgumentsKey: a job name may hold "-", which a path inside an intrinsic function
   * cannot).
   */
  withRunArguments(machine: AslStateMachine): AslStateMachine {
    const [input, jobs, keys, args] = ['Run_input', 'Run_jobs', 'Run_job_keys', 'Run_arguments'].map((n) =>
      this.reserve(n),
    ) as [string, string, string, string];
    const names = this.dag.names.filter(hasRunArguments);
    const byKey: Record<string, string> = {};
    const defaulted: Record<string, string> = {};
    for (const name of names) {
      const key = runArgumentsKey(name);
      byKey[`${key}.$`] = `$.jobs['${name}']`;
      defaulted[`${key}.$`] = `States.JsonMerge(${literal({ arguments: {} })}, $.jobs.${key}, false)`;
    }
    const States: Record<string, AslState> = {
      [input]: {
        Type: 'Pass',
        Parameters: { 'input.$': `States.JsonMerge(${literal({ arguments: {}, jobs: {} })}, $, false)` },
        Next: jobs,
      },
      [jobs]: {
        Type: 'Pass',
        Parameters: {
          'arguments.$': '$.input.arguments',
          'jobs.$': `States.JsonMerge(${literal(Object.fromEntries(names.map((n) => [n, {}])))}, $.input.jobs, false)`,
        },
        Next: keys,
      },
      [keys]: { Type: 'Pass', Parameters: { 'arguments.$': '$.arguments', jobs: byKey }, Next: args },
      [args]: {
        Type: 'Pass',
        Parameters: { 'arguments.$': '$.arguments', jobs: defaulted },
        Next: machine.StartAt,
      },
      ...machine.States,
    };
    return { StartAt: input, States };
  }

  private state(step: Schedule, next: string | undefined): AslState {
    const tail = next === undefined ? { End: true as const } : { Next: next };
    if (step.kind === 'job') {
      const node = this.dag.nodes[step.node]!;
      const retries = node.startRetries ?? DEFAULT_START_RETRIES;
      return {
        Type: 'Task',
        Resource: this.taskResource,
        Parameters: {
          JobName: node.glueName,
          'Arguments.$': hasRunArguments(node.name)
            ? `States.JsonMerge($.arguments, $.jobs.${runArgumentsKey(node.name)}.arguments, false)`
            : '$.arguments',
        },
        ResultPath: null,
        ...(retries > 0
          ? {
              Retry: [
                {
                  ErrorEquals: [...START_RETRY_ERRORS],
                  ...START_RETRY_BACKOFF,
                  MaxAttempts: retries,
                  JitterStrategy: 'FULL' as const,
                },
              ],
            }
          : {}),
        ...tail,
      };
    }
    if (step.kind === 'parallel') {
      return {
        Type: 'Parallel',
        Branches: step.branches.map((b) => this.machine(b)),
        ResultPath: null,
        ...tail,
      };
    }
    throw new Error('internal: a series step inside a series');
  }

  /**
   * Tasks keep their job's name; Parallel states are numbered in the order they are laid out
   * ("Parallel_1"...), skipping any name a job already uses.
   */
  private nameOf(step: Schedule): string {
    if (step.kind === 'job') return this.taskNames[step.node]!;
    let name: string;
    do name = `Parallel_${++this.parallelCount}`;
    while (this.used.has(name));
    this.used.add(name);
    return name;
  }

  /** `base`, or `base_2`, `base_3`... when a job already has that name. */
  private reserve(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

/**
 * Whether a job can be given its own run arguments: its name must be usable as a JSONPath step and
 * inside a quoted intrinsic argument. Manifest names always are; a script name from jobs-dir alone
 * may not be (such a job gets the pipeline's arguments only).
 */
export function hasRunArguments(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,80}$/.test(name);
}

/** A job's key in the normalised arguments: letters, digits and "_" only, one per name ("_" → "__", "-" → "_h"). */
function runArgumentsKey(name: string): string {
  return `j_${name.replace(/_/g, '__').replace(/-/g, '_h')}`;
}

/** A JSON value as an intrinsic-function argument: States.StringToJson('<json>'). */
function literal(value: unknown): string {
  return `States.StringToJson('${JSON.stringify(value)}')`;
}

function checkQuotas(definition: AslDefinition, jobs: number, parallels: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(definition), 'utf8');
  if (bytes > MAX_DEFINITION_BYTES) {
    throw new Error(
      `state machine: definition is ${bytes} bytes, over the Step Functions limit of ${MAX_DEFINITION_BYTES}`,
    );
  }
  // A successful Task logs 6 events (entered, scheduled, started, submitted, succeeded, exited), a
  // Parallel 4, the execution 2.
  const events = 6 * jobs + 4 * parallels + 2;
  if (events > MAX_HISTORY_EVENTS) {
    throw new Error(
      `state machine: an execution would log ~${events} history events, over the limit of ${MAX_HISTORY_EVENTS}; split the pipeline`,
    );
  }
}
