// Item 4: wall time of `mode: plan` runs of the built action against the emulator for growing
// pipelines (same repository, pipeline regenerated with more jobs; nothing deployed for them, so
// every job and the state machine plan as "create" after the same reads a redeploy makes).
import type { Emulator } from '../emulator/launcher.js';
import { failed, runAction } from './proc.js';
import { type Repo, replaceJobs } from './repo.js';
import { actionTarget } from './sync.js';

export interface PlanPoint {
  jobs: number;
  /** Median wall time of the runs, ms. */
  medianMs: number;
  runsMs: number[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function planGrowthBench(
  dist: string,
  repo: Repo,
  emulator: Emulator,
  sizes: number[],
  runs: number,
  log: (line: string) => void,
): Promise<PlanPoint[]> {
  const target = { name: 'moto', s3: emulator.endpoint, emulator: emulator.endpoint };
  const points: PlanPoint[] = [];
  for (const jobs of sizes) {
    replaceJobs(repo.dir, jobs, jobs);
    const { inputs, env } = actionTarget(target, 'bench-plan', `plan${jobs}-`, `plan-${jobs}`);
    const runsMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await runAction({ dist, cwd: repo.dir, inputs: { ...inputs, mode: 'plan' }, env });
      if (r.code !== 0) throw failed(`plan of ${jobs} jobs`, r);
      if (r.outputs.status !== 'PLANNED' || JSON.parse(r.outputs['job-names'] ?? '[]').length !== jobs) {
        throw new Error(
          `plan of ${jobs} jobs: unexpected outputs ${JSON.stringify(r.outputs).slice(0, 300)}`,
        );
      }
      runsMs.push(r.wallMs);
    }
    const point = { jobs, medianMs: median(runsMs), runsMs };
    log(
      `  ${jobs} jobs: median ${point.medianMs.toFixed(0)} ms (${runsMs.map((m) => m.toFixed(0)).join(', ')})`,
    );
    points.push(point);
  }
  return points;
}
