// Starts the local AWS (moto + patches + request log + faults, emulator/server.py) as a child
// process on 127.0.0.1 and gives a small client for its /_emulator/ control API.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** moto's default account: every ARN the emulator makes carries it. */
export const EMULATOR_ACCOUNT_ID = '123456789012';
export const EMULATOR_REGION = 'us-east-1';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const SERVER = path.join(ROOT, 'emulator', 'server.py');
const READY = /^EMULATOR_READY (http:\/\/127\.0\.0\.1:(\d+))$/m;

export interface RecordedRequest {
  seq: number;
  /** IAM-style prefix: glue, states, logs, s3, iam, sts, cloudformation, ... */
  service: string;
  operation: string;
  method: string;
  path: string;
  status: number;
  mutating: boolean;
  /** the client tag (header `x-emulator-tag` or user agent token `emulator-tag/<tag>`) */
  tag?: string;
  /** set on moto's calls to itself (Step Functions tasks calling Glue); hidden unless asked */
  internal?: boolean;
  /** set when a fault answered; `appliedStatus` is moto's status for an "after" fault */
  fault?: { id: number; when: 'before' | 'after' };
  /** set when a `hold` fault kept the request waiting */
  held?: boolean;
  appliedStatus?: number;
}

export interface FaultSpec {
  /** `service:Operation` as in the request log, or `service:*` */
  operation: string;
  /** "before" (default): answer the error without applying; "after": apply, then answer the error */
  when?: 'before' | 'after';
  /** how many matching requests fail (default 1); 0 = all until cleared */
  times?: number;
  /** 500 (default) or 503 */
  status?: number;
  /** "throttle": 400 ThrottlingException for JSON/query services, 503 SlowDown for S3 */
  /** hold: the request waits until the fault is cleared (at most 20 s), then goes through unchanged. */
  kind?: 'error' | 'throttle' | 'hold';
  /** only requests whose path + query (+ body, except S3) contain this, e.g. a bucket or job name */
  match?: string;
  /** only requests carrying this client tag */
  tag?: string;
}

export interface Fault extends Required<Omit<FaultSpec, 'match' | 'tag'>> {
  id: number;
  match: string | null;
  tag: string | null;
  fired: number;
}

export interface JobBehaviour {
  jobName: string;
  /** final state of every run of the job (default SUCCEEDED) */
  state?: 'SUCCEEDED' | 'FAILED' | 'STOPPED' | 'TIMEOUT' | 'ERROR';
  errorMessage?: string;
  /** runs stay RUNNING this long (default 0: they end when started) */
  durationSeconds?: number;
  /** lines written to /aws-glue/jobs/output and /aws-glue/jobs/error under the run id */
  logLines?: { output?: string[]; error?: string[] };
}

export interface RequestQuery {
  /** only requests with a sequence number above this (see `lastSeq()`) */
  since?: number;
  tag?: string;
  /** include moto's calls to itself */
  internal?: boolean;
}

