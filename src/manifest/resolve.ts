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

export function resolvePipeline(
  manifest: ManifestInput,
  ctx: ResolveContext,
  jobLines: Map<string, number> = new Map(),
  lineOf: (path: (string | number)[]) => number | undefined = () => undefined,
): Pipeline {
  const file = ctx.manifestFile;
  const errors: InputError[] = [];
  const defaults: DefaultsInput = manifest.defaults ?? {};
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

  const jobs: JobSpec[] = [];
  const glueNames = new Map<string, string>();
  for (const name of names) {
    const job: JobInput = manifest.jobs[name] ?? {};
    const line = jobLines.get(name);
    const at = { file, line };
    // Arguments merge name by name; every other key is replaced whole (design.md, "Merging").
    const merged = { ...BUILT_IN_DEFAULTS, ...withoutUndefined(defaults), ...withoutUndefined(job) };
    const glueVersion = merged['glue-version'] ?? ctx.inputDefaults.glueVersion;
    const workerType = merged['worker-type'] ?? ctx.inputDefaults.workerType;
    const executionClass = merged['execution-class'];
    const glueName = `${ctx.namePrefix}${name}`;

    const workerError = checkWorker(glueVersion, workerType);
    if (workerError) {
      errors.push(
        new InputError(
          `job "${name}": ${workerError}`,
          {
            file,
            line: lineOf(['jobs', name, 'worker-type']) ?? lineOf(['defaults', 'worker-type']) ?? line,
          },
          'change worker-type or glue-version',
        ),
      );
    }
    const classError = checkExecutionClass(executionClass, glueVersion, workerType);
    if (classError) {
      errors.push(
        new InputError(
          `job "${name}": ${classError}`,
          {
            file,
            line:
              lineOf(['jobs', name, 'execution-class']) ?? lineOf(['defaults', 'execution-class']) ?? line,
          },
          'use execution-class STANDARD for this job, or a G.1X/G.2X worker on Glue 3.0 or later',
        ),
      );
    }
    const other = glueNames.get(glueName.toLowerCase());
    if (other !== undefined) {
      errors.push(
        new InputError(
          `jobs "${other}" and "${name}" give the same Glue job name "${glueName}" (Glue names are not case-sensitive here)`,
          at,
          'rename one of them',
        ),
      );
    }
    glueNames.set(glueName.toLowerCase(), name);
    if (glueName.length > 255) {
      errors.push(
        new InputError(`Glue job name "${glueName}" is longer than 255 characters`, at, 'shorten it'),
      );
    }

    const script = job.script ?? join(ctx.jobsDir, `${name}.py`).split('\\').join('/');
    const scriptPath = join(ctx.root, script);
    if (!existsSync(scriptPath) || !statSync(scriptPath).isFile()) {
      errors.push(
        new InputError(
          `job "${name}": script ${script} does not exist`,
          { file, line: lineOf(['jobs', name, 'script']) ?? line },
          `create ${script} or set "script:" to the job's file`,
        ),
      );
    }

    const values = { ...ctx.placeholders, job: name };
    const rawArguments = { ...ctx.inputDefaults.arguments, ...defaults.arguments, ...job.arguments };
    const args: Record<string, string> = {};
    for (const [key, value] of Object.entries(rawArguments)) {
      try {
        args[key] = expandPlaceholders(value, values);
      } catch (e) {
        errors.push(
          new InputError(
            `job "${name}", argument ${key}: ${(e as Error).message}`,
            {
              file,
              line:
                lineOf(['jobs', name, 'arguments', key]) ?? lineOf(['defaults', 'arguments', key]) ?? line,
            },
            'set the input the placeholder needs (e.g. role-arn for {account}) or remove the placeholder',
          ),
        );
      }
    }

    jobs.push({
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
      description: merged.description,
      expectedMinutes: merged['expected-minutes'],
      line,
    });
  }

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
  if (errors.length > 0) throw new InputErrors(errors);

  const name = manifest.name ?? ctx.defaultName;
  return { name, stateMachineName: `${ctx.namePrefix}${name}`, jobs, manifestFile: file };
}

/** Expands {bucket} {prefix} {region} {account} {name-prefix} {job}; other braces are left alone. */
export function expandPlaceholders(value: string, values: Record<string, string | undefined>): string {
  return value.replace(/\{(bucket|prefix|region|account|name-prefix|job)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`placeholder {${key}} has no value`);
    return v;
  });
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
