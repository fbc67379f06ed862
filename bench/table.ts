// The results table: each figure with its target and whether it is met. Pure: results in, text out.

import type { ColdStart } from './cold-start.js';
import type { PlanPoint } from './plan-growth.js';
import type { RequestFigures } from './requests.js';
import type { Quality } from './schedule.js';

/** Wall times of one server's sync runs, ms; peak RSS of the action runs, MiB. */
export interface SyncResult {
  target: string;
  files: number;
  bytes: number;
  actionFirstMs: number;
  cliFirstMs: number;
  actionRerunMs: number;
  cliRerunMs: number;
  actionPeakRssMiB: (number | undefined)[];
  cliPeakRssMiB: (number | undefined)[];
  /** User + system CPU seconds of each run (undefined without GNU time). */
  actionFirstCpuS?: number;
  cliFirstCpuS?: number;
  actionRerunCpuS?: number;
  cliRerunCpuS?: number;
  /** Round of a repeated measurement (`--repeat`), from 1; absent for a single round. */
  round?: number;
  /** The same runs of an older bundle (`--baseline`), measured right after the action's. */
  baseline?: {
    firstMs: number;
    rerunMs: number;
    firstCpuS?: number;
    rerunCpuS?: number;
    peakRssMiB?: number;
  };
}

/** Each item is absent when `--items` left it out. */
export interface Results {
  sync: SyncResult[];
  requests?: RequestFigures;
  planGrowth?: PlanPoint[];
  coldStart?: ColdStart;
  /**
   * Without durations; `learned`: told one earlier run's durations; `learnedMany`: the median of
   * the last DURATIONS_KEPT runs' (what the state object keeps); `exact`: the timed run's.
   */
  schedule?: Quality & { dags: number; learned: Quality; learnedMany: Quality; exact: Quality };
}

export interface Row {
  item: string;
  figure: string;
  measured: string;
  target: string;
  met: boolean;
}

/** The targets of the speed and memory issue (a first upload twice as fast as `aws s3 sync`, …). */
export const TARGETS = {
  /** Against a server that is not the bottleneck (versitygw). */
  firstUploadRatio: 2,
  /** Against moto (one core: the server is the ceiling): never slower than the CLI. */
  firstUploadRatioMoto: 1,
  rerunRatio: 10,
  maxRequests: 14,
  maxRssMiB: 150,
  /** t(4n) / t(n): at most 4 is "no faster than linear". */
  growthPer4x: 4,
  coldStartMs: 400,
  scheduleMean: 1.05,
  scheduleLearnedMean: 1.02,
};

const cpuText = (cpu?: number) => (cpu === undefined ? '' : ` (CPU ${cpu.toFixed(1)} s)`);
const s = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);
const x = (r: number) => `${r.toFixed(1)}×`;
const MiB = 1024 * 1024;

