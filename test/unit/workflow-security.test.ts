// The workflows' security rules, read from the files: third-party actions pinned to commit SHAs,
// no credentials kept by checkouts, least permissions, the OIDC token only where a role is assumed,
// each job with the role of its own environment (or the preview role), and deploys from main only.
// (zizmor and actionlint check the files too, in scripts/lint.sh.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/run-action.js';

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  environment?: unknown;
  permissions?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const DIR = join(REPO_ROOT, '.github/workflows');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
const text = (file: string) => readFileSync(join(DIR, file), 'utf8');
const workflow = (file: string) => parse(text(file)) as Workflow;
const CONFIGURE_AWS = 'aws-actions/configure-aws-credentials@';
/** A workflow expression as written in the files: `${{ <inner> }}`. */
const expr = (inner: string) => `\${{ ${inner} }}`;

const jobsOf = (file: string) => Object.entries(workflow(file).jobs);
const assumesRole = (job: Job) => (job.steps ?? []).some((s) => s.uses?.startsWith(CONFIGURE_AWS));

describe('.github/workflows', () => {
  it('has the five workflows', () => {
    expect(FILES.sort()).toEqual(['ci.yml', 'deploy.yml', 'pr.yml', 'release.yml', 'sweep.yml']);
  });

  it('pins every third-party action to a full commit SHA, with its tag in a comment', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of FILES) {
      for (const [n, line] of text(file).split('\n').entries()) {
        const m = /^\s*-?\s*uses:\s*(\S+)(.*)$/.exec(line);
        // The action itself and this repository's own reusable workflows are not third-party.
        if (!m || m[1] === './' || m[1]!.startsWith('./.github/workflows/')) continue;
        const where = `${file}:${n + 1}: ${line.trim()}`;
        const pin = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{40})$/.exec(m[1]!);
        expect(pin, where).not.toBeNull();
        expect(m[2], where).toMatch(/^ # v\d+\.\d+\.\d+$/);
        const key = `${pin![1]} ${m[2]!.trim()}`;
        pins.set(key, (pins.get(key) ?? new Set()).add(pin![2]!));
      }
    }
    expect(pins.size).toBeGreaterThan(5);
    // One tag, one SHA, in every file.
    for (const [action, shas] of pins) expect([...shas], action).toHaveLength(1);
  });

  it('keeps no credentials in any checkout', () => {
    let checkouts = 0;
    for (const file of FILES) {
      for (const [name, job] of jobsOf(file)) {
        for (const step of job.steps ?? []) {
          if (!step.uses?.startsWith('actions/checkout@')) continue;
          checkouts++;
          expect(step.with?.['persist-credentials'], `${file} ${name}`).toBe(false);
        }
      }
    }
    expect(checkouts).toBeGreaterThanOrEqual(6);
  });

  it('grants least permissions: read at most at the top, id-token only to the jobs that assume a role', () => {
    for (const file of FILES) {
      const top = workflow(file).permissions;
      expect([{}, { contents: 'read' }], file).toContainEqual(top);
      for (const [name, job] of jobsOf(file)) {
        const granted = Object.entries(job.permissions ?? {}).filter(([, level]) => level !== 'read');
        // The one writer: the release job publishes the release and moves the major tag.
        const expected =
          file === 'release.yml' && name === 'release'
            ? [['contents', 'write']]
            : assumesRole(job)
              ? [['id-token', 'write']]
              : [];
        expect(granted, `${file} ${name}`).toEqual(expected);
      }
    }
  });

  it('deploys from main only, each environment with its own role', () => {
    const [[, job]] = jobsOf('deploy.yml') as [[string, Job]];
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
    expect(job.environment).toBe(expr("inputs.environment || 'dev'"));
    // AWS_DEPLOY_ROLE_ARN is an environment variable: the environment the job runs in picks the role.
    const configure = job.steps!.find((s) => s.uses?.startsWith(CONFIGURE_AWS));
    expect(configure?.with?.['role-to-assume']).toBe(expr('vars.AWS_DEPLOY_ROLE_ARN'));
    const action = job.steps!.find((s) => s.uses === './');
    expect(action?.with?.['role-arn']).toBe(expr('vars.GLUE_JOB_ROLE_ARN'));
    // ... and its jobs write the environment's own database, the only one its Glue role may write.
    expect(parse(String(action?.with?.['default-arguments']))).toEqual({
      '--DATABASE': expr("vars.GLUE_DATABASE || format('compras_{0}', inputs.environment || 'dev')"),
    });
  });

  it('runs every pull-request job that touches AWS with the preview role, and in no environment', () => {
    const awsJobs = jobsOf('pr.yml').filter(([, job]) => assumesRole(job));
    expect(awsJobs.map(([name]) => name)).toEqual(['preview', 'teardown']);
    for (const [name, job] of jobsOf('pr.yml')) {
      // A job with an environment would get that environment's OIDC subject, and its role.
      expect(job.environment, name).toBeUndefined();
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith(CONFIGURE_AWS)) {
          expect(step.with?.['role-to-assume'], name).toBe(expr('vars.AWS_PREVIEW_ROLE_ARN'));
        }
        if (step.uses === './') {
          expect(step.with, `${name} ${step.id}`).toMatchObject({
            prefix: expr('env.PREVIEW_PREFIX'),
            'name-prefix': expr('env.PREVIEW_NAME_PREFIX'),
            'role-arn': expr('vars.PREVIEW_GLUE_JOB_ROLE_ARN'),
            'state-machine-role-arn': expr('vars.PREVIEW_STATE_MACHINE_ROLE_ARN'),
          });
          // Plan and deploy with the preview database (destroy runs no job).
          if (step.with?.mode !== 'destroy') {
            expect(parse(String(step.with?.['default-arguments'])), `${name} ${step.id}`).toEqual({
              '--DATABASE': expr('env.PREVIEW_DATABASE'),
            });
          }
        }
      }
    }
    expect((workflow('pr.yml') as { env?: Record<string, string> }).env?.PREVIEW_DATABASE).toBe(
      expr("vars.PREVIEW_GLUE_DATABASE || 'compras_preview'"),
    );
    expect(text('pr.yml')).not.toMatch(
      /vars\.(AWS_DEPLOY_ROLE_ARN|GLUE_JOB_ROLE_ARN|STATE_MACHINE_ROLE_ARN|GLUE_DATABASE)\b/,
    );
  });
});

