// What a runner meets on a bad day, through the built action: an endpoint that accepts connections
// and never answers, cancellation in each phase, two deploys of different commits at once, a
// deploy lock held by another run, previews whose pull request closed, and a teardown after the
// scripts were deleted.
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { GetJobCommand, GetJobRunsCommand, GlueClient } from '@aws-sdk/client-glue';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_SECONDS, MAX_ATTEMPTS } from '../../src/aws/clients.js';
import {
  clientConfig,
  emulatorControl,
  freshBucketName,
  jobExists,
  uniqueSuffix,
} from '../helpers/emulator.js';
import { FIXTURE_JOBS, freshCopy, writeFixture } from '../helpers/fixture.js';
import { emulatorInputs, GLUE_ROLE, runAction, STATES_ROLE } from '../helpers/run-action.js';

const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
const glue = new GlueClient(clientConfig());
const sfn = new SFNClient(clientConfig());
const control = emulatorControl();
const bucket = freshBucketName('reliab');
const id = uniqueSuffix();
let repo: string;

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  repo = writeFixture();
});
afterEach(async () => {
  await control.clearFaults({ match: id });
});

const deploy = (
  cwd: string,
  p: string,
  extra: Record<string, string> = {},
  opts: { env?: Record<string, string>; onStdout?: (out: string, pid: number) => void } = {},
) =>
  runAction({
    cwd,
    inputs: emulatorInputs(bucket, { prefix: p, 'name-prefix': p, ...extra }),
    env: opts.env,
    onStdout: opts.onStdout,
  });

const keys = async (prefix: string) =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
    (o) => o.Key!,
  );
const text = async (key: string) =>
  (
    await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString()
  ).trim();
const stateMachineNames = async () =>
  ((await sfn.send(new ListStateMachinesCommand({ maxResults: 1000 }))).stateMachines ?? []).map(
    (s) => s.name!,
  );

/** No stack trace reaches the log: every failure is one message a person can act on. */
const noStack = (out: string) => expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('an endpoint that accepts connections and never answers', () => {
  it('the defaults bound a call to under 2 minutes', () => {
    // Attempts × per-attempt timeout, plus the SDK's backoff between the 8 attempts (25-30 s
    // measured, docs/reliability.md), plus the start-up: under 2 minutes with room to spare.
    expect(MAX_ATTEMPTS * DEFAULT_TIMEOUT_SECONDS + 30 + 5).toBeLessThan(110);
  });

  it('fails the step in bounded time with the operation, the resource and the setting named', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket); // accept, read, never answer
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const started = Date.now();
      const r = await runAction({
        cwd: repo,
        inputs: {
          bucket,
          'role-arn': GLUE_ROLE,
          'state-machine-role-arn': STATES_ROLE,
          'endpoint-url': `http://127.0.0.1:${port}`,
          'aws-timeout-seconds': '1',
        },
      });
      const seconds = (Date.now() - started) / 1000;
      expect(r.code).toBe(1);
      // 8 attempts of 1 s, the SDK's backoff between them, and the start-up.
      expect(seconds).toBeLessThan(40);
      const error = r.errors.join('\n');
      // Whichever of the parallel first reads times out first is named.
      expect(error, r.stdout).toMatch(/(s3|glue|states|scheduler|sts):[A-Z]\w+[ :]/);
      expect(error).toContain('aws-timeout-seconds=1');
      noStack(r.stdout + r.stderr);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});

