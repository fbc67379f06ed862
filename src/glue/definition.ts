// JobSpec → the complete Glue job definition we want, and the diff against what GetJob returns.
// Glue's UpdateJob replaces the whole definition, so the desired definition is always complete.
import type { Job, WorkerType } from '@aws-sdk/client-glue';
import { scriptKey } from '../artifacts/keys.js';
import { type ArtifactLocation, s3Uri } from '../location.js';
import type { JobSpec } from '../model.js';
import { sortKeys } from '../order.js';

export interface GlueJobDefinition {
  Description?: string;
  Role: string;
  Command: { Name: 'glueetl'; ScriptLocation: string; PythonVersion: '3' };
  DefaultArguments: Record<string, string>;
  GlueVersion: string;
  WorkerType: WorkerType;
  NumberOfWorkers: number;
  Timeout: number;
  MaxRetries: number;
  ExecutionClass: 'STANDARD' | 'FLEX';
}

export interface DefinitionContext extends ArtifactLocation {
  /** Role ARN; empty in plan mode when not given (then Role is not compared). */
  roleArn: string;
  /** Key (under prefix) of the external-libs zip, when there is one. */
  extraPyFilesKey?: string;
}

export function desiredDefinition(job: JobSpec, ctx: DefinitionContext): GlueJobDefinition {
  const s3 = (key: string) => s3Uri(ctx, key);
  // System arguments first; the manifest's own arguments win on the same name.
  const system: Record<string, string> = {
    '--job-language': 'python',
    '--TempDir': s3('temp_glue_assets/'),
    '--enable-continuous-cloudwatch-log': 'true',
    '--enable-metrics': 'true',
    '--enable-glue-datacatalog': 'true',
    '--datalake-formats': 'iceberg',
  };
  if (ctx.extraPyFilesKey) system['--extra-py-files'] = s3(ctx.extraPyFilesKey);
  if (job.additionalPythonModules.length > 0) {
    system['--additional-python-modules'] = job.additionalPythonModules.join(',');
  }
  return {
    ...(job.description ? { Description: job.description } : {}),
    Role: ctx.roleArn,
    Command: { Name: 'glueetl', ScriptLocation: s3(scriptKey(job.name)), PythonVersion: '3' },
    DefaultArguments: sortKeys({ ...system, ...job.arguments }),
    GlueVersion: job.glueVersion,
    WorkerType: job.workerType as WorkerType,
    NumberOfWorkers: job.numberOfWorkers,
    Timeout: job.timeout,
    MaxRetries: job.maxRetries,
    ExecutionClass: job.executionClass,
  };
}

/** Names of the fields that differ between the desired definition and the job GetJob returned. */
export function changedFields(desired: GlueJobDefinition, actual: Job): string[] {
  const changed: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if ((desired.Description ?? '') !== (actual.Description ?? '')) changed.push('Description');
  if (desired.Role !== '' && desired.Role !== actual.Role) changed.push('Role');
  const cmd = actual.Command ?? {};
  if (
    desired.Command.Name !== cmd.Name ||
    desired.Command.ScriptLocation !== cmd.ScriptLocation ||
    desired.Command.PythonVersion !== (cmd.PythonVersion ?? '3')
  ) {
    changed.push('Command');
  }
  if (!same(desired.DefaultArguments, sortKeys(actual.DefaultArguments ?? {}))) {
    const keys = new Set([
      ...Object.keys(desired.DefaultArguments),
      ...Object.keys(actual.DefaultArguments ?? {}),
    ]);
    for (const k of [...keys].sort()) {
      if (desired.DefaultArguments[k] !== actual.DefaultArguments?.[k]) changed.push(`DefaultArguments.${k}`);
    }
  }
  if (desired.GlueVersion !== actual.GlueVersion) changed.push('GlueVersion');
  if (desired.WorkerType !== actual.WorkerType) changed.push('WorkerType');
  if (desired.NumberOfWorkers !== actual.NumberOfWorkers) changed.push('NumberOfWorkers');
  if (desired.Timeout !== actual.Timeout) changed.push('Timeout');
  if (desired.MaxRetries !== (actual.MaxRetries ?? 0)) changed.push('MaxRetries');
  if (desired.ExecutionClass !== (actual.ExecutionClass ?? 'STANDARD')) changed.push('ExecutionClass');
  return changed;
}
