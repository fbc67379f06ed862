// Reads every action input into one record, then validates and converts it, input by input, from
// one table of name, default and parser. The table's names and defaults are checked against
// action.yml by a unit test. Input errors name the input and the fix; nothing is written before
// this passes. Only main.ts sees `Inputs`: it hands each module the few values that module uses.
import * as core from '@actions/core';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError, InputErrors } from './errors.js';
import { normalizePrefix, prefixProblem } from './location.js';

export type Mode = 'deploy' | 'plan' | 'destroy' | 'sweep';

export interface Inputs {
  mode: Mode;
  region: string;
  bucket: string;
  /** Empty, or ends in "/". */
  prefix: string;
  namePrefix: string;
  pipelineFile: string;
  jobsDir: string;
  externalLibsDir: string;
  dataDir: string;
  dbDir: string;
  roleArn?: string;
  stateMachineRoleArn?: string;
  glueVersion: string;
  workerType: string;
  numberOfWorkers: number;
  defaultArguments: Record<string, string>;
  tags: Record<string, string>;
  startExecution: boolean;
  executionInput: string;
  runJob?: string;
  runJobArguments: Record<string, string>;
  wait: boolean;
  waitTimeoutMinutes: number;
  /** Last log lines of a failed run shown per log group; 0 = none. */
  logLines: number;
  prune: boolean;
  /** Take over Glue jobs and the state machine that exist with the target names but are not tagged as anyone's. */
  adoptExisting: boolean;
  endpointUrl?: string;
  /** Connection and idle timeout of each AWS call attempt. */
  awsTimeoutSeconds: number;
  stopOnTimeout: boolean;
  /** How long a deploy waits for another deploy's lock. */
  lockWaitMinutes: number;
  /** Mode sweep: the numbers of the open pull requests (their previews are kept). */
  openPullRequests?: number[];
  /** Role EventBridge Scheduler assumes to start the state machine (needed when the manifest has a schedule). */
  schedulerRoleArn?: string;
  /** Create the manifest's schedule in a preview deploy too. */
  schedulePreviews: boolean;
}

interface ParseContext {
  /** Input name, for messages. */
  name: string;
  mode: Mode;
  env: NodeJS.ProcessEnv;
  /** Records a problem; `label` names the input(s) when it is not just this one. */
  fail: (message: string, fix: string, label?: string) => void;
}

export interface InputSpec<T> {
  /** The input's name in action.yml. */
  name: string;
  /** action.yml's default, used when the value is empty; undefined for a required input. */
  default?: string;
  parse: (value: string, ctx: ParseContext) => T;
}

const text = (value: string) => value;
const optional = (value: string) => value || undefined;

const bool = (value: string, ctx: ParseContext): boolean => {
  const v = value.toLowerCase();
  if (['true', 'yes', '1'].includes(v)) return true;
  if (['false', 'no', '0'].includes(v)) return false;
  ctx.fail(`"${value}" is not a boolean`, 'use true or false');
  return false;
};

const wholeNumber =
  (min: number) =>
  (value: string, ctx: ParseContext): number => {
    const n = Number(value);
    if (Number.isInteger(n) && n >= min) return n;
    ctx.fail(`"${value}" is not a whole number ≥ ${min}`, `set ${ctx.name} to a whole number`);
    return min;
  };

// Fractions are allowed (0.5 = 30 s): handy for smoke checks and tests.
const positiveMinutes = (value: string, ctx: ParseContext): number => {
  const n = Number(value);
  if (Number.isFinite(n) && n > 0) return n;
  ctx.fail(`"${value}" is not a positive number`, `set ${ctx.name} to a number of minutes`);
  return 1;
};

const positiveSeconds = (value: string, ctx: ParseContext): number => {
  const n = Number(value);
  if (Number.isFinite(n) && n > 0 && n <= 600) return n;
  ctx.fail(`"${value}" is not a number of seconds between 0 and 600`, `set ${ctx.name} to e.g. 8`);
  return 8;
};

const map = (value: string, ctx: ParseContext): Record<string, string> => {
  if (value === '') return {};
  try {
    // A YAML warning (an unknown tag, a directive) fails the input here instead of printing on stderr.
    const doc = parseDocument(value, { prettyErrors: false, logLevel: 'error' });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw problem;
    const v: unknown = doc.toJS();
    if (v === null || v === undefined) return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw new Error('not a map');
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]),
    );
  } catch (e) {
    ctx.fail(
      `is not a YAML/JSON map (${(e as Error).message.split('\n')[0]})`,
      'write it as {"KEY": "value"}',
    );
    return {};
  }
};

