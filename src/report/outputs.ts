// Step outputs and the job summary for each way a step can end: planned, deployed, run, destroyed,
// or failed on bad input.
import type { ApplyResult } from '../apply/index.js';
import { executionUrl, jobRunUrl, stateMachineUrl } from '../aws/console-links.js';
import type { DestroyResult } from '../destroy/index.js';
import { InputError, InputErrors } from '../errors.js';
import { type ArtifactLocation, s3Uri } from '../location.js';
import { countPlan, type Plan } from '../plan/index.js';
import type { RunReport } from '../run/index.js';
import { planJson } from './plan-json.js';
import { planMarkdown } from './plan-table.js';
import { annotateFailures, runMarkdown } from './run-summary.js';
import { deploySummaryMarkdown, type SummaryOptions } from './summary.js';
import { markdownText } from './untrusted.js';
import * as out from './write.js';

/** Outputs every deploy or plan has: job names, the change counts and the plan table. */
export function reportPlan(plan: Plan, opts: { prune: boolean }): void {
  const counts = countPlan(plan, opts.prune);
  out.info(
    `plan: ${counts.changes} change(s), ${counts.uploads} file(s) to upload, ${counts.unchanged} unchanged`,
  );
  out.setOutput('job-names', JSON.stringify(plan.pipeline.jobs.map((j) => j.glueName)));
  out.setOutput('has-changes', String(counts.changes > 0));
  out.setOutput('changes', String(counts.changes));
  out.setOutput('plan', planMarkdown(plan, opts.prune));
  out.setOutput('plan-json', JSON.stringify(planJson(plan, opts.prune)));
  reportSchedulePlan(plan, opts.prune);
}

/** One log line for a schedule that changes, is skipped (a preview) or is left over (prune off). */
function reportSchedulePlan(plan: Plan, prune: boolean): void {
  const sc = plan.schedule;
  const what = `schedule ${sc.groupName}`;
  if (sc.action === 'keep' || (sc.action === 'delete' && !prune))
    out.warning(
      `${what} is no longer declared and is kept (it still starts the pipeline); prune: true deletes it`,
    );
  else if (sc.action === 'skip')
    out.info(`${what}: skip (a preview deploy; schedule-previews: true creates it)`);
  else if (sc.action !== 'unchanged' && sc.action !== 'refuse')
    out.info(`${what}: ${sc.action}${sc.fields.length > 0 ? ` (${sc.fields.join(', ')})` : ''}`);
}

/** The outputs of mode plan, where nothing is applied. */
export function reportPlanned(plan: Plan, opts: { prune: boolean }): void {
  out.setOutput('status', 'PLANNED');
  out.setOutput('uploaded', '0');
  out.setOutput('unchanged', String(countPlan(plan, opts.prune).unchanged));
  if (plan.stateMachine.actual) out.setOutput('state-machine-arn', plan.stateMachine.actual.arn);
}

export function reportDeploy(result: ApplyResult, opts: { region: string }): void {
  out.setOutput('status', 'DEPLOYED');
  out.setOutput('state-machine-arn', result.stateMachineArn);
  out.setOutput('uploaded', String(result.uploaded));
  out.setOutput('unchanged', String(result.unchanged));
  out.setOutput('console-url', stateMachineUrl(opts.region, result.stateMachineArn));
  out.info(`deployed ${result.stateMachineArn}: ${result.uploaded} uploaded, ${result.unchanged} unchanged`);
}

/** Outputs of the runs; returns the failure message when a run did not succeed. */
export function reportRuns(
  reports: RunReport[],
  opts: { region: string },
): { status: string; failed?: string } {
  let failed: string | undefined;
  for (const r of reports) {
    if (r.executionArn) {
      out.setOutput('execution-arn', r.executionArn);
      out.setOutput('console-url', executionUrl(opts.region, r.executionArn));
    }
    if (r.jobRunId) {
      out.setOutput('job-run-id', r.jobRunId);
      if (r.jobRunState) out.setOutput('job-run-state', r.jobRunState);
      if (!r.executionArn) out.setOutput('console-url', jobRunUrl(opts.region, r.glueName ?? '', r.jobRunId));
    }
    annotateFailures(r, opts.region);
    if (r.status !== 'SUCCEEDED' && r.status !== 'STARTED') failed ??= `${r.status}: ${r.message ?? ''}`;
  }
  // The worst status wins: one failed run fails the step. A run not waited for leaves DEPLOYED.
  const worst = reports.find((r) => r.status !== 'SUCCEEDED' && r.status !== 'STARTED')?.status;
  const last = reports.at(-1)?.status;
  const status = worst ?? (last === 'SUCCEEDED' ? 'SUCCEEDED' : 'DEPLOYED');
  out.setOutput('status', status);
  return { status, failed };
}

