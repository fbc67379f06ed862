// The built action (dist/index.js) against the emulator, read the way the runner reads it:
// - a job whose error and log lines hold workflow commands makes the runner act on none of them,
//   and the job summary shows them escaped; log-lines bounds what is shown;
// - a planted secret (a manifest secret argument, a *PASSWORD* default argument, a run-job argument,
//   the execution input, echoed by the job's error and logs) is in no byte the action writes,
//   except the ::add-mask:: commands that tell the runner to hide it;
// - each refused input fails with an annotation and leaves no request in the emulator's log.
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, emulatorControl, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';
import { writeFixture } from '../helpers/fixture.js';
import { type ActionRun, emulatorInputs, runAction } from '../helpers/run-action.js';
import { activeCommands } from '../helpers/workflow-commands.js';

const MANIFEST = 'glue-jobs/pipeline.yml';
const bucket = freshBucketName('security');
const control = emulatorControl();

beforeAll(async () => {
  await new S3Client(clientConfig()).send(new CreateBucketCommand({ Bucket: bucket }));
});

const commandsOf = (r: ActionRun) => activeCommands(`${r.stdout}\n${r.stderr}`);

describe('text from a job cannot act as workflow commands', () => {
  const HOSTILE_ERROR = [
    'OLDEST-LINE-NOT-SHOWN',
    '::add-mask::INJECTED-mask',
    '  ::error title=INJECTED::INJECTED error annotation',
    '::stop-commands::INJECTED-token',
    'text then ##[set-output name=status;]INJECTED-v1',
  ];
  const HOSTILE_OUTPUT = [
    '<img src=x onerror=alert(1)> INJECTED-html',
    '```',
    '</code></pre> INJECTED-close',
  ];

  it('prints error and log lines inside stop-commands blocks and escapes them in the summary', async () => {
    const p = `hostile${uniqueSuffix()}-`;
    await control.setJobBehaviour({
      jobName: `${p}stage_a`,
      state: 'FAILED',
      errorMessage: 'boom ##[warning]INJECTED-from-error-message',
      logLines: { error: HOSTILE_ERROR, output: HOSTILE_OUTPUT },
    });
    const r = await runAction({
      cwd: writeFixture(),
      inputs: emulatorInputs(bucket, {
        prefix: p,
        'name-prefix': p,
        'run-job': 'stage_a',
        'start-execution': 'true',
        'log-lines': '4',
      }),
    });
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.status).toBe('FAILED');

    const active = commandsOf(r);
    // The runner acts on none of the planted commands ...
    const hijacked = active.filter(
      (c) => c.line.includes('INJECTED') && !c.line.startsWith('::error title=Glue job'),
    );
    expect(hijacked).toEqual([]);
    // ... and still on our own annotations after them (the planted stop-commands did not stop it).
    const ours = active.filter(
      (c) => c.name === 'error' && c.line.startsWith(`::error title=Glue job ${p}stage_a failed`),
    );
    expect(ours.length, r.stdout).toBeGreaterThanOrEqual(2);
    expect(ours[0]!.data).toContain('::add-mask::INJECTED-mask');
    // The lines were printed (they are there to read), the oldest beyond log-lines was not.
    for (const line of [...HOSTILE_ERROR.slice(1), ...HOSTILE_OUTPUT]) expect(r.stdout).toContain(line);
    expect(r.stdout).toContain('INJECTED-from-error-message');
    expect(r.stdout).not.toContain('OLDEST-LINE-NOT-SHOWN');
    expect(r.summary).toContain('Last 4 line(s) of `/aws-glue/jobs/error`');

    // The summary holds no markup from the job: HTML escaped, every <pre> closed by us only.
    expect(r.summary).not.toContain('<img');
    expect(r.summary).toContain('&lt;img src=x onerror=alert(1)&gt; INJECTED-html');
    expect(r.summary).toContain('&lt;/code&gt;&lt;/pre&gt; INJECTED-close');
    expect(r.summary.match(/<pre>/g)?.length).toBe(r.summary.match(/<\/pre>/g)?.length);
  });

  it('log-lines 0 shows no log line at all', async () => {
    const p = `nolog${uniqueSuffix()}-`;
    await control.setJobBehaviour({
      jobName: `${p}stage_a`,
      state: 'FAILED',
      errorMessage: 'failed on purpose',
      logLines: { error: ['A-LOG-LINE'] },
    });
    const r = await runAction({
      cwd: writeFixture(),
      inputs: emulatorInputs(bucket, { prefix: p, 'name-prefix': p, 'run-job': 'stage_a', 'log-lines': '0' }),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('failed on purpose');
    expect(`${r.stdout}${r.summary}`).not.toContain('A-LOG-LINE');
    expect(r.summary).not.toContain('Last ');
  });
});

describe('a planted secret is in no byte the action writes', () => {
  it('deploy, run-job, execution and plan: stdout, stderr, outputs and summary', async () => {
    const p = `secret${uniqueSuffix()}-`;
    const s = (what: string) => `Planted-${what}-${uniqueSuffix()}`;
    const secrets = {
      manifest: s('manifest'),
      password: s('password'),
      runArg: s('runarg'),
      execution: s('execution'),
    };
    const repo = writeFixture();
    const manifest = readFileSync(join(repo, MANIFEST), 'utf8')
      .replace('defaults:\n', `defaults:\n  secret-arguments: [--DSN]\n`)
      .replace('  arguments:\n', `  arguments:\n    --DSN: "jdbc://user:${secrets.manifest}@db"\n`);
    writeFileSync(join(repo, MANIFEST), manifest);
    await control.setJobBehaviour({
      jobName: `${p}stage_a`,
      state: 'FAILED',
      errorMessage: `could not connect with ${secrets.password}`,
      logLines: {
        error: [`dsn=jdbc://user:${secrets.manifest}@db`, `arg ${secrets.runArg}`],
        output: [`input {"token": "${secrets.execution}"}`],
      },
    });
    const inputs = (extra: Record<string, string>) =>
      emulatorInputs(bucket, {
        prefix: p,
        'name-prefix': p,
        'default-arguments': JSON.stringify({ '--DB_PASSWORD': secrets.password }),
        ...extra,
      });
    const runs = [
      await runAction({
        cwd: repo,
        inputs: inputs({
          'run-job': 'stage_a',
          'run-job-arguments': JSON.stringify({ '--SAMPLE': secrets.runArg }),
          'start-execution': 'true',
          'execution-input': JSON.stringify({ token: secrets.execution }),
        }),
      }),
      // A changed password: the plan lists the changed argument by name, never its value.
      await runAction({
        cwd: repo,
        inputs: {
          ...inputs({ mode: 'plan' }),
          'default-arguments': JSON.stringify({ '--DB_PASSWORD': `${secrets.password}-new` }),
        },
      }),
    ];
    expect(runs[0]!.code).toBe(1);
    expect(runs[0]!.errors.join('\n')).toContain('could not connect with ***');
    expect(runs[1]!.code, runs[1]!.stdout).toBe(0);
    expect(runs[1]!.outputs.plan).toContain('DefaultArguments.--DB_PASSWORD');

    for (const [i, r] of runs.entries()) {
      const masks = commandsOf(r)
        .filter((c) => c.name === 'add-mask')
        .map((c) => c.line);
      const written = [
        ...r.stdout.split('\n').filter((l) => !masks.includes(l)),
        r.stderr,
        JSON.stringify(r.outputs),
        r.summary,
      ].join('\n');
      for (const [name, value] of Object.entries(secrets)) {
        expect(written.includes(value), `run ${i}: ${name} leaked`).toBe(false);
        // Told to the runner, which hides it from the log.
        // The plan run has no run inputs: only the manifest's and the password are masked there.
        const given = i === 0 || name === 'manifest' || name === 'password';
        if (given)
          expect(
            masks.some((l) => l.includes(value)),
            `run ${i}: ${name} not masked`,
          ).toBe(true);
      }
    }
  });
});

interface Refused {
  name: string;
  arrange: (repo: string) => Record<string, string>;
  message: RegExp;
  file?: string;
}

const outsideFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'outside-'));
  writeFileSync(join(dir, 'evil.py'), 'print("outside")\n');
  writeFileSync(join(dir, 'pipeline.yml'), 'jobs: {evil: {}}\n');
  return dir;
};