export function rows(r: Results): Row[] {
  const out: Row[] = [];
  for (const t of r.sync) {
    const load = `${t.files.toLocaleString('en')} files, ${(t.bytes / MiB).toFixed(0)} MiB`;
    const round = t.round ? `, round ${t.round}` : '';
    const first = t.cliFirstMs / t.actionFirstMs;
    const firstTarget = t.target === 'moto' ? TARGETS.firstUploadRatioMoto : TARGETS.firstUploadRatio;
    const vsOld = (newMs: number, oldMs: number | undefined, oldCpu?: number) =>
      oldMs === undefined
        ? ''
        : `; older bundle ${s(oldMs)}${cpuText(oldCpu)}: new ${x(oldMs / newMs)} faster`;
    out.push({
      item: '1',
      figure: `Sync, first upload (${t.target}; ${load}${round})`,
      measured:
        `action ${s(t.actionFirstMs)}${cpuText(t.actionFirstCpuS)} vs aws s3 sync ${s(t.cliFirstMs)}` +
        `${cpuText(t.cliFirstCpuS)}: ${x(first)} faster${vsOld(t.actionFirstMs, t.baseline?.firstMs, t.baseline?.firstCpuS)}`,
      target: firstTarget === 1 ? 'never slower than aws (≥ 1.0×)' : `≥ ${firstTarget}× faster`,
      met: first >= firstTarget,
    });
    const rerun = t.cliRerunMs / t.actionRerunMs;
    out.push({
      item: '1',
      figure: `Sync, no-change re-run, fresh checkout (${t.target}${round})`,
      measured:
        `action ${s(t.actionRerunMs)}${cpuText(t.actionRerunCpuS)} vs aws s3 sync ${s(t.cliRerunMs)}` +
        `${cpuText(t.cliRerunCpuS)}: ${x(rerun)} faster${vsOld(t.actionRerunMs, t.baseline?.rerunMs, t.baseline?.rerunCpuS)}`,
      target: `≥ ${TARGETS.rerunRatio}× faster`,
      met: rerun >= TARGETS.rerunRatio,
    });
  }
  const q = r.requests;
  if (q) {
    const top = q.byOperation.map(([op, n]) => `${n} ${op}`).join(', ');
    out.push({
      item: '2',
      figure: `Requests, no-change redeploy (${q.jobs} jobs, ${q.files.toLocaleString('en')} files)`,
      measured: `${q.total} requests, ${q.mutating} mutating (${top})`,
      target: `≤ ${TARGETS.maxRequests}, 0 mutating`,
      met: q.total <= TARGETS.maxRequests && q.mutating === 0,
    });
  }
  if (r.sync.length > 0) {
    const rss = r.sync.flatMap((t) => t.actionPeakRssMiB).filter((m): m is number => m !== undefined);
    const cliRss = r.sync.flatMap((t) => t.cliPeakRssMiB).filter((m): m is number => m !== undefined);
    const baseRss = r.sync.map((t) => t.baseline?.peakRssMiB).filter((m): m is number => m !== undefined);
    const peak = rss.length ? Math.max(...rss) : Number.NaN;
    out.push({
      item: '3',
      figure: 'Peak RSS of the action during item 1',
      measured: `${peak.toFixed(0)} MiB (max of ${rss.length} runs; aws s3 sync: ${
        cliRss.length ? Math.max(...cliRss).toFixed(0) : '?'
      } MiB${baseRss.length ? `; older bundle: ${Math.max(...baseRss).toFixed(0)} MiB` : ''})`,
      target: `≤ ${TARGETS.maxRssMiB} MiB`,
      met: peak <= TARGETS.maxRssMiB,
    });
  }
  if (r.planGrowth) out.push(growthRow(r.planGrowth));
  const c = r.coldStart;
  if (c)
    out.push({
      item: '5',
      figure: 'Cold start: process start to first AWS request',
      measured: `${c.medianMs.toFixed(0)} ms median of ${c.runsMs.length} (${Math.min(...c.runsMs).toFixed(0)}–${Math.max(
        ...c.runsMs,
      ).toFixed(0)})`,
      target: `< ${TARGETS.coldStartMs} ms`,
      met: c.medianMs < TARGETS.coldStartMs,
    });
  const sq = r.schedule;
  if (!sq) return out;
  const f = (v: number) => v.toFixed(3);
  out.push({
    item: '6',
    figure: `Schedule quality, makespan / critical path (${sq.dags} seeded random DAGs)`,
    measured:
      `ours mean ${f(sq.ours.mean)}, max ${f(sq.ours.max)}; layering mean ${f(sq.layered.mean)}, ` +
      `max ${f(sq.layered.max)}; worse than layering ${sq.worseThanLayering}`,
    target: `mean ≤ ${TARGETS.scheduleMean}, never worse`,
    met: sq.ours.mean <= TARGETS.scheduleMean && sq.worseThanLayering === 0,
  });
  out.push({
    item: '6',
    figure:
      'Schedule quality with durations: learned from one earlier run / median of the last 5 (runs vary ×0.9–1.1) / exact',
    measured:
      `learned from one run mean ${f(sq.learned.ours.mean)}, max ${f(sq.learned.ours.max)}, worse than layering ` +
      `${sq.learned.worseThanLayering}; median of 5 mean ${f(sq.learnedMany.ours.mean)}, worse ` +
      `${sq.learnedMany.worseThanLayering}; exact mean ${f(sq.exact.ours.mean)}, max ${f(sq.exact.ours.max)}`,
    target: `learned mean ≤ ${TARGETS.scheduleLearnedMean}, never worse`,
    met:
      Math.max(sq.learned.ours.mean, sq.learnedMany.ours.mean) <= TARGETS.scheduleLearnedMean &&
      sq.learned.worseThanLayering + sq.learnedMany.worseThanLayering === 0,
  });
  return out;
}

/**
 * t(n) for growing n, judged on the planner's in-process time (the action's wall time also holds
 * ~0.3 s of process start, which hides growth): each step's time ratio must not exceed its job ratio.
 */
export function growthRow(points: PlanPoint[]): Row {
  const steps = points.slice(1).map((p, i) => {
    const prev = points[i]!;
    return { timeRatio: p.inProcessMs / prev.inProcessMs, jobRatio: p.jobs / prev.jobs };
  });
  const last = points.at(-1)!;
  return {
    item: '4',
    figure: `Plan time for ${points.map((p) => p.jobs).join(' / ')} jobs (median)`,
    measured:
      `planner in-process ${points.map((p) => s(p.inProcessMs)).join(' / ')}: ` +
      steps.map((st) => `${x(st.timeRatio)} for ${x(st.jobRatio)} jobs`).join(', ') +
      `; state machine definition alone ${s(last.definitionMs)} at ${last.jobs} jobs; ` +
      `action (mode: plan) wall ${points.map((p) => s(p.medianMs)).join(' / ')}`,
    target: 'time ratio ≤ job ratio (linear)',
    met: steps.every((st) => st.timeRatio <= st.jobRatio),
  };
}

export function markdown(rs: Row[]): string {
  const esc = (t: string) => t.replaceAll('|', '\\|');
  const lines = ['| # | figure | measured | target | met |', '|---|---|---|---|---|'];
  for (const r of rs) {
    lines.push(
      `| ${r.item} | ${esc(r.figure)} | ${esc(r.measured)} | ${esc(r.target)} | ${r.met ? 'yes' : '**NO**'} |`,
    );
  }
  return lines.join('\n');
}

/** The same table for a terminal: aligned columns, the measured column wrapped. */
export function plain(rs: Row[]): string {
  const width = (k: keyof Row) => Math.max(k.length, ...rs.map((r) => String(r[k]).length));
  const w = { item: width('item'), figure: width('figure'), target: width('target') };
  return rs
    .map(
      (r) =>
        `${r.item.padEnd(w.item)}  ${r.met ? 'MET ' : 'MISS'}  ${r.figure.padEnd(w.figure)}  ` +
        `${r.target.padEnd(w.target)}  ${r.measured}`,
    )
    .join('\n');
}
