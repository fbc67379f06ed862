// Shared checks for the state-machine tests: read a definition back structurally.

import { expect } from 'vitest';
import { analyze } from '../../bench/asl-simulate.js';
import type { GraphNode } from '../../src/model.js';
import type { AslDefinition } from '../../src/state-machine/asl.js';

/** Every job runs exactly once, and for every edge a → b, a finishes before b starts, always. */
export function expectDependenciesHonoured(nodes: readonly GraphNode[], definition: AslDefinition): void {
  const { tasks } = analyze(definition);
  const stateOfJob = new Map<string, string>();
  for (const [state, info] of tasks) {
    expect(info.jobName, `task ${state} has a JobName`).toBeDefined();
    expect(stateOfJob.has(info.jobName!), `job ${info.jobName} runs once`).toBe(false);
    stateOfJob.set(info.jobName!, state);
  }
  expect([...stateOfJob.keys()].sort()).toEqual(nodes.map((n) => n.glueName).sort());
  const glue = new Map(nodes.map((n) => [n.name, n.glueName]));
  for (const node of nodes) {
    const after = tasks.get(stateOfJob.get(node.glueName)!)!.after;
    for (const dep of node.dependsOn) {
      expect(after.has(stateOfJob.get(glue.get(dep)!)!), `${dep} finishes before ${node.name} starts`).toBe(
        true,
      );
    }
  }
}

export function node(name: string, dependsOn: string[] = []): GraphNode {
  return { name, glueName: `dev-${name}`, dependsOn };
}