/** HTTP client of the /_emulator/ control API; usable from any process that knows the endpoint. */
export class EmulatorControl {
  constructor(readonly endpoint: string) {}

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.endpoint}/_emulator${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${route}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async requests(query: RequestQuery = {}): Promise<RecordedRequest[]> {
    const params = new URLSearchParams();
    if (query.since !== undefined) params.set('since', String(query.since));
    if (query.tag !== undefined) params.set('tag', query.tag);
    if (query.internal) params.set('internal', '1');
    const qs = params.size ? `?${params}` : '';
    return (await this.call<{ requests: RecordedRequest[] }>('GET', `/requests${qs}`)).requests;
  }

  /** The sequence number of the last recorded request: pass it as `since` to see only what follows. */
  async lastSeq(): Promise<number> {
    return (await this.call<{ lastSeq: number }>('GET', '/health')).lastSeq;
  }

  /** Clears the whole log: never in tests that share the emulator (use `since` or tags). */
  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/requests');
  }

  async injectFault(fault: FaultSpec): Promise<Fault> {
    return (await this.call<{ fault: Fault }>('POST', '/faults', fault)).fault;
  }

  async faults(): Promise<Fault[]> {
    return (await this.call<{ faults: Fault[] }>('GET', '/faults')).faults;
  }

  /** Without arguments clears every fault; with `id` or `match` only those. */
  async clearFaults(which: { id?: number; match?: string } = {}): Promise<void> {
    const params = new URLSearchParams();
    if (which.id !== undefined) params.set('id', String(which.id));
    if (which.match !== undefined) params.set('match', which.match);
    await this.call('DELETE', `/faults${params.size ? `?${params}` : ''}`);
  }

  async setJobBehaviour(b: JobBehaviour): Promise<void> {
    await this.call('POST', '/glue/job-behaviour', b);
  }

  /** Real runs only: these arguments are added on top of every run of the job (the demo's --break). */
  async setRunArguments(jobName: string, args: Record<string, string>): Promise<void> {
    await this.call('POST', '/glue/run-arguments', { jobName, arguments: args });
  }

  async clearJobBehaviour(jobName: string): Promise<void> {
    await this.call('DELETE', `/glue/job-behaviour?jobName=${encodeURIComponent(jobName)}`);
  }

  /** moto's reset plus log, faults and job behaviours: never in tests that share the emulator. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }
}

export interface Emulator extends EmulatorControl {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** 0 (default) picks a free port */
  port?: number;
  /** do not echo the server's stderr */
  quiet?: boolean;
  /** how long to wait for the READY line (default 60 s) */
  timeoutMs?: number;
  /**
   * Execute Glue job runs for real in local PySpark (emulator/real_runs.py) instead of faking them;
   * a job with a behaviour set through the control API still follows it. Default false: fake runs
   * end instantly, which the fast tests rely on.
   */
  runGlueJobs?: boolean;
  /** with runGlueJobs: at most this many runs execute at once (default: the machine's cores) */
  glueParallel?: number;
  /** with runGlueJobs: 0 gives every run a Spark of its own (default: the runs share one pre-started Spark) */
  glueWarm?: number;
  /** with runGlueJobs: how many seconds one minute of a job's Timeout lasts (default 60; tests shorten it) */
  glueMinuteSeconds?: number;
}

/** Dummy credentials and region, for the child and for any SDK client pointed at the emulator. */
export const EMULATOR_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
  AWS_REGION: EMULATOR_REGION,
  AWS_DEFAULT_REGION: EMULATOR_REGION,
} as const;

/** SDK v3 client config for the emulator; `tag` marks the client's requests in the request log. */
export function emulatorClientConfig(endpoint: string, tag?: string) {
  return {
    endpoint,
    region: EMULATOR_REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
    ...(tag ? { customUserAgent: `emulator-tag/${tag}` } : {}),
  };
}

function ensurePython(): void {
  if (existsSync(PYTHON)) return;
  const setup = spawnSync('bash', [path.join(ROOT, 'scripts', 'setup.sh')], { cwd: ROOT, stdio: 'inherit' });
  if (setup.status !== 0 || !existsSync(PYTHON)) {
    throw new Error(`${PYTHON} is missing and scripts/setup.sh failed: run "bash scripts/setup.sh" first`);
  }
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;
function killChildrenOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}

export async function startEmulator(opts: StartOptions = {}): Promise<Emulator> {
  ensurePython();
  const args = [SERVER, '--port', String(opts.port ?? 0), '--exit-on-stdin-eof'];
  if (opts.runGlueJobs) {
    args.push('--run-glue-jobs');
    if (opts.glueParallel) args.push('--glue-parallel', String(opts.glueParallel));
    if (opts.glueWarm !== undefined) args.push('--glue-warm', String(opts.glueWarm));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...EMULATOR_ENV,
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  if (opts.glueMinuteSeconds !== undefined) env.EMULATOR_GLUE_MINUTE_SECONDS = String(opts.glueMinuteSeconds);
  const child = spawn(PYTHON, args, {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  killChildrenOnExit();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => children.delete(child));

  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
    if (!opts.quiet) process.stderr.write(chunk);
  });

  const endpoint = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator did not start within ${opts.timeoutMs ?? 60_000} ms; stderr:\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      const m = READY.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (code ${code}, signal ${signal}) before READY; stderr:\n${stderr}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${PYTHON}: ${err.message}`));
    });
  });
  child.stdout!.resume();

  const control = new EmulatorControl(endpoint);
  const port = Number(new URL(endpoint).port);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  return Object.assign(control, { port, stop }) as Emulator;
}