describe('cancellation: nothing starts after the signal, and the next deploy repairs', () => {
  /** Mutating requests for this prefix recorded after `since`, as "service:Operation path". */
  const writesAfter = async (since: number, p: string) =>
    (await control.requests({ since }))
      .filter((r) => r.mutating && r.path.includes(p))
      .map((r) => `${r.service}:${r.operation} ${r.path}`);

  const cancelThenRepair = async (
    p: string,
    when: string,
    fault: { operation: string; match: string },
    inFlight: (write: string) => boolean,
  ) => {
    // The faulted call keeps failing and being retried: the step is reliably inside that phase.
    await control.injectFault({ ...fault, when: 'before', times: 0 });
    let since = -1;
    const r = await deploy(
      repo,
      p,
      {},
      {
        onStdout: (out, pid) => {
          if (since === -1 && out.includes(when)) {
            since = 0;
            void control.lastSeq().then((seq) => {
              since = seq;
              process.kill(pid, 'SIGTERM');
            });
          }
        },
      },
    );
    expect(since, r.stdout).toBeGreaterThan(0);
    expect(r.code).toBe(1);
    expect(r.outputs.status).toBe('ABORTED');
    expect(r.errors.join('\n')).toMatch(/ABORTED: the workflow was cancelled during/);
    noStack(r.stdout + r.stderr);
    await control.clearFaults({ match: fault.match });
    // Calls on the wire when the signal came are aborted (the faulted ones may still be recorded); no
    // other write is sent after it but the release of the deploy lock.
    const after = await writesAfter(since, p);
    expect(
      after.filter((w) => !w.endsWith('/deploy.lock') && !inFlight(w)),
      after.join('\n'),
    ).toEqual([]);
    const repaired = await deploy(freshCopy(repo), p);
    expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
    for (const job of Object.keys(FIXTURE_JOBS)) expect(await jobExists(p + job)).toBe(true);
    const again = await deploy(freshCopy(repo), p);
    expect(again.outputs).toMatchObject({ changes: '0', uploaded: '0' });
    return { after };
  };

  it('during the uploads', async () => {
    const p = `cu${id}-`;
    const { after } = await cancelThenRepair(
      p,
      'deploy lock taken',
      {
        operation: 's3:PutObject',
        match: `${bucket}/${p}/src_code/`,
      },
      (w) => w.startsWith('s3:PutObject') && w.includes('/src_code/'),
    );
    expect(after.some((w) => w.includes('glue:'))).toBe(false);
  });

  it('during the job writes', async () => {
    const p = `cj${id}-`;
    const { after } = await cancelThenRepair(
      p,
      'uploads done',
      { operation: 'glue:CreateJob', match: p },
      // The state object's write ends the upload phase, right after the line: it may be on the wire.
      (w) => w.startsWith('glue:CreateJob') || w.endsWith('/state.json'),
    );
    expect(after.some((w) => w.startsWith('states:'))).toBe(false);
  });

  it('during run-job: the run is stopped and the execution is never started', async () => {
    const p = `cr${id}-`;
    expect((await deploy(repo, p)).code).toBe(0);
    await control.setJobBehaviour({ jobName: `${p}stage_a`, durationSeconds: 60 });
    let signalled = false;
    const r = await deploy(
      repo,
      p,
      { 'run-job': 'stage_a', 'start-execution': 'true' },
      {
        onStdout: (out, pid) => {
          if (!signalled && out.includes(`started ${p}stage_a run`)) {
            signalled = true;
            process.kill(pid, 'SIGINT');
          }
        },
      },
    );
    expect(signalled, r.stdout).toBe(true);
    expect(r.outputs.status).toBe('ABORTED');
    expect(r.outputs['job-run-state']).toBe('STOPPED');
    const runs = await glue.send(new GetJobRunsCommand({ JobName: `${p}stage_a` }));
    expect(runs.JobRuns?.map((x) => x.JobRunState)).toEqual(['STOPPED']);
    const arn = r.outputs['state-machine-arn']!;
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }))).executions).toEqual([]);
    const again = await deploy(freshCopy(repo), p);
    expect(again.outputs).toMatchObject({ changes: '0', uploaded: '0' });
  });
});

