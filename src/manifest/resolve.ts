// Manifest → Pipeline: defaults merged, placeholders expanded, graph and scripts checked.
// Every problem is collected and reported together, each at its file:line.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, InputErrors } from '../errors.js';
import type { ExecutionClass, JobSpec, Pipeline } from '../model.js';
import { checkExecutionClass, checkWorker } from './glue-limits.js';
import { findCycle } from './graph.js';
import type { DefaultsInput, JobInput, ManifestInput } from './schema.js';

export interface ResolveContext {
  /** Absolute repository root. */
  root: string;
  /** Repository-relative manifest path (for messages); undefined when there is no manifest. */
  manifestFile?: string;
  /** Repository-relative jobs folder. */
  jobsDir: string;
  namePrefix: string;
  /** Pipeline name when the manifest gives none. */
  defaultName: string;
  /** Action inputs: below the manifest's defaults. */
  inputDefaults: {
    glueVersion: string;
    workerType: string;
    numberOfWorkers: number;
    arguments: Record<string, string>;
  };
  /** Values of {bucket} {prefix} {region} {account} {name-prefix}; {job} is per job. */
  placeholders: Record<string, string | undefined>;
}

const BUILT_IN_DEFAULTS = { timeout: 30, 'max-retries': 0, 'execution-class': 'STANDARD' as ExecutionClass };

type LineOf = (path: (string | number)[]) => number | undefined;

export function resolvePipeline(
  manifest: ManifestInput,
  ctx: ResolveContext,
  jobLines: Map<string, number> = new Map(),
  lineOf: LineOf = () => undefined,
): Pipeline {
  const file = ctx.manifestFile;
  const errors: InputError[] = [];
  const names = Object.keys(manifest.jobs);
  if (names.length === 0) {
    errors.push(
      new InputError(
        'the pipeline declares no jobs',
        { file, line: lineOf(['jobs']) },
        'add at least one job under "jobs:"',
      ),
    );
  }
  const glueNames = new Map<string, string>();
  const jobs = names.map((name) =>
    resolveJob(name, manifest, ctx, { file, line: jobLines.get(name), lineOf, errors, glueNames }),
  );
  errors.push(...graphErrors(jobs, names, file, jobLines, lineOf));
  if (errors.length > 0) throw new InputErrors(errors);

  const name = manifest.name ?? ctx.defaultName;
  return { name, stateMachineName: `${ctx.namePrefix}${name}`, jobs, manifestFile: file };
}

interface JobScope {
  file?: string;
  /** Line of the job's key. */
  line?: number;
  lineOf: LineOf;
  /** Where the job's problems are collected. */
  errors: InputError[];
  /** Lower-cased Glue names of the jobs resolved so far → their manifest names. */
  glueNames: Map<string, string>;
}

/** One job: defaults merged, Glue limits and script checked, argument placeholders expanded. */
function resolveJob(name: string, manifest: ManifestInput, ctx: ResolveContext, scope: JobScope): JobSpec {
  const { file, line, lineOf, errors } = scope;
  const glueName = `${ctx.namePrefix}${name}`;
  const defaults: DefaultsInput = manifest.defaults ?? {};
  const job: JobInput = manifest.jobs[name] ?? {};
  // Line of a setting: on the job, else in defaults, else the job's key.
  const settingLine = (...key: string[]) =>
    lineOf(['jobs', name, ...key]) ?? lineOf(['defaults', ...key]) ?? line;
  const fail = (message: string, at: number | undefined, fix: string) =>
    errors.push(new InputError(`job "${name}"${message}`, { file, line: at }, fix));

  // Arguments merge name by name; every other key is replaced whole (design.md, "Merging").
  const merged = { ...BUILT_IN_DEFAULTS, ...withoutUndefined(defaults), ...withoutUndefined(job) };
  const glueVersion = merged['glue-version'] ?? ctx.inputDefaults.glueVersion;
  const workerType = merged['worker-type'] ?? ctx.inputDefaults.workerType;
  const executionClass = merged['execution-class'];

  const workerError = checkWorker(glueVersion, workerType);
  if (workerError) fail(`: ${workerError}`, settingLine('worker-type'), 'change worker-type or glue-version');
  const classError = checkExecutionClass(executionClass, glueVersion, workerType);
  if (classError) {
    fail(
      `: ${classError}`,
      settingLine('execution-class'),
      'use execution-class STANDARD for this job, or a G.1X/G.2X worker on Glue 3.0 or later',
    );
  }
  errors.push(...glueNameErrors(name, glueName, scope));

  const script = job.script ?? join(ctx.jobsDir, `${name}.py`).split('\\').join('/');
  const scriptPath = join(ctx.root, script);
  if (!existsSync(scriptPath) || !statSync(scriptPath).isFile()) {
    fail(
      `: script ${script} does not exist`,
      lineOf(['jobs', name, 'script']) ?? line,
      `create ${script} or set "script:" to the job's file`,
    );
  }

  const values = { ...ctx.placeholders, job: name };
  const args: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    ...ctx.inputDefaults.arguments,
    ...defaults.arguments,
    ...job.arguments,
  })) {
    try {
      args[key] = expandPlaceholders(value, values);
    } catch (e) {
      fail(
        `, argument ${key}: ${(e as Error).message}`,
        settingLine('arguments', key),
        'set the input the placeholder needs (e.g. role-arn for {account}) or remove the placeholder',
      );
    }
  }

  return {
    name,
    glueName,
    script,
    dependsOn: job['depends-on'] ?? [],
    glueVersion,
    workerType,
    numberOfWorkers: merged['number-of-workers'] ?? ctx.inputDefaults.numberOfWorkers,
    timeout: merged.timeout,
    maxRetries: merged['max-retries'],
    executionClass,
    additionalPythonModules: merged['additional-python-modules'] ?? [],
    arguments: args,
    ...secretArguments(defaults, job),
    description: merged.description,
    expectedMinutes: merged['expected-minutes'],
    startRetries: merged['start-retries'],
    line,
  };
}

