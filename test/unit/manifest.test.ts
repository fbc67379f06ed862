import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { loadPipeline } from '../../src/manifest/index.js';

function repo(manifest: string | undefined, scripts: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'manifest-'));
  mkdirSync(join(root, 'glue-jobs'));
  for (const s of scripts) writeFileSync(join(root, 'glue-jobs', s), 'print(1)\n');
  if (manifest !== undefined) writeFileSync(join(root, 'glue-jobs', 'pipeline.yml'), manifest);
  return root;
}

const ctx = (root: string, namePrefix = '') => ({
  root,
  jobsDir: 'glue-jobs',
  namePrefix,
  defaultName: 'repo',
  inputDefaults: {
    glueVersion: '5.0',
    workerType: 'G.1X',
    numberOfWorkers: 2,
    arguments: { '--FROM_INPUT': 'x' },
  },
  placeholders: {
    bucket: 'b',
    prefix: 'env/',
    region: 'eu-west-1',
    'name-prefix': namePrefix,
    account: undefined,
  },
});

function errorsOf(fn: () => unknown): { message: string; line?: number; file?: string; fix?: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputErrors) {
      return e.errors.map((x) => ({
        message: x.message,
        line: x.location.line,
        file: x.location.file,
        fix: x.fix,
      }));
    }
    throw e;
  }
  throw new Error('expected input errors');
}

const MANIFEST = `name: compras
defaults:
  glue-version: "4.0"
  number-of-workers: 3
  start-retries: 5
  additional-python-modules: ["a==1"]
  arguments:
    --WAREHOUSE: "s3://{bucket}/{prefix}databases"
    --KEEP: kept
jobs:
  a: {}
  b:
    depends-on: [a]
    number-of-workers: 5
    expected-minutes: 12
    start-retries: 0
    additional-python-modules: ["b==2"]
    arguments: {--KEEP: mine, --JOB: "{job}-{name-prefix}"}
`;

describe('manifest', () => {
  it('merges defaults: arguments by name, other keys replaced whole; placeholders expanded', () => {
    const p = loadPipeline('glue-jobs/pipeline.yml', ctx(repo(MANIFEST, ['a.py', 'b.py']), 'dev-'));
    expect(p.name).toBe('compras');
    expect(p.stateMachineName).toBe('dev-compras');
    const [a, b] = p.jobs;
    expect(a).toMatchObject({
      name: 'a',
      glueName: 'dev-a',
      script: 'glue-jobs/a.py',
      glueVersion: '4.0',
      workerType: 'G.1X',
      numberOfWorkers: 3,
      timeout: 30,
      maxRetries: 0,
      executionClass: 'STANDARD',
      additionalPythonModules: ['a==1'],
      startRetries: 5,
      arguments: { '--FROM_INPUT': 'x', '--WAREHOUSE': 's3://b/env/databases', '--KEEP': 'kept' },
      line: 11,
    });
    expect(b).toMatchObject({
      dependsOn: ['a'],
      numberOfWorkers: 5,
      expectedMinutes: 12,
      startRetries: 0,
      additionalPythonModules: ['b==2'],
      arguments: {
        '--FROM_INPUT': 'x',
        '--WAREHOUSE': 's3://b/env/databases',
        '--KEEP': 'mine',
        '--JOB': 'b-dev-',
      },
    });
  });

  it('without a manifest chains every *.py of jobs-dir in file-name order', () => {
    const p = loadPipeline('glue-jobs/pipeline.yml', ctx(repo(undefined, ['b.py', 'a.py', 'c.txt'])));
    expect(p.jobs.map((j) => [j.name, j.dependsOn])).toEqual([
      ['a', []],
      ['b', ['a']],
    ]);
    expect(p.name).toBe('repo');
  });

  it('reports a YAML syntax error with its line', () => {
    const errs = errorsOf(() =>
      loadPipeline('glue-jobs/pipeline.yml', ctx(repo('name: x\njobs:\n  a: {\n  b: [\n', ['a.py']))),
    );
    expect(errs[0]!.message).toMatch(/YAML syntax error/);
    expect(errs[0]!.file).toBe('glue-jobs/pipeline.yml');
    expect(errs[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('reports an unknown key at its line with the allowed keys', () => {
    const errs = errorsOf(() =>
      loadPipeline('glue-jobs/pipeline.yml', ctx(repo('jobs:\n  a:\n    worker_type: G.1X\n', ['a.py']))),
    );
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ line: 3 });
    expect(errs[0]!.message).toContain('"worker_type"');
    expect(errs[0]!.fix).toContain('worker-type');
  });

  it('names the jobs on a depends-on cycle', () => {
    const m = 'jobs:\n  a: {depends-on: [c]}\n  b: {depends-on: [a]}\n  c: {depends-on: [b]}\n  d: {}\n';
    const errs = errorsOf(() =>
      loadPipeline('glue-jobs/pipeline.yml', ctx(repo(m, ['a.py', 'b.py', 'c.py', 'd.py']))),
    );
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toMatch(/cycle: a → b → c → a/);
  });

  it('reports unknown depends-on, missing script, invalid worker, FLEX misuse, each at its line', () => {
    const m = [
      'jobs:',
      '  a:',
      '    depends-on: [nope]',
      '  b:',
      '    worker-type: G.8X',
      '    glue-version: "2.0"',
      '  c:',
      '    execution-class: FLEX',
      '    worker-type: G.4X',
      '  gone: {}',
    ].join('\n');
    const errs = errorsOf(() =>
      loadPipeline('glue-jobs/pipeline.yml', ctx(repo(m, ['a.py', 'b.py', 'c.py']))),
    );
    const byLine = Object.fromEntries(errs.map((e) => [e.line, e.message]));
    expect(byLine[3]).toMatch(/depends on "nope"/);
    expect(byLine[5]).toMatch(/G.8X needs a newer Glue version than 2.0/);
    expect(byLine[8]).toMatch(/FLEX runs only on G.1X or G.2X/);
    expect(byLine[10]).toMatch(/script glue-jobs\/gone.py does not exist/);
  });

  it('rejects zero jobs and names that collide after name-prefix', () => {
    expect(errorsOf(() => loadPipeline('glue-jobs/pipeline.yml', ctx(repo('jobs: {}\n', []))))).toHaveLength(
      1,
    );
    const errs = errorsOf(() =>
      loadPipeline(
        'glue-jobs/pipeline.yml',
        ctx(repo('jobs:\n  Load: {}\n  load: {}\n', ['Load.py', 'load.py']), 'p-'),
      ),
    );
    expect(errs[0]!.message).toMatch(/same Glue job name "p-load"/);
  });

  it('streaming and Ray worker types are refused for Spark jobs', () => {
    const errs = errorsOf(() =>
      loadPipeline(
        'glue-jobs/pipeline.yml',
        ctx(repo('defaults: {worker-type: G.025X}\njobs:\n  a: {}\n', ['a.py'])),
      ),
    );
    expect(errs[0]!.message).toMatch(/only for streaming jobs/);
    expect(errs[0]!.line).toBe(1);
  });
});

describe('manifest: the job model', () => {
  const load = (manifest: string, scripts = ['a.py']) =>
    loadPipeline('glue-jobs/pipeline.yml', ctx(repo(manifest, scripts)));

  it('knows Glue 5.1 and passes a newer version through with a warning at its line', () => {
    expect(load('jobs:\n  a: {glue-version: "5.1"}\n').warnings).toEqual([]);
    const p = load('jobs:\n  a:\n    glue-version: "6.0"\n');
    expect(p.jobs[0]!.glueVersion).toBe('6.0');
    expect(p.warnings).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(/newer than/) }),
    ]);
  });

  it('gives pythonshell and Ray jobs their own defaults, not the Spark ones', () => {
    const p = load(
      'defaults: {glue-version: "5.0", worker-type: G.2X, number-of-workers: 9, execution-class: FLEX, spark-ui: true}\njobs:\n  a: {type: pythonshell}\n  b: {type: glueray}\n  c: {}\n',
      ['a.py', 'b.py', 'c.py'],
    );
    const [a, b, c] = p.jobs;
    expect(a).toMatchObject({
      type: 'pythonshell',
      glueVersion: '3.0',
      pythonVersion: '3.9',
      maxCapacity: 0.0625,
    });
    expect(a!.workerType).toBeUndefined();
    expect(a!.sparkUi).toBeUndefined();
    expect(b).toMatchObject({
      type: 'glueray',
      glueVersion: '4.0',
      workerType: 'Z.2X',
      numberOfWorkers: 2,
      runtime: 'Ray2.4',
    });
    expect(c).toMatchObject({
      workerType: 'G.2X',
      numberOfWorkers: 9,
      executionClass: 'FLEX',
      sparkUi: true,
    });
  });

  it('refuses keys of another job type where the job sets them, each at its line', () => {
    const errs = errorsOf(() =>
      load('jobs:\n  a:\n    type: pythonshell\n    spark-conf: {x: "1"}\n    extra-files: [nope.txt]\n'),
    );
    expect(errs.map((e) => [e.line, e.message])).toEqual([
      [4, expect.stringMatching(/spark-conf is not a setting of pythonshell/)],
      [5, expect.stringMatching(/extra-files is not a setting of pythonshell/)],
    ]);
  });
});