/** A map of Glue job arguments: every name starts with "--". */
const argumentMap = (value: string, ctx: ParseContext): Record<string, string> => {
  const args = map(value, ctx);
  for (const k of Object.keys(args)) {
    if (!k.startsWith('--'))
      ctx.fail(`argument "${k}"`, 'names start with --', 'default-arguments/run-job-arguments');
  }
  return args;
};

const roleArnSchema = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN');

const roleArn = (value: string, ctx: ParseContext): string | undefined => {
  if (!value) {
    if (ctx.mode === 'deploy')
      ctx.fail('is required in deploy mode', `set ${ctx.name} (an output of infra/bootstrap.yml)`);
    return undefined;
  }
  const r = roleArnSchema.safeParse(value);
  if (!r.success)
    ctx.fail(`"${value}" ${r.error.issues[0]!.message}`, 'use arn:aws:iam::<account>:role/<name>');
  return value;
};

/** A JSON list of pull request numbers (what `gh pr list --json number --jq '[.[].number]'` prints). */
const pullRequestList = (value: string, ctx: ParseContext): number[] | undefined => {
  if (!value) {
    // Without the list every preview would look closed: refuse rather than destroy them all.
    if (ctx.mode === 'sweep')
      ctx.fail(
        'is required in sweep mode',
        "pass the open PR numbers, e.g. from gh pr list --json number --jq '[.[].number]'",
      );
    return undefined;
  }
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    list = undefined;
  }
  if (Array.isArray(list) && list.every((n) => Number.isInteger(n) && n > 0)) return list as number[];
  ctx.fail(`"${value.slice(0, 80)}" is not a JSON list of pull request numbers`, 'write it as [12, 15]');
  return undefined;
};

const MODES: readonly Mode[] = ['deploy', 'plan', 'destroy', 'sweep'];

