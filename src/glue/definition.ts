// JobSpec → the Glue fields this pipeline declares for a job; the complete definition UpdateJob gets
// (GetJob's fields overlaid with the declared ones); and the field-by-field diff against GetJob.
// Glue's UpdateJob replaces the whole definition: a field left out is reset to Glue's default. So the
// definition sent always carries what GetJob returned for the fields the manifest does not declare
// (connections, security configuration… set by hand or by another team), and drops only the fields
// the pipeline declared at its last deploy and no longer declares.
import type { Job, JobUpdate, WorkerType } from '@aws-sdk/client-glue';
import { extraFileKey, scriptKey } from '../artifacts/keys.js';
import { type ArtifactLocation, s3Uri } from '../location.js';
import type { JobSpec } from '../model.js';
import { compareCodeUnits, sortKeys } from '../order.js';

/** A complete job definition, as UpdateJob takes it (CreateJob: the same plus Name and Tags). */
export type GlueJobDefinition = JobUpdate;

/** The fields of a Job that UpdateJob takes back (AllocatedCapacity is deprecated, never sent). */
export const UPDATABLE_FIELDS = [
  'Command',
  'CodeGenConfigurationNodes',
  'Connections',
  'DefaultArguments',
  'Description',
  'ExecutionClass',
  'ExecutionProperty',
  'GlueVersion',
  'JobMode',
  'JobRunQueuingEnabled',
  'LogUri',
  'MaintenanceWindow',
  'MaxCapacity',
  'MaxRetries',
  'NonOverridableArguments',
  'NotificationProperty',
  'NumberOfWorkers',
  'Role',
  'SecurityConfiguration',
  'SourceControlDetails',
  'Timeout',
  'WorkerType',
] as const satisfies readonly (keyof JobUpdate & keyof Job)[];

/**
 * What a job deployed by an action version that did not record its declared fields was managed with:
 * those fields, and every argument. Used as the "declared before" of owned jobs without a record.
 */
export const FIELDS_BEFORE_RECORDS = [
  'Command',
  'DefaultArguments.*',
  'Description',
  'ExecutionClass',
  'GlueVersion',
  'MaxRetries',
  'NumberOfWorkers',
  'Role',
  'Timeout',
  'WorkerType',
];

export interface DefinitionContext extends ArtifactLocation {
  /** Role ARN; empty in plan mode when not given (then Role is not declared: GetJob's stays). */
  roleArn: string;
  /** Key (under prefix) of the external-libs zip, when there is one. */
  extraPyFilesKey?: string;
  /** Modules every job installs: the libs folder's wheels (s3:// URIs) and requirements.txt lines. */
  libModules?: string[];
}