describe("manifest: the YAML library's warnings", () => {
  it('become warnings at their file:line (unknown tag, ignored directive, list as a key), never stderr', () => {
    const manifest = [
      '%FOO bar', // 1: an unknown directive
      '---', // 2
      'name: flow', // 3
      'jobs:', // 4
      '  load:', // 5
      '    arguments:', // 6
      '      --TOKEN: !secret value', // 7: an unknown tag
      '    tags:', // 8
      '      ? [team, owner]', // 9: a list as a key
      '      : x', // 10
      '  merge: {depends-on: [load]}', // 11
    ].join('\n');
    const root = repo(manifest, ['load.py', 'merge.py']);
    const printed: string[] = [];
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation((w) => {
      printed.push(String(w));
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    let pipeline: ReturnType<typeof loadPipeline>;
    try {
      pipeline = loadPipeline('glue-jobs/pipeline.yml', ctx(root));
    } finally {
      emit.mockRestore();
      stderr.mockRestore();
    }
    expect(printed).toEqual([]);
    const warnings = pipeline.warnings ?? [];
    expect(warnings.map((w) => [w.file, w.line])).toEqual([
      ['glue-jobs/pipeline.yml', 1],
      ['glue-jobs/pipeline.yml', 7],
      ['glue-jobs/pipeline.yml', 9],
    ]);
    expect(warnings[0]!.message).toMatch(/^YAML directive ignored \(Unknown directive %FOO\)\. Fix: remove/);
    expect(warnings[1]!.message).toMatch(/^unknown YAML tag !secret: .*Fix: remove the tag/);
    expect(warnings[2]!.message).toMatch(
      /^a list or map used as a key is read as one text key.*Fix: use a plain/,
    );
    // The values are still read (the warnings say how).
    expect(pipeline.jobs.find((j) => j.name === 'load')!.arguments['--TOKEN']).toBe('value');
  });

  it('adds none to a clean manifest', () => {
    const root = repo('name: flow\njobs:\n  load: {}\n', ['load.py']);
    expect(loadPipeline('glue-jobs/pipeline.yml', ctx(root)).warnings).toEqual([]);
  });
});
