// Item 1 (sync speed) and item 3 (peak RSS): the built action and `aws s3 sync` upload the same
// data folder to the same server, first into an empty bucket, then again from a fresh checkout
// (every mtime new, nothing changed). The action runs whole (dist/index.js, deploy mode), so its
// time also holds its Glue and Step Functions calls; the CLI only syncs.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { EMULATOR_ACCOUNT_ID, EMULATOR_REGION } from '../emulator/launcher.js';
import { type ActionRun, awsSync, failed, type Measured, runAction } from './proc.js';
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
  cli: { first: Measured; rerun: Measured };
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
): Promise<SyncFigures> {
  const s3 = s3Client(target.s3);
  const actBucket = `bench-action-${target.name}`;
  const cliBucket = `bench-cli-${target.name}`;
  for (const Bucket of [actBucket, cliBucket]) await s3.send(new CreateBucketCommand({ Bucket }));
  s3.destroy();
  const { inputs, env } = actionTarget(target, actBucket, `${target.name}-`, `sync-${target.name}`);
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
  try {
    const first = clone();
    log(`  ${target.name}: action, first upload`);
    const actionFirst = await runAction({ dist, cwd: first, inputs, env });
    if (actionFirst.code !== 0) throw failed('action (first upload)', actionFirst);
    log(`    ${sec(actionFirst.wallMs)}, uploaded ${actionFirst.outputs.uploaded}${usage(actionFirst)}`);
    log(`  ${target.name}: aws s3 sync, first upload`);
    const cliFirst = await awsSync(join(first, 'data'), cliDest, target.s3);
    if (cliFirst.code !== 0) throw failed('aws s3 sync (first upload)', cliFirst);
    log(`    ${sec(cliFirst.wallMs)}${usage(cliFirst)}`);

    // A fresh checkout for the re-run: same commit, every file written anew.
    const again = clone();
    log(`  ${target.name}: action, no-change re-run (fresh checkout)`);
    const actionRerun = await runAction({ dist, cwd: again, inputs, env });
    if (actionRerun.code !== 0) throw failed('action (re-run)', actionRerun);
    if (actionRerun.outputs.uploaded !== '0' || actionRerun.outputs['has-changes'] !== 'false') {
      throw new Error(
        `the no-change re-run was not a no-op: uploaded=${actionRerun.outputs.uploaded}, changes=${actionRerun.outputs.changes}`,
      );
    }
    log(`    ${sec(actionRerun.wallMs)}, uploaded 0${usage(actionRerun)}`);
    log(`  ${target.name}: aws s3 sync, no-change re-run (fresh checkout)`);
    const cliRerun = await awsSync(join(again, 'data'), cliDest, target.s3);
    if (cliRerun.code !== 0) throw failed('aws s3 sync (re-run)', cliRerun);
    log(`    ${sec(cliRerun.wallMs)}${usage(cliRerun)}`);
    return {
      target: target.name,
      files: repo.dataFiles,
      bytes: repo.dataBytes,
      action: { first: actionFirst, rerun: actionRerun },
      cli: { first: cliFirst, rerun: cliRerun },
    };
  } finally {
    for (const dir of clones) rmSync(dir, { recursive: true, force: true });
  }
}