/** Only the fields the manifest (and the action's own defaults) declare for this job. */
export function declaredDefinition(job: JobSpec, ctx: DefinitionContext): GlueJobDefinition {
  const s3 = (key: string) => s3Uri(ctx, key);
  const type = job.type ?? 'glueetl';
  const spark = type === 'glueetl' || type === 'gluestreaming';
  const modules = [...(ctx.libModules ?? []), ...job.additionalPythonModules];
  // System arguments first; the manifest's own arguments win on the same name.
  const system: Record<string, string> = {};
  if (type === 'glueray') {
    // Ray jobs take their Python modules and packages under other names.
    if (ctx.extraPyFilesKey) system['--s3-py-modules'] = s3(ctx.extraPyFilesKey);
    if (modules.length > 0) system['--pip-install'] = modules.join(',');
  } else {
    system['--job-language'] = 'python';
    system['--TempDir'] = s3('temp_glue_assets/');
    if (spark) {
      Object.assign(system, {
        '--enable-continuous-cloudwatch-log': 'true',
        '--enable-metrics': 'true',
        '--enable-glue-datacatalog': 'true',
        '--datalake-formats': 'iceberg',
      });
    }
    if (ctx.extraPyFilesKey) system['--extra-py-files'] = s3(ctx.extraPyFilesKey);
    if (modules.length > 0) system['--additional-python-modules'] = modules.join(',');
  }
  if (job.jobBookmark) system['--job-bookmark-option'] = `job-bookmark-${job.jobBookmark}`;
  if (job.sparkUi !== undefined) {
    system['--enable-spark-ui'] = String(job.sparkUi);
    if (job.sparkUi) system['--spark-event-logs-path'] = s3(`spark_event_logs/${job.name}/`);
  }
  if (job.sparkConf && Object.keys(job.sparkConf).length > 0) {
    // Glue takes one --conf argument; more settings chain as "k1=v1 --conf k2=v2".
    system['--conf'] = Object.entries(job.sparkConf)
      .map(([k, v]) => `${k}=${v}`)
      .join(' --conf ');
  }
  const uris = (paths: string[]) =>
    paths.map((p) => (p.startsWith('s3://') ? p : s3(extraFileKey(p)))).join(',');
  if (job.extraJars?.length) system['--extra-jars'] = uris(job.extraJars);
  if (job.extraFiles?.length) system['--extra-files'] = uris(job.extraFiles);

  const d: GlueJobDefinition = {
    ...(job.description ? { Description: job.description } : {}),
    ...(ctx.roleArn ? { Role: ctx.roleArn } : {}),
    Command: {
      Name: type,
      ScriptLocation: s3(scriptKey(job.name)),
      PythonVersion: job.pythonVersion ?? '3',
      ...(job.runtime ? { Runtime: job.runtime } : {}),
    },
    DefaultArguments: sortKeys({ ...system, ...job.arguments }),
    GlueVersion: job.glueVersion,
    Timeout: job.timeout,
    MaxRetries: job.maxRetries,
  };
  if (job.workerType !== undefined) d.WorkerType = job.workerType as WorkerType;
  if (job.numberOfWorkers !== undefined) d.NumberOfWorkers = job.numberOfWorkers;
  if (job.executionClass !== undefined) d.ExecutionClass = job.executionClass;
  if (job.maxCapacity !== undefined) d.MaxCapacity = job.maxCapacity;
  if (job.connections !== undefined) d.Connections = { Connections: job.connections };
  if (job.securityConfiguration !== undefined) d.SecurityConfiguration = job.securityConfiguration;
  if (job.maxConcurrentRuns !== undefined) d.ExecutionProperty = { MaxConcurrentRuns: job.maxConcurrentRuns };
  if (job.notifyDelayAfter !== undefined) d.NotificationProperty = { NotifyDelayAfter: job.notifyDelayAfter };
  if (job.nonOverridableArguments !== undefined)
    d.NonOverridableArguments = sortKeys(job.nonOverridableArguments);
  if (job.jobRunQueuing !== undefined) d.JobRunQueuingEnabled = job.jobRunQueuing;
  if (job.maintenanceWindow !== undefined) d.MaintenanceWindow = job.maintenanceWindow;
  return d;
}

/** Names of the declared fields: top-level fields, and `DefaultArguments.<name>` per argument. */
export function declaredFieldNames(declared: GlueJobDefinition): string[] {
  const names: string[] = [];
  for (const [k, v] of Object.entries(declared)) {
    if (v === undefined) continue;
    if (k === 'DefaultArguments')
      for (const a of Object.keys(v as object)) names.push(`DefaultArguments.${a}`);
    else names.push(k);
  }
  return names.sort(compareCodeUnits);
}

/** The fields of a Job that UpdateJob takes, without the empty ones. */
export function updatableFields(actual: Job): GlueJobDefinition {
  const out: Record<string, unknown> = {};
  for (const k of UPDATABLE_FIELDS) if (!isEmpty(k, actual[k])) out[k] = structuredClone(actual[k]);
  return out as GlueJobDefinition;
}

/**
 * The complete definition to send: GetJob's fields, minus the ones declared before and no longer
 * declared (reset to Glue's defaults), overlaid with the declared ones. Without `actual` (a create),
 * just the declared fields.
 */
