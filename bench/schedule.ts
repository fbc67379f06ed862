// How close the generated state machine gets to the critical path, against plain layering.
// Run alone: bash scripts/node24.sh node_modules/tsx/dist/cli.mjs bench/schedule.ts

import { pathToFileURL } from 'node:url';
import type { GraphNode } from '../src/model.js';
import { type BuildOptions, buildDefinition } from '../src/state-machine/asl.js';
import { buildDag, criticalPath } from '../src/state-machine/dag.js';
import { DURATIONS_KEPT, expectedDuration, withMeasurement } from '../src/state-machine/durations.js';
import { simulate } from './asl-simulate.js';
import { randomDag, randomDurations, randomInt, randomSpDag, rng } from './random-dag.js';

export interface QualityOptions {
  dags: number;
  minJobs: number;
  maxJobs: number;
  seed: number;
  /** 'random' (default): general DAGs; 'series-parallel': only SP graphs (ours must be exact). */
  graphs?: 'random' | 'series-parallel';
  /**
   * What the builder is told of durations. Each job has a typical duration and every run of it
   * takes that ×[0.9, 1.1]; the makespan and the critical path are those of one timed run.
   * 'none' (default, as on a first deploy); 'exact': the timed run's own durations; 'noisy': those
   * off by a random factor in [1/1.5, 1.5] (rough `expected-minutes`); 'learned': what the state
   * object gives after `learnedRuns` earlier runs (default 1), never the timed one: the median of
   * their measured durations.
   */
  hints?: 'none' | 'exact' | 'noisy' | 'learned';
  learnedRuns?: number;
}

export interface RatioStats {
  /** Mean of makespan / critical path. */
  mean: number;
  max: number;
}

export interface Quality {
  ours: RatioStats;
  layered: RatioStats;
  /** DAGs where ours took longer than layering (should be 0). */
  worseThanLayering: number;
  /** DAGs where ours was strictly faster than layering. */
  betterThanLayering: number;
  /** DAGs where ours reached the critical path. */
  optimal: number;
}

/** Makespan of a definition when each job (by Glue name) takes durations.get(glueName). */
export function makespan(
  nodes: readonly GraphNode[],
  durations: Map<string, number>,
  opts: BuildOptions = {},
) {
  const definition = buildDefinition(nodes, opts);
  return simulate(definition, (state, jobName) => {
    const d = jobName === undefined ? undefined : durations.get(jobName);
    if (d === undefined) throw new Error(`no duration for ${state}`);
    return d;
  }).makespan;
}

export function scheduleQuality(options: QualityOptions): Quality {
  const random = rng(options.seed);
  const ours: number[] = [];
  const layered: number[] = [];
  let worse = 0;
  let better = 0;
  let optimal = 0;
  for (let i = 0; i < options.dags; i++) {
    const n = randomInt(random, options.minJobs, options.maxJobs);
    const nodes = options.graphs === 'series-parallel' ? randomSpDag(random, n) : randomDag(random, n);
    const typical = randomDurations(random, nodes);
    // Run-to-run noise from a stream of its own: every mode sees the same DAGs and the same timed run.
    const noise = rng(options.seed * 1_000_003 + i);
    const runOf = () => new Map([...typical].map(([job, d]) => [job, d * (0.9 + 0.2 * noise())]));
    const durations = runOf();
    const dag = buildDag(nodes);
    const cp = criticalPath(
      dag,
      dag.nodes.map((node) => durations.get(node.glueName)!),
    );
    const hints = options.hints ?? 'none';
    const expectedDurations =
      hints === 'none'
        ? undefined
        : hints === 'learned'
          ? learned(nodes, runOf, options.learnedRuns ?? 1)
          : new Map(
              nodes.map((node) => [
                node.name,
                durations.get(node.glueName)! * (hints === 'noisy' ? 1.5 ** (2 * noise() - 1) : 1),
              ]),
            );
    const o = makespan(nodes, durations, { expectedDurations });
    const l = makespan(nodes, durations, { schedule: 'layered' });
    ours.push(o / cp);
    layered.push(l / cp);
    if (o > l) worse++;
    if (o < l) better++;
    if (o === cp) optimal++;
  }
  return {
    ours: stats(ours),
    layered: stats(layered),
    worseThanLayering: worse,
    betterThanLayering: better,
    optimal,
  };
}

