// `npm run bench`: the six figures of the issue, measured side by side in one run, printed as one
// table (plain and markdown) and written to .cache/bench/. Servers (the emulator, versitygw, a
// pass-through) listen on 127.0.0.1 only and are stopped at the end, also on error or Ctrl-C.
//
//   bash scripts/node24.sh node_modules/tsx/dist/cli.mjs bench/run.ts [--dist FILE] [--quick]
//     [--items sync,requests,growth,cold,schedule] [--servers moto,versitygw] [--baseline FILE]
//     [--repeat N] [--cpu-prof DIR]
//
// --quick shrinks the loads (for trying the script out); its figures are not the issue's.
// --items / --servers measure only some items / S3 servers (the exit code then judges only those).
// --baseline also runs an older bundle in item 1, right after the action, for an A/B on the same
// load (they swap order every other --repeat round); --repeat repeats item 1; --cpu-prof writes V8 CPU profiles of the action's item-1 runs.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { EMULATOR_ENV, type Emulator, startEmulator } from '../emulator/launcher.js';
import { DURATIONS_KEPT } from '../src/state-machine/durations.js';
import { coldStartBench } from './cold-start.js';
import { planGrowthBench } from './plan-growth.js';
import { NODE24 } from './proc.js';
import { generateRepo, ISSUE_BULK, type Repo, ROOT } from './repo.js';
import { requestBench } from './requests.js';
import { scheduleQuality } from './schedule.js';
import { startVersitygw } from './servers.js';
import { s3Client, syncBench } from './sync.js';
import { markdown, plain, type Results, rows, type SyncResult } from './table.js';

const { values: args } = parseArgs({
  options: {
    dist: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, '.cache', 'bench') },
    items: { type: 'string', default: 'schedule,cold,growth,sync,requests' },
    servers: { type: 'string', default: 'moto,versitygw' },
    baseline: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    'cpu-prof': { type: 'string' },
  },
});
const items = new Set(args.items!.split(','));
const servers = new Set(args.servers!.split(','));
const repeat = Math.max(1, Number(args.repeat));
const baseline = args.baseline ? resolve(args.baseline) : undefined;
// The planner called in-process (item 4) reads credentials and region from the environment.
Object.assign(process.env, EMULATOR_ENV, { AWS_EC2_METADATA_DISABLED: 'true' });
const dist = resolve(args.dist ?? join(ROOT, 'dist', 'index.js'));
const quick = args.quick === true;
const KiB = 1024;
const MiB = 1024 * KiB;

const t0 = performance.now();
const log = (line: string) =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (e) {
      console.error(`cleanup: ${(e as Error).message}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping servers`);
    void cleanup().finally(() => process.exit(130));
  });
}

function machine(): string {
  const cpus = os.cpus();
  const [l1, l5] = os.loadavg();
  return (
    `${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ` +
    `${os.type()} ${os.release()}, node ${process.versions.node} (action on ${NODE24.split('/').slice(-3, -2)[0]}), ` +
    `load average ${l1?.toFixed(1)} / ${l5?.toFixed(1)} (1 / 5 min)`
  );
}

function repoFor(spec: Parameters<typeof generateRepo>[0]): Repo {
  const repo = generateRepo(spec);
  cleanups.push(() => rmSync(repo.dir, { recursive: true, force: true }));
  return repo;
}