describe('stop-on-timeout', () => {
  it('stops the job run when the wait times out (and confirms it)', async () => {
    const p = `to${id}-`;
    await control.setJobBehaviour({ jobName: `${p}stage_a`, durationSeconds: 60 });
    const r = await deploy(repo, p, { 'run-job': 'stage_a', 'wait-timeout-minutes': '0.05' });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ status: 'TIMED_OUT', 'job-run-state': 'STOPPED' });
    expect(r.stdout).toMatch(/stop-on-timeout: stage_a STOPPED/);
  });
});

describe('the deploy lock', () => {
  /** A commit of the fixture: its scripts print `tag`, and every job gets --COMMIT tag. */
  const commit = (tag: string) => {
    const dir = freshCopy(repo);
    for (const job of Object.keys(FIXTURE_JOBS))
      writeFileSync(join(dir, `glue-jobs/${job}.py`), `print("${tag}")\n`);
    return dir;
  };

  it('two deploys of different commits at once end with exactly one commit deployed', async () => {
    const p = `lk${id}-`;
    const env = (run: string, sha: string) => ({ GITHUB_RUN_ID: run, GITHUB_SHA: sha.repeat(40) });
    const a = commit('A');
    const b = commit('B');
    // A's job writes are held at the emulator (A's requests only, by its SDK app id) until B has
    // planned and is waiting for the lock: the two deploys overlap on every run, however loaded.
    await control.injectFault({
      operation: 'glue:CreateJob',
      kind: 'hold',
      times: 0,
      match: p,
      tag: `a${id}`,
    });
    let startB: () => void = () => undefined;
    const bStarts = new Promise<void>((resolve) => {
      startB = resolve;
    });
    let released = false;
    const [ra, rb] = await Promise.all([
      deploy(
        a,
        p,
        { 'default-arguments': '{"--COMMIT": "A"}' },
        {
          env: { ...env('1001', 'a'), AWS_SDK_UA_APP_ID: `a${id}` },
          onStdout: (out) => out.includes('deploy lock taken') && startB(),
        },
      ),
      bStarts.then(() =>
        deploy(
          b,
          p,
          { 'default-arguments': '{"--COMMIT": "B"}' },
          {
            env: env('2002', 'b'),
            onStdout: (out) => {
              if (!released && out.includes('waiting for the deploy lock')) {
                released = true;
                void control.clearFaults({ match: p });
              }
            },
          },
        ),
      ),
    ]);
    expect(released, rb.stdout).toBe(true);
    expect(ra.code, ra.stdout + ra.stderr).toBe(0);
    expect(rb.code, rb.stdout + rb.stderr).toBe(0);
    // B waited, was told who held the lock (A's run and commit), re-planned under it and deployed last.
    expect(ra.stdout).not.toContain('waiting for the deploy lock');
    expect(rb.stdout).toMatch(
      /waiting for the deploy lock .*held by run 1001 \(attempt 1\) of acme\/data-pipelines deploying aaaaaaaaaaaa/,
    );
    for (const job of Object.keys(FIXTURE_JOBS)) {
      expect(await text(`${p}/src_code/${job}.py`)).toBe('print("B")');
      const { Job } = await glue.send(new GetJobCommand({ JobName: p + job }));
      expect(Job?.DefaultArguments?.['--COMMIT']).toBe('B');
    }
    expect(await keys(`${p}/.glue-pipeline-deploy/`)).not.toContainEqual(
      expect.stringMatching(/deploy\.lock$/),
    );
    // The state object describes B's objects: deploying B again changes nothing.
    const again = await deploy(freshCopy(b), p, { 'default-arguments': '{"--COMMIT": "B"}' });
    expect(again.outputs).toMatchObject({ changes: '0', uploaded: '0' });
  });

  it('a deploy that cannot get the lock in time fails naming the holder, and writes nothing', async () => {
    const p = `lh${id}-`;
    const lock = `${p}/.glue-pipeline-deploy/${p}fixture/deploy.lock`;
    const held = {
      token: 'someone-else',
      description: 'run 4242 (attempt 2) of acme/other',
      commit: 'c'.repeat(40),
      url: 'https://github.com/acme/other/actions/runs/4242',
      acquiredAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    };
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: lock, Body: JSON.stringify(held) }));
    const since = await control.lastSeq();
    const r = await deploy(repo, p, { 'lock-wait-minutes': '0.05' });
    expect(r.code).toBe(1);
    const error = r.errors.join('\n');
    expect(error).toContain('run 4242 (attempt 2) of acme/other');
    expect(error).toContain('cccccccccccc');
    expect(error).toContain('actions/runs/4242');
    const writes = (await control.requests({ since })).filter((x) => x.mutating && x.path.includes(p));
    expect(writes).toEqual([]);
    expect(await jobExists(`${p}stage_a`)).toBe(false);
  });
});