export function overlayDefinition(
  declared: GlueJobDefinition,
  actual: Job | undefined,
  declaredBefore: readonly string[] = [],
): GlueJobDefinition {
  if (!actual) return declared;
  const now = new Set(declaredFieldNames(declared));
  const base = updatableFields(actual) as Record<string, unknown>;
  const args: Record<string, string> = { ...(actual.DefaultArguments ?? {}) };
  for (const name of declaredBefore) {
    if (name === 'DefaultArguments.*') {
      for (const a of Object.keys(args)) if (!now.has(`DefaultArguments.${a}`)) delete args[a];
    } else if (name.startsWith('DefaultArguments.')) {
      if (!now.has(name)) delete args[name.slice('DefaultArguments.'.length)];
    } else if (!now.has(name)) {
      delete base[name];
    }
  }
  const out: Record<string, unknown> = { ...base, ...declared };
  const merged = { ...args, ...(declared.DefaultArguments ?? {}) };
  if (Object.keys(merged).length > 0) out.DefaultArguments = sortKeys(merged);
  else delete out.DefaultArguments;
  // Workers and DPUs exclude each other: what is declared decides which one the job keeps.
  if (declared.MaxCapacity !== undefined) {
    delete out.WorkerType;
    delete out.NumberOfWorkers;
  } else if (out.WorkerType !== undefined) {
    delete out.MaxCapacity;
  }
  return out as GlueJobDefinition;
}

/** Names of the fields that differ between the definition to send and the job GetJob returned. */
export function changedFields(desired: GlueJobDefinition, actual: Job): string[] {
  const changed: string[] = [];
  const have = updatableFields(actual) as Record<string, unknown>;
  const want = desired as Record<string, unknown>;
  const keys = new Set([...Object.keys(want), ...Object.keys(have)]);
  for (const k of [...keys].sort(compareCodeUnits)) {
    if (k === 'Role' && !desired.Role) continue; // not given in plan mode: not compared
    // AWS reports the DPUs of a worker-sized job: not a difference.
    if (k === 'MaxCapacity' && desired.WorkerType !== undefined && want[k] === undefined) continue;
    if (k === 'DefaultArguments') {
      const a = desired.DefaultArguments ?? {};
      const b = actual.DefaultArguments ?? {};
      for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareCodeUnits)) {
        if (a[name] !== b[name]) changed.push(`DefaultArguments.${name}`);
      }
      continue;
    }
    if (canonical(k, want[k]) !== canonical(k, have[k])) changed.push(k);
  }
  return changed;
}

/**
 * Fields the job has in Glue that this pipeline does not declare: what a deploy keeps as it is (a
 * connection added by hand, another team's security configuration).
 */
export function keptFields(declared: GlueJobDefinition, desired: GlueJobDefinition): string[] {
  const now = new Set(declaredFieldNames(declared));
  return declaredFieldNames(desired).filter((name) => !now.has(name));
}

/** Glue's own defaults count as "not set", so an absent field and its default compare equal. */
const GLUE_DEFAULTS: Record<string, unknown> = {
  ExecutionClass: 'STANDARD',
  MaxRetries: 0,
  ExecutionProperty: { MaxConcurrentRuns: 1 },
  JobRunQueuingEnabled: false,
  Connections: { Connections: [] },
};

function isEmpty(key: string, v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (typeof v === 'object' && Object.keys(v as object).length === 0) return true;
  return key in GLUE_DEFAULTS && JSON.stringify(sortDeep(v)) === JSON.stringify(sortDeep(GLUE_DEFAULTS[key]));
}

function canonical(key: string, v: unknown): string {
  if (isEmpty(key, v)) return '';
  if (key === 'Command') {
    const c = { ...(v as Record<string, unknown>) };
    // Jobs created without a Python version run Python 3.
    if (c.PythonVersion === undefined && c.Name === 'glueetl') c.PythonVersion = '3';
    return JSON.stringify(sortDeep(c));
  }
  return JSON.stringify(sortDeep(v));
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => compareCodeUnits(a, b))
        .map(([k, x]) => [k, sortDeep(x)]),
    );
  }
  return v;
}