/** A Glue name that collides with an earlier job's (not case-sensitive here) or is too long. */
function glueNameErrors(name: string, glueName: string, scope: JobScope): InputError[] {
  const errors: InputError[] = [];
  const at = { file: scope.file, line: scope.line };
  const other = scope.glueNames.get(glueName.toLowerCase());
  if (other !== undefined) {
    errors.push(
      new InputError(
        `jobs "${other}" and "${name}" give the same Glue job name "${glueName}" (Glue names are not case-sensitive here)`,
        at,
        'rename one of them',
      ),
    );
  }
  scope.glueNames.set(glueName.toLowerCase(), name);
  if (glueName.length > 255) {
    errors.push(
      new InputError(`Glue job name "${glueName}" is longer than 255 characters`, at, 'shorten it'),
    );
  }
  return errors;
}

/** Unknown or self dependencies, then one cycle if there is one. */
function graphErrors(
  jobs: JobSpec[],
  names: string[],
  file: string | undefined,
  jobLines: Map<string, number>,
  lineOf: LineOf,
): InputError[] {
  const errors: InputError[] = [];
  const known = new Set(names);
  for (const job of jobs) {
    job.dependsOn.forEach((dep, i) => {
      if (dep === job.name || !known.has(dep)) {
        errors.push(
          new InputError(
            dep === job.name
              ? `job "${job.name}" depends on itself`
              : `job "${job.name}" depends on "${dep}", which is not a job of this pipeline`,
            { file, line: lineOf(['jobs', job.name, 'depends-on', i]) ?? job.line },
            `use one of: ${names.filter((n) => n !== job.name).join(', ')}`,
          ),
        );
      }
    });
  }
  const cycle = findCycle(new Map(jobs.map((j) => [j.name, j.dependsOn.filter((d) => d !== j.name)])));
  if (cycle) {
    errors.push(
      new InputError(
        `depends-on cycle: ${cycle.join(' → ')}`,
        { file, line: jobLines.get(cycle[0]!) },
        'remove one of these depends-on entries so that the jobs can run in some order',
      ),
    );
  }
  return errors;
}

/** Expands {bucket} {prefix} {region} {account} {name-prefix} {job}; other braces are left alone. */
export function expandPlaceholders(value: string, values: Record<string, string | undefined>): string {
  return value.replace(/\{(bucket|prefix|region|account|name-prefix|job)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`placeholder {${key}} has no value`);
    return v;
  });
}

/** The arguments marked secret: the defaults' list and the job's together (a job cannot unmark one). */
function secretArguments(defaults: DefaultsInput, job: JobInput): { secretArguments?: string[] } {
  const names = [...new Set([...(defaults['secret-arguments'] ?? []), ...(job['secret-arguments'] ?? [])])];
  return names.length > 0 ? { secretArguments: names } : {};
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
