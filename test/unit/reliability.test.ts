// The pure parts of the reliability features: what the call rules name and let through after
// cancellation, the lock's key and holder, the pull request tag, which previews the sweep destroys,
// and the name-only read of a manifest for destroy.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holderFromEnv, lockKey } from '../../src/apply/lock.js';
import { allowedAfterCancel, operationName, resourceOf } from '../../src/aws/calls.js';
import { closedPreviews } from '../../src/destroy/sweep.js';
import { InputErrors } from '../../src/errors.js';
import { loadPipelineName } from '../../src/manifest/name.js';
import { stateKey } from '../../src/s3-sync/index.js';
import { pullRequestTags, TAG_LOCATION, TAG_PIPELINE, TAG_PULL_REQUEST } from '../../src/tags.js';

describe('call rules', () => {
  it('names the operation and the resource', () => {
    expect(operationName('S3Client', 'PutObjectCommand')).toBe('s3:PutObject');
    expect(operationName('SFNClient', 'StartExecutionCommand')).toBe('states:StartExecution');
    expect(resourceOf({ Bucket: 'b', Key: 'p/x.py' })).toBe('s3://b/p/x.py');
    expect(resourceOf({ JobName: 'pr1-a', RunId: 'jr_1' })).toBe('job pr1-a run jr_1');
    expect(resourceOf({ Name: 'dev-p' }, 'scheduler:GetScheduleGroup')).toBe('schedule group dev-p');
    expect(resourceOf({ Name: 'run', GroupName: 'dev-p' }, 'scheduler:GetSchedule')).toBe(
      'schedule run in group dev-p',
    );
    expect(resourceOf({ Name: 'dev-a' }, 'glue:CreateJob')).toBe('job dev-a');
    expect(resourceOf({ JobNames: ['a', 'b', 'c', 'd'] })).toBe('jobs a, b, c, …');
    expect(resourceOf({ executionArn: 'arn:x' })).toBe('arn:x');
    expect(resourceOf({})).toBeUndefined();
  });

  it('after cancellation lets through reads, stops and the lock release only', () => {
    for (const op of ['GetObject', 'ListObjectsV2', 'DescribeExecution', 'GetJobRun', 'BatchGetJobs'])
      expect(allowedAfterCancel(`${op}Command`, {}), op).toBe(true);
    for (const op of ['StopExecution', 'BatchStopJobRun']) expect(allowedAfterCancel(op, {})).toBe(true);
    expect(allowedAfterCancel('DeleteObjectCommand', { IfMatch: '"e"' })).toBe(true);
    for (const op of ['PutObject', 'DeleteObject', 'CreateJob', 'UpdateJob', 'StartExecution', 'StartJobRun'])
      expect(allowedAfterCancel(`${op}Command`, {}), op).toBe(false);
  });
});

describe('deploy lock wiring', () => {
  it('sits next to the state object and names the run', () => {
    expect(lockKey('env/dev/', 'compras')).toBe(
      stateKey('env/dev/', 'compras').replace('state.json', 'deploy.lock'),
    );
    const h = holderFromEnv({
      GITHUB_RUN_ID: '77',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_REPOSITORY: 'acme/p',
      GITHUB_SHA: 'f'.repeat(40),
    });
    expect(h).toEqual({
      description: 'run 77 (attempt 2) of acme/p',
      commit: 'f'.repeat(40),
      url: 'https://github.com/acme/p/actions/runs/77',
    });
    expect(holderFromEnv({}).description).toMatch(/^a local run/);
  });
});

describe('sweep', () => {
  it('tags a preview with its pull request only in pull_request runs', () => {
    expect(pullRequestTags({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/12/merge' })).toEqual({
      [TAG_PULL_REQUEST]: '12',
    });
    expect(pullRequestTags({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/pull/12/merge' })).toEqual({});
    expect(pullRequestTags({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/heads/x' })).toEqual({});
  });

  it('destroys closed PRs in this bucket and prefix whose tags match their names, nothing else', () => {
    const sm = (name: string, pr: string | undefined, location: string, pipeline = name) => ({
      name,
      tags: {
        [TAG_PIPELINE]: pipeline,
        [TAG_LOCATION]: location,
        ...(pr ? { [TAG_PULL_REQUEST]: pr } : {}),
      },
    });
    const machines = [
      sm('pr1-x', '1', 's3://b/previews/pr-1/'),
      sm('pr2-x', '2', 's3://b/previews/pr-2/'), // open
      sm('pr3-x', '3', 's3://other/previews/pr-3/'), // another bucket
      sm('pr4-x', '4', 's3://b/env/pr-4/'), // outside the prefix
      sm('pr5-x', undefined, 's3://b/previews/pr-5/'), // not a preview
      sm('pr6-x', '6', 's3://b/previews/pr-6/', 'someone-else'), // tags of another pipeline
      sm('dev-x', '7', 's3://b/previews/pr-7/'), // outside the name prefix
    ];
    const closed = closedPreviews(machines, {
      location: { bucket: 'b', prefix: 'previews/' },
      namePrefix: 'pr',
      openPullRequests: [2],
    });
    expect(closed).toEqual([
      { pullRequest: 1, stateMachineName: 'pr1-x', location: { bucket: 'b', prefix: 'previews/pr-1/' } },
    ]);
  });
});

describe('destroy reads only the name', () => {
  const repo = (manifest?: string) => {
    const root = mkdtempSync(join(tmpdir(), 'name-'));
    if (manifest !== undefined) writeFileSync(join(root, 'pipeline.yml'), manifest);
    return root;
  };
  const name = (root: string) => loadPipelineName('pipeline.yml', { root, defaultName: 'repo' });

  it('from a manifest the full loader would refuse', () => {
    expect(name(repo('name: compras\njobs:\n  gone: {script: deleted.py}\nunknown: 1\n'))).toBe('compras');
    expect(name(repo('jobs: {}\n'))).toBe('repo');
    expect(name(repo())).toBe('repo');
  });

  it('refuses broken YAML or a bad name with the line', () => {
    for (const text of ['name: [unclosed\n', 'jobs: {}\nname: "a b"\n', 'name: "\\0x"\n']) {
      try {
        name(repo(text));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InputErrors);
        expect((e as InputErrors).errors[0]!.location.line).toBeGreaterThan(0);
      }
    }
  });
});