describe('sweep.yml', () => {
  it('sweeps only previews, with its own role in its own environment, and the open PRs from gh', () => {
    const [[, job]] = jobsOf('sweep.yml') as [[string, Job]];
    expect(job.environment).toBe('preview-sweep');
    const configure = job.steps!.find((s) => s.uses?.startsWith(CONFIGURE_AWS));
    expect(configure?.with?.['role-to-assume']).toBe(expr('vars.AWS_SWEEP_ROLE_ARN'));
    const action = job.steps!.find((s) => s.uses === './');
    expect(action?.with).toMatchObject({
      mode: 'sweep',
      prefix: 'previews/',
      'name-prefix': 'pr',
      'open-pull-requests': expr('steps.open.outputs.numbers'),
    });
    // The list is made before the AWS credentials exist, and a failed listing stops the job.
    const steps = job.steps!;
    const list = steps.findIndex((s) => s.id === 'open');
    expect(list).toBeGreaterThanOrEqual(0);
    expect(list).toBeLessThan(steps.indexOf(configure!));
    expect(text('sweep.yml')).toContain('set -euo pipefail');
  });
});

describe('.github/dependabot.yml', () => {
  it('updates the pinned actions, npm and pip', () => {
    const config = parse(readFileSync(join(REPO_ROOT, '.github/dependabot.yml'), 'utf8')) as {
      version: number;
      updates: { 'package-ecosystem': string; directory: string }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => [u['package-ecosystem'], u.directory]).sort()).toEqual([
      ['github-actions', '/'],
      ['npm', '/'],
      ['pip', '/'],
    ]);
  });
});
