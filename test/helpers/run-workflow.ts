// Runs a workflow's own `run:` steps locally, job after job in `needs` order, the way a runner does
// for the parts that need no GitHub: each step is a file run by `bash --noprofile --norc -eo pipefail`
// (the runner's default shell) with the job's and step's `env:` expanded, and the first failing step
// ends the run. `uses:` steps and reusable-workflow jobs are not run: the caller names which ones
// it expects to skip, so a new one cannot slip through unnoticed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../scripts/local-runner.js';
import { interpolate } from './workflow.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Job {
  needs?: string | string[];
  uses?: string;
  env?: Record<string, unknown>;
  steps?: Step[];
  [key: string]: unknown;
}

export interface Workflow {
  on: unknown;
  permissions?: unknown;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

export interface WorkflowRun {
  /** "job: step name" of every step that ran, in order (the failing one included). */
  ran: string[];
  /** "job: uses" of every step or job that was not run. */
  skipped: string[];
  /** "job: step name" of the step that failed, if any. */
  failed?: string;
  /** stdout + stderr of every step that ran. */
  log: string;
}

export interface RunOptions {
  cwd: string;
  /** The runner's environment (GITHUB_*, RUNNER_TEMP, PATH...). */
  env: Record<string, string>;
  /** Expression contexts, e.g. { github: { token, repository } }. */
  ctx: Record<string, unknown>;
  /** Which `uses:` may be skipped: a step's or job's `uses` must match one of these. */
  skip: RegExp[];
}

export function readWorkflow(file: string): Workflow {
  return parse(readFileSync(join(REPO_ROOT, '.github/workflows', file), 'utf8')) as Workflow;
}

/** Job ids in an order where every job comes after the jobs it needs (declaration order otherwise). */
export function jobOrder(wf: Workflow): string[] {
  const order: string[] = [];
  const visit = (id: string, path: string[]) => {
    if (order.includes(id)) return;
    if (path.includes(id)) throw new Error(`needs cycle: ${[...path, id].join(' -> ')}`);
    const job = wf.jobs[id];
    if (!job) throw new Error(`job ${path.at(-1)} needs unknown job ${id}`);
    for (const need of [job.needs ?? []].flat()) visit(need, [...path, id]);
    order.push(id);
  };
  for (const id of Object.keys(wf.jobs)) visit(id, []);
  return order;
}

export function runWorkflow(wf: Workflow, opts: RunOptions): WorkflowRun {
  const result: WorkflowRun = { ran: [], skipped: [], log: '' };
  const scratch = mkdtempSync(join(tmpdir(), 'gpd-steps-'));
  const expand = (vars: Record<string, unknown> | undefined, env: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(vars ?? {}).map(([k, v]) => [k, interpolate(String(v), { ...opts.ctx, env })]),
    );
  const skippable = (uses: string) => {
    if (!opts.skip.some((re) => re.test(uses))) throw new Error(`not expected to skip "uses: ${uses}"`);
  };
  const workflowEnv = { ...opts.env, ...expand(wf.env, opts.env) };
  for (const id of jobOrder(wf)) {
    const job = wf.jobs[id]!;
    if (job.if !== undefined) throw new Error(`job ${id}: "if:" is not supported by this runner`);
    if (job.uses) {
      skippable(job.uses);
      result.skipped.push(`${id}: ${job.uses}`);
      continue;
    }
    const jobEnv = { ...workflowEnv, ...expand(job.env, workflowEnv) };
    for (const [i, step] of (job.steps ?? []).entries()) {
      const label = `${id}: ${step.name ?? step.uses ?? step.run?.split('\n')[0]}`;
      for (const key of ['if', 'shell', 'working-directory', 'continue-on-error']) {
        if (step[key] !== undefined) throw new Error(`${label}: "${key}:" is not supported by this runner`);
      }
      if (step.uses) {
        skippable(step.uses);
        result.skipped.push(`${id}: ${step.uses}`);
        continue;
      }
      if (step.run === undefined) throw new Error(`${label}: neither run: nor uses:`);
      const script = join(scratch, `${id}-${i}.sh`);
      writeFileSync(script, interpolate(step.run, { ...opts.ctx, env: jobEnv }));
      const env = { ...jobEnv, ...expand(step.env, jobEnv) };
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        cwd: opts.cwd,
        env,
        encoding: 'utf8',
      });
      result.ran.push(label);
      result.log += `## ${label}\n${r.stdout}${r.stderr}`;
      if (r.status !== 0) {
        result.failed = label;
        return result;
      }
    }
  }
  return result;
}
