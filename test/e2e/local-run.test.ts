// Local runs with Glue jobs executed for real (emulator started with runGlueJobs): the example
// pipeline computes the same tables as the pipeline tests; a small repository whose jobs import a
// libs folder without __init__.py, use awsglue.utils.getResolvedOptions and read what an upstream
// job wrote to S3, then fail in a job that raises; a run past its Timeout is stopped; a stop request
// kills the process. One emulator for the file, separate from the suite's (fake runs stay instant).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchStopJobRunCommand,
  CreateJobCommand,
  GetJobRunCommand,
  GetJobRunsCommand,
  GlueClient,
  type JobRun,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, emulatorClientConfig, startEmulator } from '../../emulator/launcher.js';
import { PYTHON, runLocalPipeline } from '../../scripts/local-pipeline.js';
import { REPO_ROOT } from '../../scripts/local-runner.js';

// One Glue "minute" of Timeout lasts this many seconds in this file's emulator.
const MINUTE_SECONDS = 8;
const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'local-run');
const SLEEPER = path.join(REPO_ROOT, 'test', 'fixtures', 'local-run-sleeper', 'sleeper.py');
const SPINNER = path.join(REPO_ROOT, 'test', 'fixtures', 'local-run-sleeper', 'spinner.py');

describe('local runs: Glue jobs executed in local PySpark', () => {
  let emulator: Emulator;
  let glue: GlueClient;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      quiet: true,
      runGlueJobs: true,
      glueParallel: 2,
      glueMinuteSeconds: MINUTE_SECONDS,
    });
    glue = new GlueClient(emulatorClientConfig(emulator.endpoint));
    logs = new CloudWatchLogsClient(emulatorClientConfig(emulator.endpoint));
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  const logLines = async (group: string, runId: string): Promise<string[]> => {
    try {
      const r = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: runId }));
      return (r.events ?? []).map((e) => e.message ?? '');
    } catch {
      return [];
    }
  };

  it('the example pipeline computes the tables of the pipeline tests; --export writes them with the stage and rejects', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'local-run-export-'));
    type Check = {
      actual: unknown;
      expected: Record<string, { rows: number }>;
      exportCounts: Record<string, number>;
    };
    let check: Check | undefined;
    const run = await runLocalPipeline({
      repo: REPO_ROOT,
      emulator,
      exportDir: out,
      inputs: {
        bucket: 'local-run-example',
        'name-prefix': 'ex-',
        'default-arguments': JSON.stringify({ '--RUN_DATE': '2024-09-01' }),
      },
      beforeStop: async (emu) => {
        const r = spawnSync(
          PYTHON,
          [path.join(REPO_ROOT, 'test/python/local_run_tables.py'), '--endpoint', emu.endpoint],
          { encoding: 'utf8', cwd: REPO_ROOT },
        );
        expect(r.status, r.stderr.slice(-3000)).toBe(0);
        check = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Check;
      },
    });
    expect(run.action.code, run.action.stdout.slice(-4000)).toBe(0);
    expect(run.action.outputs.status).toBe('SUCCEEDED');
    expect(check!.actual).toEqual(check!.expected);
    // The summary's counts (read from Iceberg metadata, no Spark) are the tables' real ones.
    expect(run.tables).toEqual(
      Object.entries(check!.expected)
        .map(([t, v]) => ({ table: `compras.${t}`, rows: v.rows }))
        .sort((a, b) => a.table.localeCompare(b.table)),
    );
    // --export: one CSV per table plus the stage and the rejects under --WORK_PATH, and their counts.
    const counts = readFileSync(path.join(out, 'row-counts.csv'), 'utf8').trim().split('\n');
    expect(counts[0]).toBe('name,rows');
    const exported = Object.fromEntries(
      counts.slice(1).map((l) => [l.split(',')[0], Number(l.split(',')[1])]),
    );
    expect(exported).toEqual(check!.exportCounts);
    for (const name of Object.keys(exported)) {
      const lines = readFileSync(path.join(out, `${name}.csv`), 'utf8')
        .trim()
        .split('\n');
      expect(lines.length - 1, name).toBe(exported[name]);
    }
    console.log(`example pipeline, local run: ${run.seconds.toFixed(1)} s (action start to exit)`);
  }, 900_000);

  it('a repository of jobs sharing libs and S3 files runs; the job that raises fails the run with its exception', async () => {
    let readerOutput: string[] = [];
    const run = await runLocalPipeline({
      repo: FIXTURE,
      emulator,
      inputs: { bucket: 'local-run-fixture', 'name-prefix': 'fx-' },
      beforeStop: async () => {
        const list = await glue.send(new GetJobRunsCommand({ JobName: 'fx-read_greetings' }));
        readerOutput = await logLines('/aws-glue/jobs/output', list.JobRuns![0]!.Id!);
      },
    });
    expect(run.action.code).toBe(1);
    expect(run.action.outputs.status).toBe('FAILED');
    expect(readerOutput).toContain('read: hello ana | hello bruno | hello caio');
    const annotation = run.action.errors.find((e) => e.includes('Glue job fx-boom failed'));
    expect(annotation, run.action.stdout.slice(-4000)).toBeDefined();
    expect(annotation).toContain('ArithmeticError: totals differ in fx-boom: expected 3, got 4');
    expect(annotation).toContain('check_totals');
    expect(run.action.stdout).toMatch(/✔ write_greetings SUCCEEDED/);
    expect(run.action.stdout).toMatch(/✔ read_greetings SUCCEEDED/);
    expect(run.action.stdout).toMatch(/✖ boom FAILED/);
  }, 600_000);

  describe('a job that does not end', () => {
    const bucket = 'local-run-sleeper';
    beforeAll(async () => {
      const s3 = new S3Client(emulatorClientConfig(emulator.endpoint));
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sleeper.py', Body: readFileSync(SLEEPER) }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'spinner.py', Body: readFileSync(SPINNER) }));
      for (const name of ['sleeper', 'spinner']) {
        await glue.send(
          new CreateJobCommand({
            Name: name,
            Role: 'arn:aws:iam::123456789012:role/local-glue-job',
            Command: { Name: 'glueetl', ScriptLocation: `s3://${bucket}/${name}.py` },
            ExecutionProperty: { MaxConcurrentRuns: 2 },
            Timeout: 30,
          }),
        );
      }
    });

    const waitFor = async (
      runId: string,
      done: (r: JobRun) => boolean,
      seconds: number,
      job = 'sleeper',
    ): Promise<JobRun> => {
      const deadline = Date.now() + seconds * 1000;
      for (;;) {
        const r = (await glue.send(new GetJobRunCommand({ JobName: job, RunId: runId }))).JobRun!;
        if (done(r) || Date.now() > deadline) return r;
        await new Promise((res) => setTimeout(res, 250));
      }
    };
    const sleeperPid = async (runId: string): Promise<number> => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const line = (await logLines('/aws-glue/jobs/output', runId)).find((l) =>
          l.startsWith('sleeper pid'),
        );
        if (line) return Number(line.split(' ').at(-1));
        await new Promise((res) => setTimeout(res, 250));
      }
      throw new Error(`run ${runId} never printed its pid`);
    };
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };

    it('is stopped at its Timeout: TIMEOUT, its process gone', async () => {
      const { JobRunId } = await glue.send(new StartJobRunCommand({ JobName: 'sleeper', Timeout: 1 }));
      const pid = await sleeperPid(JobRunId!);
      expect(alive(pid)).toBe(true);
      const r = await waitFor(JobRunId!, (x) => x.JobRunState !== 'RUNNING', MINUTE_SECONDS + 20);
      expect(r.JobRunState).toBe('TIMEOUT');
      expect(r.ErrorMessage).toMatch(/Timeout of 1 minute/);
      expect(r.ExecutionTime).toBeGreaterThanOrEqual(MINUTE_SECONDS - 1);
      expect(r.CompletedOn).toBeDefined();
      expect(alive(pid)).toBe(false);
      expect(await logLines('/aws-glue/jobs/output', JobRunId!)).not.toContain('sleeper woke up');
    }, 120_000);

    // On the shared Spark a stopped run's Spark jobs run in the shared JVM, not in its process:
    // they are cancelled too, or they would hold every task slot and the next run would never end.
    it('on the shared Spark: a stopped run frees its task slots for the next run', async () => {
      const { JobRunId } = await glue.send(new StartJobRunCommand({ JobName: 'spinner' }));
      const deadline = Date.now() + 60_000;
      while (!(await logLines('/aws-glue/jobs/output', JobRunId!)).includes('spinner started')) {
        if (Date.now() > deadline) throw new Error('the spinner never started');
        await new Promise((res) => setTimeout(res, 250));
      }
      await new Promise((res) => setTimeout(res, 1000)); // its sum is under way
      await glue.send(new BatchStopJobRunCommand({ JobName: 'spinner', JobRunIds: [JobRunId!] }));
      expect((await waitFor(JobRunId!, (x) => x.JobRunState !== 'RUNNING', 10, 'spinner')).JobRunState).toBe(
        'STOPPED',
      );
      // A short sum next: it ends only if the stopped run's tasks no longer hold the slots.
      const next = await glue.send(
        new StartJobRunCommand({ JobName: 'spinner', Arguments: { '--ROWS': '1000' } }),
      );
      const r = await waitFor(next.JobRunId!, (x) => x.JobRunState !== 'RUNNING', 30, 'spinner');
      expect(r.JobRunState).toBe('SUCCEEDED');
      expect(await logLines('/aws-glue/jobs/output', next.JobRunId!)).toContain('spinner ended');
    }, 120_000);

    it('is killed by BatchStopJobRun: STOPPED, its process gone', async () => {
      const { JobRunId } = await glue.send(new StartJobRunCommand({ JobName: 'sleeper' }));
      const pid = await sleeperPid(JobRunId!);
      const stop = await glue.send(
        new BatchStopJobRunCommand({ JobName: 'sleeper', JobRunIds: [JobRunId!] }),
      );
      expect(stop.SuccessfulSubmissions).toEqual([{ JobName: 'sleeper', JobRunId }]);
      const r = await waitFor(JobRunId!, (x) => x.JobRunState !== 'RUNNING', 10);
      expect(r.JobRunState).toBe('STOPPED');
      const deadline = Date.now() + 10_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
      expect(alive(pid)).toBe(false);
    }, 120_000);
  });
});
