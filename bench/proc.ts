// Runs the built action and the AWS CLI as child processes, measuring wall time and peak RSS
// (GNU time's "Maximum resident set size", the kernel's high-water mark of the process).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE24, parseOutputs, runnerEnv } from '../scripts/local-runner.js';
import { ROOT } from './repo.js';

export { NODE24 };
export const AWS_CLI = join(ROOT, '.venv/bin/aws');
const GNU_TIME = '/usr/bin/time';

export interface Measured {
  code: number;
  /** Milliseconds from spawn to exit. */
  wallMs: number;
  /** Peak resident set size of the measured command in MiB (undefined without GNU time). */
  peakRssMiB?: number;
  /** User + system CPU seconds of the command (undefined without GNU time). */
  cpuS?: number;
  stdout: string;
  stderr: string;
  /** Epoch ms just before spawn (for cold-start measurements). */
  startedAt: number;
  /** Each stdout line with the ms since spawn at which it arrived (the action's phases). */
  lines: { ms: number; text: string }[];
}

/** Runs `cmd args` under GNU time when present; rejects never, the caller checks `code`. */
export async function measure(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const timeFile = join(dir, 'time');
  const useTime = await hasGnuTime();
  const [file, argv] = useTime ? [GNU_TIME, ['-v', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const startedAt = Date.now();
  const t0 = performance.now();
  const child = spawn(file, argv, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const lines: Measured['lines'] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    if (stdout.length < 1_000_000) stdout += d;
    const ms = performance.now() - t0;
    const parts = (partial + d).split('\n');
    partial = parts.pop()!;
    if (lines.length < 10_000) for (const text of parts) lines.push({ ms, text });
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 1_000_000) stderr += d;
  });
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? 1)));
  const wallMs = performance.now() - t0;
  let peakRssMiB: number | undefined;
  let cpuS: number | undefined;
  if (useTime) {
    const report = readFileSync(timeFile, 'utf8');
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
    if (m) peakRssMiB = Number(m[1]) / 1024;
    const user = /User time \(seconds\): ([\d.]+)/.exec(report);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(report);
    if (user && sys) cpuS = Number(user[1]) + Number(sys[1]);
  }
  rmSync(dir, { recursive: true, force: true });
  return { code, wallMs, peakRssMiB, cpuS, stdout, stderr, startedAt, lines };
}

let gnuTime: boolean | undefined;
async function hasGnuTime(): Promise<boolean> {
  if (gnuTime === undefined) {
    gnuTime = await new Promise<boolean>((res) => {
      const c = spawn(GNU_TIME, ['-v', 'true'], { stdio: 'ignore' });
      c.on('error', () => res(false));
      c.on('close', (code) => res(code === 0));
    });
  }
  return gnuTime;
}

export interface ActionRun extends Measured {
  outputs: Record<string, string>;
}

/**
 * Runs the bundle the way the runner does: INPUT_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
 * files, the repository as workspace, on the Node 24 binary.
 */
export async function runAction(opts: {
  dist: string;
  cwd: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** Write a V8 CPU profile of the run into this folder (`--cpu-prof`). */
  cpuProfDir?: string;
}): Promise<ActionRun> {
  const { env, dir, outputFile } = runnerEnv(opts.cwd, opts.inputs, opts.env);
  const prof = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const run = await measure(NODE24, [...prof, opts.dist], { cwd: opts.cwd, env });
  const outputs = parseOutputs(readFileSync(outputFile, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return { ...run, outputs };
}

/** `aws s3 sync` (AWS CLI v1 from .venv) with its default settings. */
export async function awsSync(src: string, dest: string, endpoint: string): Promise<Measured> {
  return measure(AWS_CLI, ['s3', 'sync', src, dest, '--endpoint-url', endpoint, '--only-show-errors'], {
    cwd: src,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
  });
}

export function failed(what: string, r: Measured): Error {
  const tail = (s: string) => s.split('\n').slice(-30).join('\n');
  return new Error(
    `${what} exited with ${r.code}\n--- stdout\n${tail(r.stdout)}\n--- stderr\n${tail(r.stderr)}`,
  );
}

/**
 * Where the action's wall time went, from the times its stdout lines arrived: start-up until the
 * pipeline line, the plan (walk, listing, reads) until the plan table, the uploads until the last
 * `s3:` progress line, and the rest (jobs, state machine, state object, report, exit).
 */
export function phases(r: Measured): { startMs: number; planMs: number; uploadMs: number; restMs: number } {
  const at = (re: RegExp) => r.lines.find((l) => re.test(l.text))?.ms;
  const start = at(/^pipeline .*: \d+ job\(s\)/) ?? 0;
  const planned = r.lines.find((l) => l.ms > start && !/^pipeline /.test(l.text))?.ms ?? start;
  const s3 = r.lines.filter((l) => /^\s*s3: \d+\/\d+ /.test(l.text)).at(-1)?.ms ?? planned;
  return { startMs: start, planMs: planned - start, uploadMs: s3 - planned, restMs: r.wallMs - s3 };
}