const REFUSED: Refused[] = [
  {
    name: 'prefix with a .. segment',
    arrange: () => ({ prefix: 'dev/../prod/' }),
    message: /input prefix: .*"\." or "\.\." segment/,
  },
  {
    name: 'prefix with //',
    arrange: () => ({ prefix: 'dev//x/' }),
    message: /input prefix: .*contains "\/\/"/,
  },
  {
    name: 'name-prefix outside the name rule',
    arrange: () => ({ 'name-prefix': 'pr 42/' }),
    message: /input name-prefix: .*letters, digits/,
  },
  {
    name: 'name-prefix making the state machine name longer than 80',
    arrange: () => ({ 'name-prefix': `${'p'.repeat(74)}-` }),
    message: /state machine name .* longer than 80/,
    file: MANIFEST,
  },
  {
    name: 'pipeline-file outside the repository',
    arrange: () => ({ 'pipeline-file': '../pipeline.yml' }),
    message: /input pipeline-file "\.\.\/pipeline\.yml" resolves outside/,
  },
  {
    name: 'jobs-dir that is a symlink out of the repository',
    arrange: (repo) => {
      symlinkSync(outsideFile(), join(repo, 'linked-jobs'));
      return { 'jobs-dir': 'linked-jobs', 'pipeline-file': 'none.yml' };
    },
    message: /input jobs-dir "linked-jobs" resolves outside the repository \(through a symbolic link\)/,
  },
  {
    name: 'data-dir into .git',
    arrange: () => ({ 'data-dir': '.git' }),
    message: /input data-dir "\.git" resolves into the \.git folder/,
  },
  {
    name: 'external-libs-dir absolute',
    arrange: () => ({ 'external-libs-dir': '/etc' }),
    message: /input external-libs-dir "\/etc" is an absolute path/,
  },
  {
    name: 'db-dir through a symlink to outside',
    arrange: (repo) => {
      symlinkSync(outsideFile(), join(repo, 'db-link'));
      return { 'db-dir': 'db-link' };
    },
    message: /input db-dir "db-link" resolves outside/,
  },
  {
    name: 'a job script linked to a file outside the repository',
    arrange: (repo) => {
      symlinkSync(join(outsideFile(), 'evil.py'), join(repo, 'glue-jobs/evil.py'));
      writeFileSync(
        join(repo, MANIFEST),
        readFileSync(join(repo, MANIFEST), 'utf8').replace(
          '  stage_a:\n',
          '  stage_a:\n    script: glue-jobs/evil.py\n',
        ),
      );
      return {};
    },
    message: /job "stage_a": script "glue-jobs\/evil\.py" resolves outside the repository/,
    file: MANIFEST,
  },
  {
    name: 'unknown run-job',
    arrange: () => ({ 'run-job': 'no_such_job' }),
    message: /input run-job: "no_such_job" is not a job of this pipeline.*Fix: use one of: extract_a/,
  },
];

describe('refused inputs: an annotation, and not one request to AWS', () => {
  it.each(REFUSED)('$name', async (c) => {
    const repo = writeFixture();
    const overrides = c.arrange(repo);
    const tag = `refused-${uniqueSuffix()}`;
    const since = await control.lastSeq();
    const r = await runAction({
      cwd: repo,
      inputs: emulatorInputs(bucket, { 'name-prefix': 'refused-', 'start-execution': 'true', ...overrides }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
    expect(r.code).toBe(1);
    const annotation = r.errors.find((e) => c.message.test(e.replace(/%0A/g, '\n').replace(/%25/g, '%')));
    expect(annotation, r.stdout).toBeDefined();
    expect(annotation).toContain('title=glue-pipeline-deploy%3A invalid input');
    if (c.file) expect(annotation).toContain(`file=${c.file}`);
    expect(r.stdout).toMatch(/nothing was changed/);
    expect(await control.requests({ since, tag })).toEqual([]);
  });
});
