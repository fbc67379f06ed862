// Manifest → Pipeline: defaults merged, placeholders expanded, graph and scripts checked.
// Every problem is collected and reported together, each at its file:line.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, InputErrors } from '../errors.js';
import type { ExecutionClass, JobSpec, JobType, Pipeline } from '../model.js';
import { checkExecutionClass, checkGlueVersion, checkWorker, PYTHONSHELL_CAPACITIES } from './glue-limits.js';
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
  const warnings: NonNullable<Pipeline['warnings']> = [];
  const jobs = names.map((name) =>
    resolveJob(name, manifest, ctx, { file, line: jobLines.get(name), lineOf, errors, glueNames, warnings }),
  );
  errors.push(...graphErrors(jobs, names, file, jobLines, lineOf));
  if (manifest['schedule-input'] !== undefined && manifest.schedule === undefined) {
    errors.push(
      new InputError(
        'schedule-input is set but there is no schedule',
        { file, line: lineOf(['schedule-input']) },
        'add "schedule:" (e.g. "cron(0 3 * * ? *)") or remove schedule-input',
      ),
    );
  }
  const orch = orchestration(manifest, ctx, lineOf, errors);
  if (errors.length > 0) throw new InputErrors(errors);

  const name = manifest.name ?? ctx.defaultName;
  return {
    name,
    stateMachineName: `${ctx.namePrefix}${name}`,
    jobs,
    manifestFile: file,
    ...orch,
    warnings,
  };
}

// SNS standard topics (a FIFO topic would need a message group id on every publish).
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** The manifest's `notify` (placeholders expanded, ARNs checked) and `schedule` (checked by the schema). */
function orchestration(
  manifest: ManifestInput,
  ctx: ResolveContext,
  lineOf: LineOf,
  errors: InputError[],
): Pick<Pipeline, 'notify' | 'schedule'> {
  const out: Pick<Pipeline, 'notify' | 'schedule'> = {};
  const n = manifest.notify;
  const topic = (key: 'on-failure' | 'on-success'): string | undefined => {
    const raw = n?.[key];
    if (raw === undefined) return undefined;
    const at = { file: ctx.manifestFile, line: lineOf(['notify', key]) };
    let arn: string;
    try {
      arn = expandPlaceholders(raw.trim(), ctx.placeholders);
    } catch (e) {
      errors.push(
        new InputError(
          `notify.${key}: ${(e as Error).message}`,
          at,
          'set the input the placeholder needs (role-arn for {account}) or write the ARN out',
        ),
      );
      return undefined;
    }
    if (!TOPIC_ARN.test(arn)) {
      errors.push(
        new InputError(
          `notify.${key}: "${arn}" is not the ARN of a standard SNS topic`,
          at,
          'use arn:<partition>:sns:<region>:<account>:<topic> ({region}, {account} and {name-prefix} are expanded); FIFO topics are not supported',
        ),
      );
      return undefined;
    }
    return arn;
  };
  const [onFailure, onSuccess] = [topic('on-failure'), topic('on-success')];
  if (onFailure || onSuccess) {
    out.notify = {
      onFailure,
      onSuccess,
      lines: { onFailure: lineOf(['notify', 'on-failure']), onSuccess: lineOf(['notify', 'on-success']) },
    };
  }
  if (manifest.schedule !== undefined) {
    out.schedule = {
      expression: manifest.schedule.trim(),
      input: manifest['schedule-input'] ?? '{}',
      line: lineOf(['schedule']),
      inputLine: lineOf(['schedule-input']),
    };
  }
  return out;
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
  warnings: NonNullable<Pipeline['warnings']>;
}

/**
 * Keys that only some job types take. From `defaults` they reach only the jobs of those types (a
 * pythonshell job does not inherit the Spark workers); set on a job of another type they are errors.
 */
