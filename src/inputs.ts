// Reads every action input into one record, then validates and converts it with one schema per mode
// (deploy / plan / destroy). Input errors name the input and the fix; nothing is written before this passes.
import * as core from '@actions/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError, InputErrors } from './errors.js';

export type Mode = 'deploy' | 'plan' | 'destroy';

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
  prune: boolean;
  endpointUrl?: string;
}

const NAMES = [
  'aws-region',
  'bucket',
  'prefix',
  'name-prefix',
  'pipeline-file',
  'jobs-dir',
  'external-libs-dir',
  'data-dir',
  'db-dir',
  'role-arn',
  'state-machine-role-arn',
  'glue-version',
  'worker-type',
  'number-of-workers',
  'default-arguments',
  'tags',
  'mode',
  'start-execution',
  'execution-input',
  'run-job',
  'run-job-arguments',
  'wait',
  'wait-timeout-minutes',
  'prune',
  'endpoint-url',
] as const;

export type RawInputs = Record<(typeof NAMES)[number], string>;

/** Raw values as the runner passes them (INPUT_* variables), trimmed. */
export function readRawInputs(): RawInputs {
  return Object.fromEntries(NAMES.map((n) => [n, core.getInput(n)])) as RawInputs;
}

const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN');

export function parseInputs(raw: RawInputs, env: NodeJS.ProcessEnv = process.env): Inputs {
  const errors: InputError[] = [];
  const fail = (input: string, message: string, fix: string) =>
    errors.push(new InputError(`input ${input}: ${message}`, {}, fix));

  const mode = (raw.mode || 'deploy') as Mode;
  if (!['deploy', 'plan', 'destroy'].includes(mode)) {
    fail('mode', `"${raw.mode}" is not a mode`, 'use deploy, plan or destroy');
  }
  const region = raw['aws-region'] || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!region)
    fail('aws-region', 'no region', 'set aws-region or AWS_REGION (configure-aws-credentials sets it)');
  if (!raw.bucket)
    fail('bucket', 'is required', 'set bucket to the artifact bucket (see infra/bootstrap.yml)');
  else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw.bucket)) {
    fail('bucket', `"${raw.bucket}" is not a valid bucket name`, 'use the bucket name only, without s3://');
  }
  const prefix = raw.prefix.replace(/^\/+/, '');
  const bool = (name: keyof RawInputs, fallback: boolean): boolean => {
    const v = raw[name].toLowerCase();
    if (v === '') return fallback;
    if (['true', 'yes', '1'].includes(v)) return true;
    if (['false', 'no', '0'].includes(v)) return false;
    fail(name, `"${raw[name]}" is not a boolean`, 'use true or false');
    return fallback;
  };
  const int = (name: keyof RawInputs, fallback: number, min: number): number => {
    if (raw[name] === '') return fallback;
    const n = Number(raw[name]);
    if (!Number.isInteger(n) || n < min) {
      fail(name, `"${raw[name]}" is not a whole number ≥ ${min}`, `set ${name} to a whole number`);
      return fallback;
    }
    return n;
  };
  // Fractions are allowed (0.5 = 30 s): handy for smoke checks and tests.
  const positiveNumber = (name: keyof RawInputs, fallback: number): number => {
    if (raw[name] === '') return fallback;
    const n = Number(raw[name]);
    if (!Number.isFinite(n) || n <= 0) {
      fail(name, `"${raw[name]}" is not a positive number`, `set ${name} to a number of minutes`);
      return fallback;
    }
    return n;
  };
  const map = (name: keyof RawInputs): Record<string, string> => {
    if (raw[name] === '') return {};
    try {
      const v: unknown = parseYaml(raw[name]);
      if (v === null || v === undefined) return {};
      if (typeof v !== 'object' || Array.isArray(v)) throw new Error('not a map');
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]),
      );
    } catch (e) {
      fail(
        name,
        `is not a YAML/JSON map (${(e as Error).message.split('\n')[0]})`,
        'write it as {"KEY": "value"}',
      );
      return {};
    }
  };
  const arn = (name: 'role-arn' | 'state-machine-role-arn'): string | undefined => {
    if (!raw[name]) {
      if (mode === 'deploy')
        fail(name, 'is required in deploy mode', `set ${name} (an output of infra/bootstrap.yml)`);
      return undefined;
    }
    const r = roleArn.safeParse(raw[name]);
    if (!r.success)
      fail(name, `"${raw[name]}" ${r.error.issues[0]!.message}`, 'use arn:aws:iam::<account>:role/<name>');
    return raw[name];
  };
  const executionInput = raw['execution-input'] || '{}';
  try {
    JSON.parse(executionInput);
  } catch {
    fail('execution-input', 'is not valid JSON', 'pass a JSON object such as {"date": "2024-01-01"}');
  }
  const runJobArguments = map('run-job-arguments');
  const defaultArguments = map('default-arguments');
  for (const k of [...Object.keys(runJobArguments), ...Object.keys(defaultArguments)]) {
    if (!k.startsWith('--'))
      fail('default-arguments/run-job-arguments', `argument "${k}"`, 'names start with --');
  }
  const endpointUrl = raw['endpoint-url'] || undefined;
  if (endpointUrl && !/^https?:\/\//.test(endpointUrl)) {
    fail('endpoint-url', `"${endpointUrl}" is not a URL`, 'use http://host:port');
  }

  const inputs: Inputs = {
    mode,
    region,
    bucket: raw.bucket,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    namePrefix: raw['name-prefix'],
    pipelineFile: raw['pipeline-file'] || 'glue-jobs/pipeline.yml',
    jobsDir: raw['jobs-dir'] || 'glue-jobs',
    externalLibsDir: raw['external-libs-dir'] || 'external_libs',
    dataDir: raw['data-dir'] || 'data',
    dbDir: raw['db-dir'] || 'db',
    roleArn: arn('role-arn'),
    stateMachineRoleArn: arn('state-machine-role-arn'),
    glueVersion: raw['glue-version'] || '5.0',
    workerType: raw['worker-type'] || 'G.1X',
    numberOfWorkers: int('number-of-workers', 2, 2),
    defaultArguments,
    tags: map('tags'),
    startExecution: bool('start-execution', false),
    executionInput,
    runJob: raw['run-job'] || undefined,
    runJobArguments,
    wait: bool('wait', true),
    waitTimeoutMinutes: positiveNumber('wait-timeout-minutes', 60),
    prune: bool('prune', false),
    endpointUrl,
  };
  if (errors.length > 0) throw new InputErrors(errors);
  return inputs;
}

/** The AWS account id, read from a role ARN (no STS call needed). */
export function accountOf(inputs: Pick<Inputs, 'roleArn' | 'stateMachineRoleArn'>): string | undefined {
  return (inputs.roleArn ?? inputs.stateMachineRoleArn)?.split(':')[4];
}
