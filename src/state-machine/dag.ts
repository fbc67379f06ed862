// The job graph in the form the schedulers need: nodes indexed in name order, ASAP levels and the
// transitive closure as bitsets (the schedulers ask "is u before v?" O(n²) times).

import type { GraphNode } from '../model.js';
import { compareCodeUnits } from '../order.js';

export interface Dag {
  /** Manifest names, sorted: index i is names[i], so index order is name order (determinism). */
  readonly names: readonly string[];
  readonly nodes: readonly GraphNode[];
  /** Direct dependencies of each node (indices, sorted, deduplicated). */
  readonly preds: readonly (readonly number[])[];
  /** ASAP level: 0 for a job without dependencies, else 1 + the highest level of its dependencies. */
  readonly level: readonly number[];
  /** Bitset rows: bit v of row u is set when v depends on u, directly or not. */
  readonly reach: Uint32Array;
  readonly words: number;
}

/**
 * Indexes the graph and checks, cheaply, what the manifest validation already guarantees:
 * unique names, known dependencies, no cycles. A failure here is a bug upstream, not user input.
 */
export function buildDag(input: readonly GraphNode[]): Dag {
  const nodes = [...input].sort((a, b) => compareCodeUnits(a.name, b.name));
  const names = nodes.map((n) => n.name);
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (index.has(name)) throw new Error(`job graph: duplicate job name "${name}"`);
    index.set(name, i);
  });
  const preds = nodes.map((node) => {
    const ids = new Set<number>();
    for (const dep of node.dependsOn) {
      const id = index.get(dep);
      if (id === undefined) throw new Error(`job graph: "${node.name}" depends on unknown job "${dep}"`);
      if (dep === node.name) throw new Error(`job graph: "${node.name}" depends on itself`);
      ids.add(id);
    }
    return [...ids].sort((a, b) => a - b);
  });

  const n = nodes.length;
  const succs: number[][] = names.map(() => []);
  preds.forEach((ps, v) => {
    for (const u of ps) succs[u]!.push(v);
  });
  // Kahn's algorithm: topological order + levels; anything left over is on a cycle.
  const missing = preds.map((ps) => ps.length);
  const level = new Array<number>(n).fill(0);
  const order: number[] = [];
  for (let v = 0; v < n; v++) if (missing[v] === 0) order.push(v);
  for (let i = 0; i < order.length; i++) {
    const u = order[i]!;
    for (const v of succs[u]!) {
      level[v] = Math.max(level[v]!, level[u]! + 1);
      if (--missing[v]! === 0) order.push(v);
    }
  }
  if (order.length < n) {
    const stuck = names.filter((_, v) => missing[v]! > 0);
    throw new Error(`job graph: dependency cycle among ${stuck.join(', ')}`);
  }

  const words = Math.ceil(n / 32) || 1;
  const reach = new Uint32Array(n * words);
  for (let i = n - 1; i >= 0; i--) {
    const u = order[i]!;
    const row = u * words;
    for (const v of succs[u]!) {
      reach[row + (v >>> 5)]! |= 1 << (v & 31);
      const vrow = v * words;
      for (let w = 0; w < words; w++) reach[row + w]! |= reach[vrow + w]!;
    }
  }
  return { names, nodes, preds, level, reach, words };
}

/** True when v (transitively) depends on u. */
export function before(dag: Dag, u: number, v: number): boolean {
  return ((dag.reach[u * dag.words + (v >>> 5)]! >>> (v & 31)) & 1) === 1;
}

export function comparable(dag: Dag, u: number, v: number): boolean {
  return before(dag, u, v) || before(dag, v, u);
}

/** Longest path when each job takes durations[i]: the lower bound of any schedule. */
export function criticalPath(dag: Dag, durations: readonly number[]): number {
  const finish = new Array<number>(dag.names.length).fill(0);
  // Index order is not topological; levels are.
  const byLevel = dag.names.map((_, i) => i).sort((a, b) => dag.level[a]! - dag.level[b]!);
  let longest = 0;
  for (const v of byLevel) {
    let start = 0;
    for (const u of dag.preds[v]!) start = Math.max(start, finish[u]!);
    finish[v] = start + durations[v]!;
    longest = Math.max(longest, finish[v]!);
  }
  return longest;
}
