// A mermaid flowchart of the pipeline, each job coloured by its state when a run is known.
import type { GraphNode } from '../model.js';

const STYLES: Record<string, string> = {
  SUCCEEDED: 'fill:#d4f7d4,stroke:#2da44e',
  FAILED: 'fill:#ffd7d5,stroke:#cf222e',
  ERROR: 'fill:#ffd7d5,stroke:#cf222e',
  TIMEOUT: 'fill:#ffd7d5,stroke:#cf222e',
  STOPPED: 'fill:#eaeef2,stroke:#6e7781',
  RUNNING: 'fill:#ddf4ff,stroke:#0969da',
  STARTING: 'fill:#ddf4ff,stroke:#0969da',
  WAITING: 'fill:#fff8c5,stroke:#9a6700',
};

export function mermaidGraph(nodes: GraphNode[], states: Map<string, string> = new Map()): string {
  const id = new Map(nodes.map((n, i) => [n.name, `j${i}`]));
  const lines = ['flowchart LR'];
  for (const n of nodes) {
    const state = states.get(n.name);
    const label = state ? `${n.name}<br/>${state}` : n.name;
    lines.push(`  ${id.get(n.name)}["${label.replace(/"/g, "'")}"]`);
  }
  for (const n of nodes) {
    for (const d of n.dependsOn) lines.push(`  ${id.get(d)} --> ${id.get(n.name)}`);
  }
  const used = new Set<string>();
  for (const n of nodes) {
    const state = states.get(n.name);
    if (state && STYLES[state]) {
      lines.push(`  class ${id.get(n.name)} ${state.toLowerCase()}`);
      used.add(state);
    }
  }
  for (const s of used) lines.push(`  classDef ${s.toLowerCase()} ${STYLES[s]}`);
  return lines.join('\n');
}
