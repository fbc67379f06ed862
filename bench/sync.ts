// Item 1 (sync speed) and item 3 (peak RSS): the built action and `aws s3 sync` upload the same
// data folder to the same server, first into an empty bucket, then again from a fresh checkout
// (every mtime new, nothing changed). The action runs whole (dist/index.js, deploy mode), so its
// time also holds its Glue and Step Functions calls; the CLI only syncs.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { EMULATOR_ACCOUNT_ID, EMULATOR_REGION } from '../emulator/launcher.js';
import { type ActionRun, awsSync, failed, type Measured, phases, runAction } from './proc.js';
import { freshClone, type Repo } from './repo.js';

export interface SyncTarget {
  /** Label in the table: moto, versitygw. */
  name: string;
  /** S3 endpoint (moto or versitygw). */
  s3: string;
  /** The emulator: Glue, Step Functions (and S3 when `s3` is the emulator too). */
  emulator: string;
}

export interface SyncFigures {
  target: string;
  files: number;
  bytes: number;
  action: { first: ActionRun; rerun: ActionRun };
  /** The same runs of an older bundle (`--baseline`), in the same run, right after the action's. */
  baseline?: { first: ActionRun; rerun: ActionRun };
  cli: { first: Measured; rerun: Measured };
}

export interface SyncBenchOptions {
  /** An older bundle to measure back to back with `dist` (A/B on the same servers and load). */
  baselineDist?: string;
  /** Repetition number: 0 uses the canonical buckets (item 2 reuses them), others get their own. */
  round?: number;
  /** Folder for V8 CPU profiles of the action's runs. */
  cpuProfDir?: string;
  /** Run the older bundle before the action (the first run after a clone pays for the cold checkout). */
  baselineFirst?: boolean;
}

const ROLE = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/bench-glue`;
const SM_ROLE = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/bench-sfn`;
export const PREFIX = 'bench/';

export function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: EMULATOR_REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
  });
}

/**
 * Inputs and environment that send the action's S3 calls to `target.s3` and every other service to
 * the emulator. With one server, `endpoint-url` does it; with two, the SDK's per-service endpoint
 * variables do (AWS_ENDPOINT_URL_S3), as the action's single input cannot split them.
 */
export function actionTarget(target: SyncTarget, bucket: string, namePrefix: string, tag: string) {
  const inputs: Record<string, string> = {
    bucket,
    prefix: PREFIX,
    'name-prefix': namePrefix,
    'role-arn': ROLE,
    'state-machine-role-arn': SM_ROLE,
  };
  const env: Record<string, string> = { AWS_SDK_UA_APP_ID: tag };
  if (target.s3 === target.emulator) inputs['endpoint-url'] = target.emulator;
  else Object.assign(env, { AWS_ENDPOINT_URL: target.emulator, AWS_ENDPOINT_URL_S3: target.s3 });
  return { inputs, env };
}

export async function syncBench(
  dist: string,
  repo: Repo,
  target: SyncTarget,
  log: (line: string) => void,
  opts: SyncBenchOptions = {},
): Promise<SyncFigures> {
  const s3 = s3Client(target.s3);
  const round = opts.round ? `-${opts.round}` : '';
  const actBucket = `bench-action-${target.name}${round}`;
  const baseBucket = `bench-base-${target.name}${round}`;
  const cliBucket = `bench-cli-${target.name}${round}`;
  const buckets = opts.baselineDist ? [actBucket, baseBucket, cliBucket] : [actBucket, cliBucket];
  for (const Bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket }));
  s3.destroy();
  const act = actionTarget(target, actBucket, `${target.name}${round}-`, `sync-${target.name}`);
  const base = actionTarget(target, baseBucket, `${target.name}${round}-base-`, `sync-base-${target.name}`);
  const cliDest = `s3://${cliBucket}/${PREFIX}input_files/`;
  const clones: string[] = [];
  const clone = () => {
    const dir = freshClone(repo.dir);
    clones.push(dir);
    return dir;
  };
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const usage = (r: Measured) =>
    `${r.cpuS === undefined ? '' : `, CPU ${r.cpuS.toFixed(1)} s`}${
      r.peakRssMiB === undefined ? '' : `, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`
    }`;
  const phaseText = (r: Measured) => {
    const p = phases(r);
    return ` [start ${sec(p.startMs)}, plan ${sec(p.planMs)}, upload ${sec(p.uploadMs)}, rest ${sec(p.restMs)}]`;
  };
  const action = async (label: string, bundle: string, t: typeof act, cwd: string, rerun: boolean) => {
    log(`  ${target.name}: ${label}, ${rerun ? 'no-change re-run (fresh checkout)' : 'first upload'}`);
    const r = await runAction({ dist: bundle, cwd, ...t, cpuProfDir: opts.cpuProfDir });
    if (r.code !== 0) throw failed(`${label} (${rerun ? 're-run' : 'first upload'})`, r);
    if (rerun && (r.outputs.uploaded !== '0' || r.outputs['has-changes'] !== 'false')) {
      throw new Error(
        `the no-change re-run of ${label} was not a no-op: uploaded=${r.outputs.uploaded}, changes=${r.outputs.changes}`,
      );
    }
    log(`    ${sec(r.wallMs)}, uploaded ${r.outputs.uploaded}${usage(r)}${phaseText(r)}`);
    return r;
  };
  const cli = async (dir: string, rerun: boolean) => {
    log(`  ${target.name}: aws s3 sync, ${rerun ? 'no-change re-run (fresh checkout)' : 'first upload'}`);
    const r = await awsSync(join(dir, 'data'), cliDest, target.s3);
    if (r.code !== 0) throw failed(`aws s3 sync (${rerun ? 're-run' : 'first upload'})`, r);
    log(`    ${sec(r.wallMs)}${usage(r)}`);
    return r;
  };
  try {
    const first = clone();
    const early = opts.baselineDist && opts.baselineFirst;
    let baseFirst = early ? await action('baseline', opts.baselineDist!, base, first, false) : undefined;
    const actionFirst = await action('action', dist, act, first, false);
    if (opts.baselineDist && !early)
      baseFirst = await action('baseline', opts.baselineDist, base, first, false);
    const cliFirst = await cli(first, false);

    // A fresh checkout for the re-run: same commit, every file written anew.
    const again = clone();
    let baseRerun = early ? await action('baseline', opts.baselineDist!, base, again, true) : undefined;
    const actionRerun = await action('action', dist, act, again, true);
    if (opts.baselineDist && !early)
      baseRerun = await action('baseline', opts.baselineDist, base, again, true);
    const cliRerun = await cli(again, true);
    return {
      target: target.name,
      files: repo.dataFiles,
      bytes: repo.dataBytes,
      action: { first: actionFirst, rerun: actionRerun },
      ...(baseFirst && baseRerun ? { baseline: { first: baseFirst, rerun: baseRerun } } : {}),
      cli: { first: cliFirst, rerun: cliRerun },
    };
  } finally {
    for (const dir of clones) rmSync(dir, { recursive: true, force: true });
  }
}
