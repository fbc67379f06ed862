// Seeded random job graphs and durations for the schedule benchmark and the property tests.

import type { GraphNode } from '../src/model.js';

/** mulberry32: small, fast, good enough for test data; same seed, same sequence. */
export function rng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Job names in a random order, so that name order says nothing about graph order. */
function names(random: () => number, n: number): string[] {
  const ids = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(random, 0, i);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.map((i) => `job_${String(i).padStart(3, '0')}`);
}

function toNodes(jobNames: string[], deps: Set<number>[]): GraphNode[] {
  return jobNames.map((name, i) => ({
    name,
    glueName: `pfx-${name}`,
    dependsOn: [...deps[i]!].map((d) => jobNames[d]!),
  }));
}

/**
 * A random DAG shaped like a data pipeline: job i depends on 0–3 earlier jobs, picked within a
 * window of recent jobs whose width varies per graph (narrow windows give deep graphs, wide ones
 * shallow, bushy graphs).
 */
export function randomDag(random: () => number, n: number): GraphNode[] {
  const window = Math.max(2, Math.round(n * (0.1 + 0.9 * random())));
  const deps = Array.from({ length: n }, () => new Set<number>());
  for (let i = 1; i < n; i++) {
    const r = random();
    const k = r < 0.15 ? 0 : r < 0.5 ? 1 : r < 0.8 ? 2 : 3;
    for (let j = 0; j < k; j++) deps[i]!.add(randomInt(random, Math.max(0, i - window), i - 1));
  }
  return toNodes(names(random, n), deps);
}

/**
 * A random series-parallel DAG: a random binary series/parallel decomposition of the jobs, with
 * series edges from every sink of the first part to every source of the second, plus a few
 * redundant (transitive) edges, which keep the order series-parallel.
 */
export function randomSpDag(random: () => number, n: number): GraphNode[] {
  const deps = Array.from({ length: n }, () => new Set<number>());
  // Returns [sources, sinks] of the part made of jobs lo..hi-1.
  const build = (lo: number, hi: number): [number[], number[]] => {
    if (hi - lo === 1) return [[lo], [lo]];
    const mid = randomInt(random, lo + 1, hi - 1);
    const [srcA, sinkA] = build(lo, mid);
    const [srcB, sinkB] = build(mid, hi);
    if (random() < 0.5) return [srcA.concat(srcB), sinkA.concat(sinkB)];
    for (const b of srcB) for (const a of sinkA) deps[b]!.add(a);
    return [srcA, sinkB];
  };
  build(0, n);
  // Redundant edges: a dependency of a dependency, made direct.
  for (let i = 0; i < n; i++) {
    for (const d of [...deps[i]!]) {
      const further = [...deps[d]!];
      if (further.length > 0 && random() < 0.3)
        deps[i]!.add(further[randomInt(random, 0, further.length - 1)]!);
    }
  }
  return toNodes(names(random, n), deps);
}

/** Durations in whole minutes, 1–60, uniform. */
export function randomDurations(random: () => number, nodes: readonly GraphNode[]): Map<string, number> {
  return new Map(nodes.map((node) => [node.glueName, randomInt(random, 1, 60)]));
}