const KEY_TYPES: Partial<Record<keyof JobInput, JobType[]>> = {
  'worker-type': ['glueetl', 'gluestreaming', 'glueray'],
  'number-of-workers': ['glueetl', 'gluestreaming', 'glueray'],
  'execution-class': ['glueetl', 'gluestreaming'],
  'max-capacity': ['pythonshell'],
  'maintenance-window': ['gluestreaming'],
  'job-bookmark': ['glueetl', 'gluestreaming'],
  'spark-ui': ['glueetl', 'gluestreaming'],
  'spark-conf': ['glueetl', 'gluestreaming'],
  'extra-jars': ['glueetl', 'gluestreaming'],
  'extra-files': ['glueetl', 'gluestreaming'],
  runtime: ['glueray'],
};

/** Per type: the Glue version and Python version when the job sets none (defaults' glue-version is for Spark). */
const TYPE_DEFAULTS: Record<JobType, { glueVersion?: string; pythonVersion: string }> = {
  glueetl: { pythonVersion: '3' },
  gluestreaming: { pythonVersion: '3' },
  pythonshell: { glueVersion: '3.0', pythonVersion: '3.9' },
  glueray: { glueVersion: '4.0', pythonVersion: '3.9' },
};

const PYTHON_VERSIONS: Record<JobType, string[]> = {
  glueetl: ['3'],
  gluestreaming: ['3'],
  pythonshell: ['3', '3.9'],
  glueray: ['3.9'],
};

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

  const type: JobType = job.type ?? defaults.type ?? 'glueetl';
  const typeDefaults = TYPE_DEFAULTS[type];
  // Defaults reach a job only where they fit its type; what the job sets itself must fit.
  const inherited: Partial<DefaultsInput> = withoutUndefined(defaults);
  for (const [key, types] of Object.entries(KEY_TYPES) as [keyof JobInput, JobType[]][]) {
    if (!types.includes(type)) delete inherited[key as keyof DefaultsInput];
    if (!types.includes(type) && job[key] !== undefined) {
      fail(
        `: ${key} is not a setting of ${type} jobs (it is for ${types.join(', ')})`,
        lineOf(['jobs', name, key]) ?? line,
        `remove ${key} from this job, or change its type`,
      );
    }
  }
  if (typeDefaults.glueVersion) delete inherited['glue-version'];
  // The defaults' workers are Spark workers: a Ray job takes only its own (Z.2X by default).
  if (type === 'glueray') {
    delete inherited['worker-type'];
    delete inherited['number-of-workers'];
  }
  if (type !== 'glueetl' && inherited['execution-class'] === 'FLEX') delete inherited['execution-class'];

  // Arguments merge name by name; every other key is replaced whole (the same rule as the README's manifest section).
  const merged = { ...BUILT_IN_DEFAULTS, ...inherited, ...withoutUndefined(job) };
  const glueVersion = merged['glue-version'] ?? typeDefaults.glueVersion ?? ctx.inputDefaults.glueVersion;
  const version = checkGlueVersion(glueVersion);
  if (version.error) fail(`: ${version.error}`, settingLine('glue-version'), 'change glue-version');
  if (version.warning)
    scope.warnings.push({
      message: `job "${name}": ${version.warning}`,
      file,
      line: settingLine('glue-version'),
    });

  const workers = type !== 'pythonshell';
  const workerType = workers
    ? (merged['worker-type'] ?? (type === 'glueray' ? 'Z.2X' : ctx.inputDefaults.workerType))
    : undefined;
  const executionClass =
    type === 'glueetl' || type === 'gluestreaming' ? merged['execution-class'] : undefined;
  if (workerType !== undefined && !version.error) {
    const workerError = checkWorker(type, glueVersion, workerType);
    if (workerError)
      fail(`: ${workerError}`, settingLine('worker-type'), 'change worker-type, type or glue-version');
    const classError = checkExecutionClass(type, executionClass ?? 'STANDARD', glueVersion, workerType);
    if (classError) {
      fail(
        `: ${classError}`,
        settingLine('execution-class'),
        'use execution-class STANDARD for this job, or a glueetl job on G.1X/G.2X workers with Glue 3.0 or later',
      );
    }
  }
  const maxCapacity = type === 'pythonshell' ? (merged['max-capacity'] ?? 0.0625) : undefined;
  if (maxCapacity !== undefined && !PYTHONSHELL_CAPACITIES.includes(maxCapacity)) {
    fail(
      `: max-capacity ${maxCapacity} is not a pythonshell capacity`,
      settingLine('max-capacity'),
      `use one of ${PYTHONSHELL_CAPACITIES.join(', ')}`,
    );
  }
  const pythonVersion = merged['python-version'] ?? typeDefaults.pythonVersion;
  if (!PYTHON_VERSIONS[type].includes(pythonVersion)) {
    fail(
      `: python-version ${pythonVersion} is not one of ${type} jobs`,
      settingLine('python-version'),
      `use ${PYTHON_VERSIONS[type].map((v) => `"${v}"`).join(' or ')}`,
    );
  }
  errors.push(...glueNameErrors(name, glueName, scope));

  const script = job.script ?? join(ctx.jobsDir, `${name}.py`).split('\\').join('/');
  checkRepoFile(ctx.root, script, () =>
    fail(
      `: script ${script} does not exist`,
      lineOf(['jobs', name, 'script']) ?? line,
      `create ${script} or set "script:" to the job's file`,
    ),
  );
  for (const key of ['extra-jars', 'extra-files'] as const) {
    if (!KEY_TYPES[key]!.includes(type)) continue; // already reported as a key of another type
    (merged[key] ?? []).forEach((path, i) => {
      if (path.startsWith('s3://')) return;
      checkRepoFile(ctx.root, path, () =>
        fail(
          `: ${key} entry ${path} is neither an s3:// URI nor a file of the repository`,
          lineOf(['jobs', name, key, i]) ?? settingLine(key),
          'give a path from the repository root, or an s3:// URI',
        ),
      );
    });
  }

  const values = { ...ctx.placeholders, job: name };
  const expandMap = (key: string, map: Record<string, string>) => {
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(map)) {
      try {
        out[k] = expandPlaceholders(value, values);
      } catch (e) {
        fail(
          `, ${key} ${k}: ${(e as Error).message}`,
          settingLine(key, k),
          'set the input the placeholder needs (e.g. role-arn for {account}) or remove the placeholder',
        );
      }
    }
    return out;
  };
  const args = expandMap('arguments', {
    ...ctx.inputDefaults.arguments,
    ...defaults.arguments,
    ...job.arguments,
  });
  const nonOverridable = merged['non-overridable-arguments'];

  return {
    name,
    glueName,
    script,
    dependsOn: job['depends-on'] ?? [],
    type,
    glueVersion,
    workerType,
    numberOfWorkers: workers ? (merged['number-of-workers'] ?? ctx.inputDefaults.numberOfWorkers) : undefined,
    timeout: merged.timeout,
    maxRetries: merged['max-retries'],
    executionClass: executionClass ?? (type === 'glueetl' ? 'STANDARD' : undefined),
    additionalPythonModules: merged['additional-python-modules'] ?? [],
    arguments: args,
    ...secretArguments(defaults, job),
    description: merged.description,
    expectedMinutes: merged['expected-minutes'],
    startRetries: merged['start-retries'],
    line,
    pythonVersion,
    runtime: type === 'glueray' ? (merged.runtime ?? 'Ray2.4') : undefined,
    maxCapacity,
    connections: merged.connections,
    securityConfiguration: merged['security-configuration'],
    maxConcurrentRuns: merged['max-concurrent-runs'],
    notifyDelayAfter: merged['notify-delay-after'],
    nonOverridableArguments: nonOverridable
      ? expandMap('non-overridable-arguments', nonOverridable)
      : undefined,
    jobRunQueuing: merged['job-run-queuing'],
    maintenanceWindow: merged['maintenance-window'],
    jobBookmark: merged['job-bookmark'],
    sparkUi: merged['spark-ui'],
    sparkConf: merged['spark-conf'] ? expandMap('spark-conf', merged['spark-conf']) : undefined,
    extraJars: merged['extra-jars'],
    extraFiles: merged['extra-files'],
    tags: merged.tags,
  };
}

function checkRepoFile(root: string, path: string, onMissing: () => void): void {
  const abs = join(root, path);
  if (!existsSync(abs) || !statSync(abs).isFile()) onMissing();
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
