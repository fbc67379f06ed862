// Item 4: plan time for growing pipelines (same repository, pipeline regenerated with more jobs;
// nothing deployed for them, so every job and the state machine plan as "create" after the same
// reads a redeploy makes). Two views: wall time of `mode: plan` runs of the built action (what a
// user waits for, ~0.3 s of it process start), and the planner called in-process (load the
// manifest, collect files, compute the plan against the emulator), which shows how the work
// itself grows. The target is judged on the in-process time.

import { EMULATOR_ACCOUNT_ID, EMULATOR_REGION, type Emulator } from '../emulator/launcher.js';
import { makeClients } from '../src/aws/clients.js';
import { loadPipeline } from '../src/manifest/index.js';
import { planPipeline } from '../src/plan/index.js';
import { buildDefinition } from '../src/state-machine/asl.js';
import { failed, runAction } from './proc.js';
import { type Repo, replaceJobs } from './repo.js';
import { actionTarget } from './sync.js';

export interface PlanPoint {
  jobs: number;
  /** Median wall time of the action runs, ms. */
  medianMs: number;
  runsMs: number[];
  /** Median time of the planner called in-process, ms. */
  inProcessMs: number;
  /** Of which: building the state machine definition, ms. */
  definitionMs: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** What the action does up to the plan (loadPipeline + planPipeline, as src/main.ts), timed in this process. */
async function planInProcess(repo: Repo, endpoint: string, bucket: string, namePrefix: string) {
  const t0 = performance.now();
  const pipeline = loadPipeline('glue-jobs/pipeline.yml', {
    root: repo.dir,
    jobsDir: 'glue-jobs',
    namePrefix,
    defaultName: 'bench',
    inputDefaults: { glueVersion: '5.0', workerType: 'G.1X', numberOfWorkers: 2, arguments: {} },
    placeholders: {
      bucket,
      prefix: 'bench/',
      region: EMULATOR_REGION,
      account: EMULATOR_ACCOUNT_ID,
      'name-prefix': namePrefix,
    },
  });
  const clients = makeClients({ region: EMULATOR_REGION, endpointUrl: endpoint });
  await planPipeline(pipeline, {
    clients,
    root: repo.dir,
    location: { bucket, prefix: 'bench/' },
    folders: { externalLibsDir: 'external_libs', dbDir: 'db', dataDir: 'data' },
    roleArn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/bench-glue`,
    stateMachineRoleArn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/bench-sfn`,
    userTags: {},
    prune: false,
    region: 'us-east-1',
    partition: 'aws',
  });
  const total = performance.now() - t0;
  for (const c of Object.values(clients)) c.destroy();
  const t1 = performance.now();
  buildDefinition(pipeline.jobs, { comment: `Glue pipeline ${pipeline.name}` });
  return { total, definition: performance.now() - t1 };
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
    const namePrefix = `plan${jobs}-`;
    const { inputs, env } = actionTarget(target, 'bench-plan', namePrefix, `plan-${jobs}`);
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
    // One warm-up call, then the timed ones.
    await planInProcess(repo, emulator.endpoint, 'bench-plan', namePrefix);
    const inProcess: { total: number; definition: number }[] = [];
    for (let i = 0; i < runs; i++) {
      inProcess.push(await planInProcess(repo, emulator.endpoint, 'bench-plan', namePrefix));
    }
    const point = {
      jobs,
      medianMs: median(runsMs),
      runsMs,
      inProcessMs: median(inProcess.map((p) => p.total)),
      definitionMs: median(inProcess.map((p) => p.definition)),
    };
    log(
      `  ${jobs} jobs: action median ${point.medianMs.toFixed(0)} ms (${runsMs.map((m) => m.toFixed(0)).join(', ')}); ` +
        `in-process ${point.inProcessMs.toFixed(0)} ms, of which state machine definition ${point.definitionMs.toFixed(0)} ms`,
    );
    points.push(point);
  }
  return points;
}