describe('destroy and sweep', () => {
  it('destroy needs only the name: scripts deleted, no role ARNs', async () => {
    const p = `ds${id}-`;
    expect((await deploy(repo, p)).code).toBe(0);
    const copy = freshCopy(repo);
    for (const job of Object.keys(FIXTURE_JOBS)) rmSync(join(copy, `glue-jobs/${job}.py`));
    const r = await runAction({
      cwd: copy,
      inputs: {
        bucket,
        prefix: p,
        'name-prefix': p,
        mode: 'destroy',
        'endpoint-url': emulatorInputs(bucket)['endpoint-url']!,
      },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('DESTROYED');
    for (const job of Object.keys(FIXTURE_JOBS)) expect(await jobExists(p + job)).toBe(false);
    expect(await stateMachineNames()).not.toContain(`${p}fixture`);
    expect(await keys(p)).toEqual([]);
  });

  it('sweep destroys the previews of closed pull requests and nothing else', async () => {
    const n = Number(String(Date.now()).slice(-6)) * 10;
    const [closed, open] = [n + 1, n + 2];
    const preview = (pr: number) => ({ prefix: `previews/pr-${pr}/`, 'name-prefix': `pr${pr}-` });
    const prEnv = (pr: number) => ({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: `refs/pull/${pr}/merge`,
    });
    for (const pr of [closed, open]) {
      const r = await runAction({ cwd: repo, inputs: emulatorInputs(bucket, preview(pr)), env: prEnv(pr) });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    // An environment deployed outside a pull request, with a name that also starts with "pr".
    const other = `prod${id}-`;
    expect(
      (
        await runAction({
          cwd: repo,
          inputs: emulatorInputs(bucket, { prefix: other, 'name-prefix': other }),
        })
      ).code,
    ).toBe(0);

    const sweep = (openList: string) =>
      runAction({
        cwd: repo,
        inputs: {
          bucket,
          mode: 'sweep',
          prefix: 'previews/',
          'name-prefix': 'pr',
          'open-pull-requests': openList,
          'endpoint-url': emulatorInputs(bucket)['endpoint-url']!,
        },
      });
    const missing = await sweep('');
    expect(missing.code).toBe(1);
    expect(missing.errors.join('\n')).toContain('open-pull-requests');

    const r = await sweep(JSON.stringify([open, 3]));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('DESTROYED');
    expect(r.summary).toContain(`#${closed}`);
    expect(r.summary).not.toContain(`#${open}`);
    for (const job of Object.keys(FIXTURE_JOBS)) {
      expect(await jobExists(`pr${closed}-${job}`)).toBe(false);
      expect(await jobExists(`pr${open}-${job}`)).toBe(true);
      expect(await jobExists(`${other}${job}`)).toBe(true);
    }
    const machines = await stateMachineNames();
    expect(machines).not.toContain(`pr${closed}-fixture`);
    expect(machines).toContain(`pr${open}-fixture`);
    expect(machines).toContain(`${other}fixture`);
    expect(await keys(`previews/pr-${closed}/`)).toEqual([]);
    expect((await keys(`previews/pr-${open}/`)).length).toBeGreaterThan(10);
    // A second sweep finds nothing more to do.
    const again = await sweep(JSON.stringify([open]));
    expect(again.outputs.changes).toBe('0');
  });
});