/** Every input, in the order its problems are reported. */
export const INPUTS: { [K in keyof Inputs]: InputSpec<Inputs[K]> } = {
  mode: {
    name: 'mode',
    default: 'deploy',
    parse: (value, ctx) => {
      if (!MODES.includes(value as Mode))
        ctx.fail(`"${value}" is not a mode`, 'use deploy, plan, destroy or sweep');
      return value as Mode;
    },
  },
  region: {
    name: 'aws-region',
    default: '',
    parse: (value, ctx) => {
      const region = value || ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION || '';
      if (!region) ctx.fail('no region', 'set aws-region or AWS_REGION (configure-aws-credentials sets it)');
      return region;
    },
  },
  bucket: {
    name: 'bucket',
    parse: (value, ctx) => {
      if (!value) ctx.fail('is required', 'set bucket to the artifact bucket (see infra/bootstrap.yml)');
      else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value))
        ctx.fail(`"${value}" is not a valid bucket name`, 'use the bucket name only, without s3://');
      return value;
    },
  },
  executionInput: {
    name: 'execution-input',
    default: '{}',
    parse: (value, ctx) => {
      try {
        JSON.parse(value);
      } catch {
        ctx.fail('is not valid JSON', 'pass a JSON object such as {"date": "2024-01-01"}');
      }
      return value;
    },
  },
  runJobArguments: { name: 'run-job-arguments', default: '{}', parse: argumentMap },
  defaultArguments: { name: 'default-arguments', default: '', parse: argumentMap },
  endpointUrl: {
    name: 'endpoint-url',
    default: '',
    parse: (value, ctx) => {
      if (value && !/^https?:\/\//.test(value)) ctx.fail(`"${value}" is not a URL`, 'use http://host:port');
      return value || undefined;
    },
  },
  roleArn: { name: 'role-arn', default: '', parse: roleArn },
  stateMachineRoleArn: { name: 'state-machine-role-arn', default: '', parse: roleArn },
  numberOfWorkers: { name: 'number-of-workers', default: '2', parse: wholeNumber(2) },
  tags: { name: 'tags', default: '', parse: map },
  startExecution: { name: 'start-execution', default: 'false', parse: bool },
  wait: { name: 'wait', default: 'true', parse: bool },
  waitTimeoutMinutes: { name: 'wait-timeout-minutes', default: '60', parse: positiveMinutes },
  prune: { name: 'prune', default: 'false', parse: bool },
  adoptExisting: { name: 'adopt-existing', default: 'false', parse: bool },
  logLines: {
    name: 'log-lines',
    default: '50',
    parse: (value, ctx) => {
      const n = Number(value);
      // 10000: the most GetLogEvents returns in one call.
      if (Number.isInteger(n) && n >= 0 && n <= 10_000) return n;
      ctx.fail(
        `"${value}" is not a whole number from 0 to 10000`,
        'set log-lines to 50, or 0 to show no log lines',
      );
      return 0;
    },
  },
  prefix: {
    name: 'prefix',
    default: '',
    parse: (value, ctx) => {
      const problem = prefixProblem(value);
      if (problem)
        ctx.fail(
          `"${value}" ${problem}`,
          'use plain folder names separated by single "/", e.g. previews/pr-42/',
        );
      return normalizePrefix(value);
    },
  },
  namePrefix: {
    name: 'name-prefix',
    default: '',
    parse: (value, ctx) => {
      // The characters every Glue job and Step Functions state machine name accepts; the full names'
      // lengths are checked once the manifest is read.
      if (!/^[A-Za-z0-9_-]*$/.test(value))
        ctx.fail(
          `"${value}" has characters a job or state machine name cannot use`,
          'use letters, digits, "-" and "_" only',
        );
      else if (value.length >= 80)
        ctx.fail(
          `is ${value.length} characters long`,
          'keep it under 80 characters: the state machine name starts with it',
        );
      return value;
    },
  },
  pipelineFile: { name: 'pipeline-file', default: 'glue-jobs/pipeline.yml', parse: text },
  jobsDir: { name: 'jobs-dir', default: 'glue-jobs', parse: text },
  externalLibsDir: { name: 'external-libs-dir', default: 'external_libs', parse: text },
  dataDir: { name: 'data-dir', default: 'data', parse: text },
  dbDir: { name: 'db-dir', default: 'db', parse: text },
  glueVersion: { name: 'glue-version', default: '5.0', parse: text },
  workerType: { name: 'worker-type', default: 'G.1X', parse: text },
  runJob: { name: 'run-job', default: '', parse: optional },
  awsTimeoutSeconds: { name: 'aws-timeout-seconds', default: '8', parse: positiveSeconds },
  stopOnTimeout: { name: 'stop-on-timeout', default: 'true', parse: bool },
  lockWaitMinutes: { name: 'lock-wait-minutes', default: '10', parse: positiveMinutes },
  openPullRequests: { name: 'open-pull-requests', default: '', parse: pullRequestList },
  // Required only when the manifest declares a schedule: main checks that once the manifest is read.
  schedulerRoleArn: {
    name: 'scheduler-role-arn',
    default: '',
    parse: (value, ctx) => {
      if (!value) return undefined;
      const r = roleArnSchema.safeParse(value);
      if (!r.success)
        ctx.fail(`"${value}" ${r.error.issues[0]!.message}`, 'use arn:aws:iam::<account>:role/<name>');
      return value;
    },
  },
  schedulePreviews: { name: 'schedule-previews', default: 'false', parse: bool },
};

const NAMES = Object.values(INPUTS).map((s) => s.name);

export type RawInputs = Record<string, string>;

/** Raw values as the runner passes them (INPUT_* variables), trimmed. */
export function readRawInputs(): RawInputs {
  return Object.fromEntries(NAMES.map((n) => [n, core.getInput(n)]));
}

export function parseInputs(raw: RawInputs, env: NodeJS.ProcessEnv = process.env): Inputs {
  const errors: InputError[] = [];
  const context = (name: string, mode: Mode): ParseContext => ({
    name,
    mode,
    env,
    fail: (message, fix, label = name) => errors.push(new InputError(`input ${label}: ${message}`, {}, fix)),
  });
  const value = (spec: InputSpec<unknown>) => raw[spec.name] || (spec.default ?? '');
  // Mode first: what else is required depends on it.
  const mode = INPUTS.mode.parse(value(INPUTS.mode), context('mode', 'deploy'));
  const inputs = Object.fromEntries(
    Object.entries(INPUTS).map(([key, spec]) => [
      key,
      key === 'mode' ? mode : (spec as InputSpec<unknown>).parse(value(spec), context(spec.name, mode)),
    ]),
  ) as unknown as Inputs;
  if (errors.length > 0) throw new InputErrors(errors);
  return inputs;
}

/** The AWS account id, read from a role ARN (no STS call needed). */
export function accountOf(inputs: Pick<Inputs, 'roleArn' | 'stateMachineRoleArn'>): string | undefined {
  return (inputs.roleArn ?? inputs.stateMachineRoleArn)?.split(':')[4];
}
