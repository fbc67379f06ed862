// Item 2: the AWS requests of a no-change redeploy of 200 jobs and the 5,000-file data folder,
// counted in the emulator's request log (only the action's requests: they carry its app-id tag).
import { rmSync } from 'node:fs';
import type { Emulator, RecordedRequest } from '../emulator/launcher.js';
import { failed, runAction } from './proc.js';
import { freshClone, type Repo, replaceJobs } from './repo.js';
import { actionTarget } from './sync.js';

export interface RequestFigures {
  jobs: number;
  files: number;
  total: number;
  mutating: number;
  /** `service:Operation` → count, most frequent first. */
  byOperation: [string, number][];
  wallMs: number;
  peakRssMiB?: number;
}

export function countByOperation(requests: RecordedRequest[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const k = `${r.service}:${r.operation}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * Grows the sync benchmark's pipeline to `jobs` jobs in the same bucket, prefix and name prefix
 * (its data is already uploaded there, so the setup deploy only adds scripts and jobs), deploys
 * that once, then redeploys it from a fresh checkout and counts what the redeploy sent.
 */
export async function requestBench(
  dist: string,
  repo: Repo,
  emulator: Emulator,
  jobs: number,
  log: (line: string) => void,
): Promise<RequestFigures> {
  const target = { name: 'moto', s3: emulator.endpoint, emulator: emulator.endpoint };
  const work = freshClone(repo.dir);
  let again: string | undefined;
  try {
    replaceJobs(work, jobs, 2);
    const setup = actionTarget(target, 'bench-action-moto', 'moto-', 'requests-setup');
    log(`  deploy of ${jobs} jobs (setup, not counted)`);
    const first = await runAction({ dist, cwd: work, ...setup });
    if (first.code !== 0) throw failed(`deploy of ${jobs} jobs`, first);
    log(`    ${(first.wallMs / 1000).toFixed(1)} s, ${first.outputs.changes} change(s)`);

    again = freshClone(work);
    const tag = `requests-${Date.now()}`;
    const counted = actionTarget(target, 'bench-action-moto', 'moto-', tag);
    const since = await emulator.lastSeq();
    log('  no-change redeploy (fresh checkout), counted at the emulator');
    const rerun = await runAction({ dist, cwd: again, ...counted });
    if (rerun.code !== 0) throw failed('no-change redeploy', rerun);
    const requests = await emulator.requests({ since, tag });
    const untagged = (await emulator.requests({ since })).length - requests.length;
    if (untagged > 0)
      throw new Error(`${untagged} request(s) without the action's tag: cannot attribute them`);
    const files = Number(rerun.outputs.unchanged ?? 'NaN');
    log(`    ${requests.length} request(s), ${files} file(s) unchanged, changes=${rerun.outputs.changes}`);
    return {
      jobs: JSON.parse(rerun.outputs['job-names'] ?? '[]').length,
      files,
      total: requests.length,
      mutating: requests.filter((r) => r.mutating).length,
      byOperation: countByOperation(requests),
      wallMs: rerun.wallMs,
      peakRssMiB: rerun.peakRssMiB,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (again) rmSync(again, { recursive: true, force: true });
  }
}
