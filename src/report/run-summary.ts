// What a run did, for the log, the annotations and the job summary. Error messages, log lines,
// states and run ids come from AWS or from the job: the summary shows them HTML-escaped (in <pre>
// blocks they cannot close), the log inside stop-commands blocks, the annotation escaped by
// @actions/core.
import { executionUrl, jobRunUrl } from '../aws/console-links.js';
import type { Pipeline } from '../model.js';
import type { FailureReport, RunReport } from '../run/index.js';
import { duration } from './format.js';
import { mermaidGraph } from './mermaid.js';
import { markdownText, preBlock } from './untrusted.js';
import * as out from './write.js';

/** A log line longer than this is cut: one line of a tail must not fill the summary. */
const MAX_LINE = 2000;
const clip = (line: string) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)} … (cut)` : line);

export function runMarkdown(report: RunReport, pipeline: Pipeline, region: string): string {
  const title =
    report.kind === 'execution'
      ? `### Execution: ${report.status}${report.executionArn ? ` ([console](${executionUrl(region, report.executionArn)}))` : ''}`
      : `### Job run: ${report.status}`;
  const lines = [title, ''];
  if (report.message) lines.push(markdownText(report.message), '');
  if (report.kind === 'execution') {
    const states = new Map([...report.jobs].map(([k, v]) => [k, v.status]));
    lines.push('```mermaid', mermaidGraph(pipeline.jobs, states), '```', '');
  }
  lines.push('| job | state | duration | run |', '|---|---|---|---|');
  const names = report.kind === 'execution' ? pipeline.jobs.map((j) => j.name) : [...report.jobs.keys()];
  for (const name of names) {
    const r = report.jobs.get(name);
    const glueName = pipeline.jobs.find((j) => j.name === name)?.glueName ?? name;
    const took = r?.startedAt && r.endedAt ? duration(r.endedAt.getTime() - r.startedAt.getTime()) : '';
    const run = r?.runId
      ? `[${markdownText(r.runId.slice(0, 16))}](${jobRunUrl(region, glueName, r.runId)})`
      : '';
    lines.push(`| ${markdownText(name)} | ${markdownText(r?.status ?? 'not started')} | ${took} | ${run} |`);
  }
  for (const f of report.failures) lines.push('', ...failureMarkdown(f, region));
  return lines.join('\n');
}

/** Console links of a failed job (its run, when the run is known). */
function failureLinks(f: FailureReport, region: string): { label: string; url: string }[] {
  return f.runId ? [{ label: 'job run', url: jobRunUrl(region, f.glueName, f.runId) }] : [];
}

function failureMarkdown(f: FailureReport, region: string): string[] {
  const out = [
    `#### ✖ ${markdownText(f.glueName)}${f.runId ? ` (run ${markdownText(f.runId)})` : ''}`,
    '',
    preBlock(f.errorMessage.split('\n').map(clip)),
  ];
  for (const t of f.logs)
    out.push('', `Last ${t.lines.length} line(s) of \`${t.group}\`:`, '', preBlock(t.lines.map(clip)));
  for (const l of failureLinks(f, region)) out.push('', `[${l.label}](${l.url})`);
  return out;
}

/** One ::error annotation per failed job, with the error, the log tail and the console link. */
export function annotateFailures(report: RunReport, region: string): void {
  for (const f of report.failures) {
    const logText = f.logs.map((t) => [
      `--- ${t.group} (last ${t.lines.length} lines)`,
      ...t.lines.map(clip),
    ]);
    out.startGroup(`✖ ${f.glueName}: error and logs`);
    out.untrusted([f.errorMessage, ...logText.flat()]);
    out.endGroup();
    out.error(
      [
        f.errorMessage,
        ...logText.map((l) => l.join('\n')),
        ...failureLinks(f, region).map((l) => `${l.label}: ${l.url}`),
      ]
        .filter(Boolean)
        .join('\n'),
      {
        title: `Glue job ${f.glueName} failed${f.runId ? ` (run ${f.runId})` : ''}`,
      },
    );
  }
}
