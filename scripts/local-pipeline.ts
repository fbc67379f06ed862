// Deploys a pipeline repository into the embedded local AWS and runs it with every Glue job
// executed for real in local PySpark (emulator started with runGlueJobs). Used by `npm run local`,
// `npm run demo` and the local-run end-to-end tests.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { GetTablesCommand, GlueClient, paginateGetDatabases, paginateGetJobs } from '@aws-sdk/client-glue';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type Emulator, emulatorClientConfig, startEmulator } from '../emulator/launcher.js';
import { type ActionRun, REPO_ROOT, runAction } from './local-runner.js';

export const PYTHON = path.join(REPO_ROOT, '.venv', 'bin', 'python');

export interface LocalRunOptions {
  /** the pipeline repository (manifest, jobs, libs, data, DDL) */
  repo: string;
  /** action inputs on top of the local defaults (bucket, prefix, name-prefix, roles, ...) */
  inputs?: Record<string, string>;
  /** write every Iceberg table (and the stage and rejects under --WORK_PATH) as sorted CSVs plus row-counts.csv here */
  exportDir?: string;
  /** copy the action's output to this process's */
  echo?: boolean;
  /** an emulator already started with runGlueJobs (else one is started and stopped) */
  emulator?: Emulator;
  /** called once the bucket exists, before the action runs (e.g. to upload extra objects) */
  prepare?: (emulator: Emulator, bucket: string) => Promise<void>;
  /** called after the run, before the emulator stops (tests inspect the emulated AWS there) */
  beforeStop?: (emulator: Emulator, run: LocalRun) => Promise<void>;
}

export interface TableCount {
  table: string;
  rows: number;
}

export interface LocalRun {
  action: ActionRun;
  bucket: string;
  /** seconds from the action's start to its exit */
  seconds: number;
  /** row count of each Iceberg table in the emulator's Glue catalog, from its current snapshot */
  tables: TableCount[];
}

export const LOCAL_DEFAULTS = { bucket: 'local-pipeline', 'name-prefix': 'local-' } as const;

const TRUST = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

/** `NAME=VALUE` pairs of `--input` flags, as action inputs. */
export function parseInputFlag(flag: string): [string, string] {
  const i = flag.indexOf('=');
  if (i <= 0)
    throw new Error(`--input expects NAME=VALUE (an action input, e.g. jobs-dir=src), got "${flag}"`);
  return [flag.slice(0, i).trim(), flag.slice(i + 1)];
}

export async function startLocalEmulator(): Promise<Emulator> {
  return startEmulator({ quiet: true, runGlueJobs: true, glueParallel: Math.max(1, cpus().length) });
}

async function createBucketAndRoles(
  emulator: Emulator,
  bucket: string,
): Promise<{ glue: string; states: string }> {
  const config = emulatorClientConfig(emulator.endpoint);
  const s3 = new S3Client(config);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    if ((e as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw e;
  }
  const iam = new IAMClient(config);
  const role = async (name: string, service: string) => {
    try {
      const r = await iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST(service) }),
      );
      return r.Role!.Arn!;
    } catch (e) {
      if (!String((e as { name?: string }).name).startsWith('EntityAlreadyExists')) throw e;
      return `arn:aws:iam::123456789012:role/${name}`;
    }
  };
  return {
    glue: await role('local-glue-job', 'glue.amazonaws.com'),
    states: await role('local-states', 'states.amazonaws.com'),
  };
}

export async function runLocalPipeline(opts: LocalRunOptions): Promise<LocalRun> {
  const repo = path.resolve(opts.repo);
  if (!existsSync(repo)) throw new Error(`--repo ${opts.repo}: no such folder`);
  const emulator = opts.emulator ?? (await startLocalEmulator());
  try {
    const inputs: Record<string, string> = { ...LOCAL_DEFAULTS, ...opts.inputs };
    const roles = await createBucketAndRoles(emulator, inputs.bucket!);
    await opts.prepare?.(emulator, inputs.bucket!);
    const started = Date.now();
    const action = await runAction({
      cwd: repo,
      echo: opts.echo,
      // The local emulator can be polled every second: the action sees the execution end at once
      // (set the variable empty to measure with the action's own backoff).
      env: {
        GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS: process.env.GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS ?? '1',
      },
      inputs: {
        'role-arn': roles.glue,
        'state-machine-role-arn': roles.states,
        'start-execution': 'true',
        ...inputs,
        'endpoint-url': emulator.endpoint,
      },
    });
    const seconds = (Date.now() - started) / 1000;
    const tables = await icebergRowCounts(emulator.endpoint);
    const run: LocalRun = { action, bucket: inputs.bucket!, seconds, tables };
    if (opts.exportDir)
      await exportTables(
        emulator.endpoint,
        path.resolve(opts.exportDir),
        await workPathOf(emulator.endpoint, run.bucket),
      );
    await opts.beforeStop?.(emulator, run);
    return run;
  } finally {
    if (!opts.emulator) await emulator.stop();
  }
}