async function main(): Promise<number> {
  if (!existsSync(dist)) throw new Error(`${dist} does not exist: build it first (scripts/bench.sh does)`);
  const startMachine = machine();
  log(`machine: ${startMachine}`);
  log(`action bundle: ${dist}${quick ? ' (--quick: reduced loads)' : ''}`);

  if (baseline && !existsSync(baseline)) throw new Error(`${baseline} does not exist`);
  const dags = quick ? 50 : 200;
  let schedule: Results['schedule'];
  if (items.has('schedule')) {
    log('item 6: schedule quality (in-process, 200 seeded random DAGs of 10-60 jobs)');
    const quality = scheduleQuality({ dags, minJobs: 10, maxJobs: 60, seed: 1 });
    const learned = scheduleQuality({ dags, minJobs: 10, maxJobs: 60, seed: 1, hints: 'learned' });
    const learnedMany = scheduleQuality({
      dags,
      minJobs: 10,
      maxJobs: 60,
      seed: 1,
      hints: 'learned',
      learnedRuns: DURATIONS_KEPT,
    });
    const exact = scheduleQuality({ dags, minJobs: 10, maxJobs: 60, seed: 1, hints: 'exact' });
    log(
      `  ours mean ${quality.ours.mean.toFixed(4)} (learned from one run ${learned.ours.mean.toFixed(4)}, ` +
        `median of ${DURATIONS_KEPT} ${learnedMany.ours.mean.toFixed(4)}, exact ` +
        `${exact.ours.mean.toFixed(4)}), layering mean ${quality.layered.mean.toFixed(4)}`,
    );
    schedule = { ...quality, dags, learned, learnedMany, exact };
  }

  log('generating repositories (data generator + generated pipelines), committed to git');
  const bulk = quick ? { ...ISSUE_BULK, smallFiles: 500, largeFiles: 2, largeSize: 16 * MiB } : ISSUE_BULK;
  const syncRepo = repoFor({ jobs: 10, seed: 1, rows: 2000, bulk });
  log(
    `  sync repository: 10 jobs, data/ ${syncRepo.dataFiles} files, ${(syncRepo.dataBytes / MiB).toFixed(0)} MiB`,
  );
  const planRepo = repoFor({ jobs: 50, seed: 3, rows: 200 });

  const withGw = items.has('sync') && servers.has('versitygw');
  log(`starting the emulator${withGw ? ' and versitygw' : ''} on 127.0.0.1`);
  const [emulator, versitygw] = await Promise.all([
    startEmulator({ quiet: true }),
    withGw ? startVersitygw() : undefined,
  ]);
  cleanups.push(() => emulator.stop());
  if (versitygw) {
    cleanups.push(() => versitygw.stop());
    cleanups.push(() => rmSync(versitygw.dir, { recursive: true, force: true }));
  }
  await makeBucket(emulator, 'bench-plan');

  let coldStart: Results['coldStart'];
  if (items.has('cold')) {
    log('item 5: cold start (mode: plan, 50 jobs; 5 runs)');
    coldStart = await coldStartBench(dist, planRepo, emulator, 5, log);
  }

  let planGrowth: Results['planGrowth'];
  if (items.has('growth')) {
    const sizes = quick ? [10, 40, 160] : [50, 200, 800];
    log(`item 4: plan time for ${sizes.join(', ')} jobs (mode: plan, 3 runs each)`);
    planGrowth = await planGrowthBench(dist, planRepo, emulator, sizes, 3, log);
  }

  const sync: SyncResult[] = [];
  if (args['cpu-prof']) mkdirSync(resolve(args['cpu-prof']), { recursive: true });
  const syncRounds = items.has('sync') || items.has('requests') ? repeat : 0;
  for (let round = 0; round < syncRounds; round++) {
    for (const [name, s3] of [
      ['moto', emulator.endpoint],
      ['versitygw', versitygw?.endpoint ?? ''],
    ] as const) {
      // Item 2 reuses the data item 1 uploaded to moto.
      if (!s3 || (!servers.has(name) && !(name === 'moto' && round === 0 && items.has('requests')))) continue;
      log(`items 1 and 3: sync against ${name}${repeat > 1 ? ` (round ${round + 1} of ${repeat})` : ''}`);
      const f = await syncBench(dist, syncRepo, { name, s3, emulator: emulator.endpoint }, log, {
        baselineDist: baseline,
        round,
        cpuProfDir: args['cpu-prof'] ? resolve(args['cpu-prof']) : undefined,
        // Alternate which bundle runs first after the clone, so neither always pays the cold start.
        baselineFirst: round % 2 === 1,
      });
      const b = f.baseline;
      sync.push({
        target: f.target,
        files: f.files,
        bytes: f.bytes,
        actionFirstMs: f.action.first.wallMs,
        cliFirstMs: f.cli.first.wallMs,
        actionRerunMs: f.action.rerun.wallMs,
        cliRerunMs: f.cli.rerun.wallMs,
        actionPeakRssMiB: [f.action.first.peakRssMiB, f.action.rerun.peakRssMiB],
        cliPeakRssMiB: [f.cli.first.peakRssMiB, f.cli.rerun.peakRssMiB],
        actionFirstCpuS: f.action.first.cpuS,
        cliFirstCpuS: f.cli.first.cpuS,
        actionRerunCpuS: f.action.rerun.cpuS,
        cliRerunCpuS: f.cli.rerun.cpuS,
        ...(repeat > 1 ? { round: round + 1 } : {}),
        ...(b
          ? {
              baseline: {
                firstMs: b.first.wallMs,
                rerunMs: b.rerun.wallMs,
                firstCpuS: b.first.cpuS,
                rerunCpuS: b.rerun.cpuS,
                peakRssMiB: Math.max(b.first.peakRssMiB ?? 0, b.rerun.peakRssMiB ?? 0) || undefined,
              },
            }
          : {}),
      });
    }
  }

  const jobs = quick ? 50 : 200;
  let requests: Results['requests'];
  if (items.has('requests')) {
    log(`item 2: requests of a no-change redeploy of ${jobs} jobs and the sync data`);
    requests = await requestBench(dist, syncRepo, emulator, jobs, log);
  }

  log('stopping servers, removing temporary files');
  await cleanup();

  const results: Results = {
    sync: sync.filter((t) => items.has('sync') && servers.has(t.target)),
    requests,
    planGrowth,
    coldStart,
    schedule,
  };
  const table = rows(results);
  const met = table.filter((r) => r.met).length;
  const endMachine = machine();
  const md = [
    `Run of ${new Date().toISOString()}${quick ? ' (--quick: reduced loads, not the issue figures)' : ''}, ` +
      `${((performance.now() - t0) / 1000).toFixed(0)} s in total.`,
    '',
    `Machine: ${startMachine}; at the end: load average ${os
      .loadavg()
      .slice(0, 2)
      .map((l) => l.toFixed(1))
      .join(' / ')}.`,
    '',
    markdown(table),
    '',
    `${met} of ${table.length} targets met.`,
  ].join('\n');
  mkdirSync(args.out!, { recursive: true });
  writeFileSync(
    join(args.out!, 'results.json'),
    `${JSON.stringify({ machine: endMachine, results }, null, 2)}\n`,
  );
  writeFileSync(join(args.out!, 'table.md'), `${md}\n`);

  console.log(`\n${plain(table)}\n`);
  console.log(md);
  console.log(`\n(also in ${join(args.out!, 'table.md')} and results.json)`);
  return met === table.length ? 0 : 1;
}

async function makeBucket(emulator: Emulator, bucket: string): Promise<void> {
  const s3 = s3Client(emulator.endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
}

try {
  process.exitCode = await main();
} catch (e) {
  console.error(`\nbench failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 2;
} finally {
  await cleanup();
}
