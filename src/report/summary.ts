// The job summary: what changed (or would change), and the pipeline as a mermaid graph.
import type { Inputs } from '../inputs.js';
import { countPlan, type Plan } from '../plan/index.js';
import { mermaidGraph } from './mermaid.js';
import { planMarkdown } from './plan-table.js';

export function deploySummaryMarkdown(plan: Plan, inputs: Inputs, status: string): string {
  const counts = countPlan(plan, inputs.prune);
  const where = `s3://${inputs.bucket}/${inputs.prefix}`;
  return [
    `## Glue pipeline \`${plan.pipeline.stateMachineName}\`: ${status}`,
    '',
    `${plan.pipeline.jobs.length} job(s) · ${counts.changes} change(s) · ${counts.uploads} file(s) ` +
      `${status === 'PLANNED' ? 'to upload' : 'uploaded'} · ` +
      `${counts.unchanged} unchanged · artifacts in \`${where}\``,
    '',
    '### Plan',
    '',
    planMarkdown(plan, inputs.prune),
    '',
    '### Pipeline',
    '',
    '```mermaid',
    mermaidGraph(plan.pipeline.jobs),
    '```',
    '',
  ].join('\n');
}