/**
 * Row count of every Iceberg table in the emulated Glue catalog, read from its current metadata
 * (snapshot summary: records minus position deletes) without starting Spark.
 */
export async function icebergRowCounts(endpoint: string): Promise<TableCount[]> {
  const config = emulatorClientConfig(endpoint);
  const glue = new GlueClient(config);
  const s3 = new S3Client(config);
  const counts: TableCount[] = [];
  for await (const page of paginateGetDatabases({ client: glue }, {})) {
    for (const db of page.DatabaseList ?? []) {
      const tables = await glue.send(new GetTablesCommand({ DatabaseName: db.Name! }));
      for (const t of tables.TableList ?? []) {
        const location = t.Parameters?.metadata_location;
        if (!location) continue;
        const [, bucket, key] = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(location) ?? [];
        if (!bucket || !key) continue;
        const body = await (
          await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        ).Body!.transformToString();
        const meta = JSON.parse(body) as {
          'current-snapshot-id'?: number;
          snapshots?: { 'snapshot-id': number; summary?: Record<string, string> }[];
        };
        const snap = meta.snapshots?.find((s) => s['snapshot-id'] === meta['current-snapshot-id']);
        const summary = snap?.summary ?? {};
        const rows = Number(summary['total-records'] ?? 0) - Number(summary['total-position-deletes'] ?? 0);
        counts.push({ table: `${db.Name}.${t.Name}`, rows });
      }
    }
  }
  return counts.sort((a, b) => a.table.localeCompare(b.table));
}

/**
 * The run's --WORK_PATH: the value most of the deployed jobs in `bucket` have in their
 * DefaultArguments (undefined when none has one: a repository laid out otherwise).
 */
export async function workPathOf(endpoint: string, bucket: string): Promise<string | undefined> {
  const glue = new GlueClient(emulatorClientConfig(endpoint));
  const seen = new Map<string, number>();
  for await (const page of paginateGetJobs({ client: glue }, {}))
    for (const job of page.Jobs ?? []) {
      const value = job.DefaultArguments?.['--WORK_PATH'];
      if (value?.startsWith(`s3://${bucket}/`)) seen.set(value, (seen.get(value) ?? 0) + 1);
    }
  return [...seen.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Every Iceberg table, and the stage and rejects under `workPath` when given, as sorted CSVs plus
 * row-counts.csv (local/export_tables_local.py, which uses local/export.py).
 */
export async function exportTables(endpoint: string, outDir: string, workPath?: string): Promise<void> {
  const script = path.join(REPO_ROOT, 'local', 'export_tables_local.py');
  const args = [script, '--endpoint', endpoint, '--out', outDir];
  if (workPath) args.push('--work-path', workPath);
  const child = spawn(PYTHON, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? 1)));
  if (code !== 0)
    throw new Error(`export of the tables to ${outDir} failed (exit ${code}):\n${stderr.slice(-4000)}`);
}

/** The lines `npm run local` and `npm run demo` print after the action's own output. */
export function report(run: LocalRun): string {
  const lines = ['', '=== outputs ==='];
  for (const [k, v] of Object.entries(run.action.outputs)) if (k !== 'plan') lines.push(`${k}: ${v}`);
  lines.push('', '=== job summary ===', run.action.summary);
  if (run.tables.length > 0) {
    lines.push('=== Iceberg tables (rows) ===');
    const width = Math.max(...run.tables.map((t) => t.table.length));
    for (const t of run.tables) lines.push(`${t.table.padEnd(width)}  ${t.rows}`);
    lines.push('');
  }
  lines.push(
    `=== status: ${run.action.outputs.status ?? 'none'} (exit ${run.action.code}) in ${run.seconds.toFixed(1)} s ===`,
  );
  return lines.join('\n');
}