/** The job summary: the plan, then one section per run. */
export async function writeSummary(
  plan: Plan,
  opts: SummaryOptions & { region: string },
  status: string,
  runs: RunReport[] = [],
): Promise<void> {
  const sections = runs.map((r) => runMarkdown(r, plan.pipeline, opts.region));
  await out.appendSummary([deploySummaryMarkdown(plan, opts, status), ...sections].join('\n\n'));
}

export async function reportDestroy(
  r: DestroyResult,
  opts: { location: ArtifactLocation },
  stateMachineName: string,
): Promise<void> {
  const changes = r.jobs.length + r.objects + (r.stateMachineArn ? 1 : 0) + (r.scheduleGroup ? 1 : 0);
  out.info(
    `destroyed ${stateMachineName}: ${r.stateMachineArn ? 'state machine, ' : ''}${r.jobs.length} job(s), ${r.objects} object(s)`,
  );
  out.setOutput('status', 'DESTROYED');
  out.setOutput('changes', String(changes));
  out.setOutput('has-changes', String(changes > 0));
  out.setOutput('job-names', JSON.stringify(r.jobs));
  if (r.stateMachineArn) out.setOutput('state-machine-arn', r.stateMachineArn);
  const rows = [
    ...(r.stateMachineArn ? [`| state machine | ${stateMachineName} | delete |`] : []),
    ...(r.scheduleGroup ? [`| schedule | ${markdownText(r.scheduleGroup)} | delete |`] : []),
    ...r.jobs.map((j) => `| Glue job | ${markdownText(j)} | delete |`),
    `| S3 object | ${r.objects} object(s) under \`${s3Uri(opts.location)}\` | delete |`,
    ...r.leftAlone.map(
      (k) => `| ${k.resource} | ${markdownText(k.name)} | kept: ${markdownText(k.reason)} |`,
    ),
  ];
  const table = `| resource | name | action |\n|---|---|---|\n${rows.join('\n')}`;
  await out.appendSummary(`## Glue pipeline \`${stateMachineName}\`: DESTROYED\n\n${table}\n`);
}

/** Input problems become file:line annotations with their fix; anything else fails with its message. */
export function reportFailure(error: unknown): void {
  const errors =
    error instanceof InputErrors ? error.errors : error instanceof InputError ? [error] : undefined;
  if (errors) {
    for (const e of errors) {
      out.error(e.fix ? `${e.message}. Fix: ${e.fix}` : e.message, {
        title: 'glue-pipeline-deploy: invalid input',
        file: e.location.file,
        startLine: e.location.line,
        startColumn: e.location.col,
      });
    }
    out.setFailed(`${errors.length} problem(s) in the input; nothing was changed.`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.stack) out.debug(error.stack);
  out.setFailed(message);
}

/** The step was cancelled (SIGINT/SIGTERM): status ABORTED, and what was stopped or left undone. */
export function reportAborted(phase: string, detail?: string): void {
  out.setOutput('status', 'ABORTED');
  out.setFailed(
    `ABORTED: the workflow was cancelled during ${phase}; nothing was started after the signal` +
      `${detail ? ` (${detail})` : ''}. The next deploy converges from whatever was written.`,
  );
}

/** Mode sweep: the previews destroyed, one row each. */
export async function reportSweep(
  swept: (DestroyResult & { pullRequest: number; stateMachineName: string; location: ArtifactLocation })[],
): Promise<void> {
  const changes = swept.reduce((n, r) => n + r.jobs.length + r.objects + (r.stateMachineArn ? 1 : 0), 0);
  out.info(`sweep: destroyed ${swept.length} preview(s), ${changes} resource(s)`);
  out.setOutput('status', 'DESTROYED');
  out.setOutput('changes', String(changes));
  out.setOutput('has-changes', String(changes > 0));
  out.setOutput('job-names', JSON.stringify(swept.flatMap((r) => r.jobs)));
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const rows = swept.map(
    (r) =>
      `| #${r.pullRequest} | ${r.stateMachineName} | \`${s3Uri(r.location)}\` | ${r.jobs.length} | ${r.objects} |`,
  );
  const table =
    rows.length > 0
      ? `| pull request | state machine | location | jobs | objects |\n|---|---|---|---|---|\n${rows.join('\n')}`
      : 'No preview of a closed pull request was found.';
  await out.appendSummary(`## Glue pipeline previews swept: DESTROYED\n\n${table}\n`);
}
