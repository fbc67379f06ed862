// Inputs refused before any AWS call: prefixes that climb or skip a segment, name prefixes that no
// job or state machine name can carry, paths that leave the repository or enter .git (symlinks
// included), and a run-job that names no job.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputErrors } from '../../src/errors.js';
import { parseInputs } from '../../src/inputs.js';
import { pipelineInputErrors } from '../../src/manifest/input-checks.js';
import type { JobSpec, Pipeline } from '../../src/model.js';
import { repoPathProblem } from '../../src/repo-path.js';

const raw = (over: Record<string, string>) => ({
  bucket: 'my-bucket',
  'role-arn': 'arn:aws:iam::111122223333:role/glue',
  'state-machine-role-arn': 'arn:aws:iam::111122223333:role/sfn',
  ...over,
});

const inputErrors = (over: Record<string, string>): string[] => {
  try {
    parseInputs(raw(over), { AWS_REGION: 'eu-west-1' });
  } catch (e) {
    return (e as InputErrors).errors.map((x) => `${x.message}. Fix: ${x.fix}`);
  }
  return [];
};

describe('prefix', () => {
  it.each(['a/../b', '..', 'env/./x', './env', 'a//b', '//a', 'a/..'])('refuses %s', (prefix) => {
    expect(inputErrors({ prefix })).toEqual([expect.stringMatching(/^input prefix: .*(segment|\/\/).*Fix:/)]);
  });
  it.each(['', 'dev', 'previews/pr-42/', '/dev', 'a.b/c..d/'])('accepts %s', (prefix) => {
    expect(inputErrors({ prefix })).toEqual([]);
  });
});

describe('name-prefix', () => {
  it.each(['pr 1-', 'pr/1-', 'dev:', 'x*', 'é-'])('refuses %s (name rule)', (p) => {
    expect(inputErrors({ 'name-prefix': p })).toEqual([
      expect.stringMatching(/^input name-prefix: .*letters, digits/),
    ]);
  });
  it('refuses one that leaves no room for the state machine name', () => {
    expect(inputErrors({ 'name-prefix': 'p'.repeat(80) })).toEqual([expect.stringMatching(/under 80/)]);
    expect(inputErrors({ 'name-prefix': 'pr-42_dev-' })).toEqual([]);
  });
});

describe('log-lines', () => {
  it('is a whole number from 0 (none) to 10000', () => {
    expect(parseInputs(raw({}), { AWS_REGION: 'x' }).logLines).toBe(50);
    expect(parseInputs(raw({ 'log-lines': '0' }), { AWS_REGION: 'x' }).logLines).toBe(0);
    for (const v of ['-1', '2.5', 'all', '10001'])
      expect(inputErrors({ 'log-lines': v }), v).toEqual([expect.stringMatching(/^input log-lines/)]);
  });
});

describe('repository paths', () => {
  const root = mkdtempSync(join(tmpdir(), 'repo-path-'));
  const outside = mkdtempSync(join(tmpdir(), 'outside-'));
  mkdirSync(join(root, '.git/hooks'), { recursive: true });
  mkdirSync(join(root, 'glue-jobs'));
  writeFileSync(join(outside, 'x.py'), 'print(1)\n');
  symlinkSync(outside, join(root, 'linked-out'));
  symlinkSync(join(root, '.git'), join(root, 'git-link'));
  symlinkSync(join(root, 'glue-jobs'), join(root, 'jobs-link'));

  it.each([
    ['../x', /outside the repository/],
    ['glue-jobs/../../x', /outside the repository/],
    ['/etc/passwd', /absolute/],
    ['.git', /\.git folder/],
    ['.GIT/hooks/x', /\.git folder/],
    ['linked-out/x.py', /outside the repository \(through a symbolic link\)/],
    ['linked-out/missing/deeper.py', /through a symbolic link/],
    ['git-link/hooks', /\.git folder \(through a symbolic link\)/],
  ])('refuses %s', (path, message) => {
    expect(repoPathProblem(root, path)).toMatch(message);
  });

  it.each(['glue-jobs', 'glue-jobs/not-yet.py', 'jobs-link', '.', 'data', '.github/x', '.gitignore'])(
    'accepts %s',
    (path) => {
      expect(repoPathProblem(root, path)).toBeUndefined();
    },
  );

  const job = (name: string, script: string): JobSpec =>
    ({ name, glueName: `p-${name}`, script, dependsOn: [], arguments: {}, line: 3 }) as unknown as JobSpec;
  const pipeline = (jobs: JobSpec[], stateMachineName = 'p-pipe'): Pipeline => ({
    name: 'pipe',
    stateMachineName,
    jobs,
    manifestFile: 'glue-jobs/pipeline.yml',
  });

  it('refuses job scripts outside the repository, at the job line', () => {
    const errors = pipelineInputErrors(pipeline([job('a', 'glue-jobs/a.py'), job('b', 'linked-out/x.py')]), {
      root,
    });
    expect(errors.map((e) => [e.message, e.location])).toEqual([
      [
        expect.stringMatching(/job "b": script "linked-out\/x.py" resolves outside/),
        { file: 'glue-jobs/pipeline.yml', line: 3 },
      ],
    ]);
  });

  it('refuses a state machine name over 80 characters and an unknown run-job', () => {
    const p = pipeline([job('a', 'glue-jobs/a.py')], `${'n'.repeat(70)}-pipeline-x`);
    const messages = pipelineInputErrors(p, { root, runJob: 'nope' }).map(
      (e) => `${e.message}. Fix: ${e.fix}`,
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /name-prefix: the state machine name .* longer than 80.*Fix: shorten name-prefix/,
      ),
      expect.stringMatching(/input run-job: "nope" is not a job of this pipeline.*Fix: use one of: a$/),
    ]);
    expect(pipelineInputErrors(pipeline([job('a', 'glue-jobs/a.py')]), { root, runJob: 'p-a' })).toEqual([]);
  });
});