/** What the state object holds after `runs` earlier runs (each a fresh draw, not the timed one). */
function learned(
  nodes: readonly GraphNode[],
  runOf: () => Map<string, number>,
  runs: number,
): Map<string, number> {
  const history = new Map<string, number[]>();
  for (let r = 0; r < runs; r++) {
    const run = runOf();
    for (const node of nodes) {
      history.set(node.name, withMeasurement(history.get(node.name), run.get(node.glueName)!));
    }
  }
  return new Map(nodes.map((node) => [node.name, expectedDuration(history.get(node.name))!]));
}

function stats(xs: number[]): RatioStats {
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, max: Math.max(...xs) };
}

function report(label: string, options: QualityOptions): Quality {
  const started = performance.now();
  const q = scheduleQuality(options);
  const ms = performance.now() - started;
  const f = (x: number) => x.toFixed(4);
  console.log(
    `${label.padEnd(34)} ours mean ${f(q.ours.mean)} max ${f(q.ours.max)} | layered mean ${f(q.layered.mean)} ` +
      `max ${f(q.layered.max)} | ours = CP ${q.optimal}/${options.dags}, better ${q.betterThanLayering}, ` +
      `worse ${q.worseThanLayering} | ${ms.toFixed(0)} ms`,
  );
  return q;
}

function main(): void {
  console.log('makespan / critical path over seeded random DAGs (durations 1-60 min, uniform)');
  const base = { dags: 200, minJobs: 10, maxJobs: 60 };
  const blind = [1, 2, 3].map((seed) => report(`10-60 jobs, no hints, seed ${seed}`, { ...base, seed }));
  const noisy = report('10-60 jobs, hints off by <=1.5x', { ...base, seed: 1, hints: 'noisy' });
  const learned = report('10-60 jobs, learned from one run', { ...base, seed: 1, hints: 'learned' });
  const learnedMany = report(`10-60 jobs, learned, median of ${DURATIONS_KEPT}`, {
    ...base,
    seed: 1,
    hints: 'learned',
    learnedRuns: DURATIONS_KEPT,
  });
  const exact = report('10-60 jobs, exact hints', { ...base, seed: 1, hints: 'exact' });
  const big = [
    report('100-200 jobs, no hints', { dags: 20, minJobs: 100, maxJobs: 200, seed: 1 }),
    report('100-200 jobs, noisy hints', { dags: 20, minJobs: 100, maxJobs: 200, seed: 1, hints: 'noisy' }),
  ];
  const sp = report('series-parallel DAGs, 10-60 jobs', { ...base, seed: 1, graphs: 'series-parallel' });

  const all = [...blind, noisy, learned, learnedMany, exact, ...big, sp];
  const neverWorse = all.every((q) => q.worseThanLayering === 0);
  const spExact = sp.ours.max === 1;
  const meanBlind = Math.max(...blind.map((q) => q.ours.mean));
  console.log(
    `never worse than layering: ${neverWorse ? 'yes' : 'NO'}; series-parallel exact: ${spExact ? 'yes' : 'NO'}`,
  );
  console.log(
    `mean <= 1.05: without hints ${meanBlind <= 1.05 ? 'met' : `NOT met (${meanBlind.toFixed(4)})`}, ` +
      `with noisy hints ${noisy.ours.mean <= 1.05 ? 'met' : 'NOT met'} (${noisy.ours.mean.toFixed(4)})`,
  );
  console.log(
    `mean <= 1.02 learned: from one run ${learned.ours.mean <= 1.02 ? 'met' : 'NOT met'} (${learned.ours.mean.toFixed(4)}), ` +
      `median of ${DURATIONS_KEPT} runs ${learnedMany.ours.mean <= 1.02 ? 'met' : 'NOT met'} (${learnedMany.ours.mean.toFixed(4)})`,
  );
  process.exitCode = neverWorse && spExact ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
