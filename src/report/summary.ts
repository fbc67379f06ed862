// The job summary: what changed (or would change), and the pipeline as a mermaid graph.
import { type ArtifactLocation, s3Uri } from '../location.js';
import { countPlan, type Plan } from '../plan/index.js';
import { mermaidGraph } from './mermaid.js';
import { planMarkdown } from './plan-table.js';

export interface SummaryOptions {
  location: ArtifactLocation;
  prune: boolean;
}

export function deploySummaryMarkdown(plan: Plan, opts: SummaryOptions, status: string): string {
  const counts = countPlan(plan, opts.prune);
  const where = s3Uri(opts.location);
  return [
    `## Glue pipeline \`${plan.pipeline.stateMachineName}\`: ${status}`,
    '',
    `${plan.pipeline.jobs.length} job(s) · ${counts.changes} change(s) · ${counts.uploads} file(s) ` +
      `${status === 'PLANNED' ? 'to upload' : 'uploaded'} · ` +
      `${counts.unchanged} unchanged · artifacts in \`${where}\``,
    '',
    '### Plan',
    '',
    planMarkdown(plan, opts.prune),
    '',
    '### Pipeline',
    '',
    '```mermaid',
    mermaidGraph(plan.pipeline.jobs),
    '```',
    '',
  ].join('\n');
}
