// .github/workflows/release.yml end to end, without GitHub: its own `run:` steps in job order on a
// scratch repository whose "origin" is a local bare repository, with a fake `gh` (records its
// arguments and the notes file) and a fake `npm` (records its arguments; `npm run build` writes the
// dist/ a test chooses). Checked: the release gets the CHANGELOG notes of its version, the major tag
// moves on origin (and only forward), and a version mismatch or a stale dist/ stops the release
// before anything is published.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE24, REPO_ROOT } from '../../scripts/local-runner.js';
import { readWorkflow, runWorkflow, type WorkflowRun } from '../helpers/run-workflow.js';

const WORKFLOW = 'release.yml';
const REPOSITORY = 'acme/glue-pipeline-deploy';
const BUNDLE = '// the bundle as committed\n';

let root: string;
let origin: string;
let author: string;
let fakeBin: string;
let runs = 0;

const gitEnv = (home: string) => ({
  PATH: `${dirname(NODE24)}:/usr/local/bin:/usr/bin:/bin`,
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release-test@example.com',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release-test@example.com',
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv(root), encoding: 'utf8' }).trim();
}

/** The `## [version]` section of a CHANGELOG, read independently of scripts/release.sh. */
function sectionOf(changelog: string, version: string): string {
  const start = changelog.indexOf(`\n## [${version}]`);
  if (start < 0) throw new Error(`no section ${version}`);
  const body = changelog.slice(changelog.indexOf('\n', start + 1) + 1);
  const end = body.search(/^## /m);
  return (end < 0 ? body : body.slice(0, end)).trim();
}

/** Commits package.json, package-lock.json and CHANGELOG.md at `version` (with `notes` as its entry). */
function commitVersion(version: string, notes: string): string {
  for (const file of ['package.json', 'package-lock.json']) {
    const json = JSON.parse(readFileSync(join(author, file), 'utf8'));
    json.version = version;
    if (json.packages?.['']) json.packages[''].version = version;
    writeFileSync(join(author, file), `${JSON.stringify(json, null, 2)}\n`);
  }
  // As the release steps say: the [Unreleased] notes move under the new version (here: `notes`).
  const changelog = readFileSync(join(author, 'CHANGELOG.md'), 'utf8').replace(
    /## \[Unreleased\]\n[\s\S]*?(?=^## \[)/m,
    `## [Unreleased]\n\n## [${version}] - 2026-12-24\n\n${notes}\n\n`,
  );
  writeFileSync(join(author, 'CHANGELOG.md'), changelog);
  git(author, 'commit', '-qam', `Release ${version}`);
  return git(author, 'rev-parse', 'HEAD');
}

function tagAndPush(tag: string): void {
  git(author, 'tag', '-a', tag, '-m', tag);
  git(author, 'push', '-q', 'origin', 'HEAD', `refs/tags/${tag}`);
}

function originTag(tag: string): string | undefined {
  try {
    return git(origin, 'rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`);
  } catch {
    return undefined;
  }
}

interface Outcome {
  run: WorkflowRun;
  gh: { args: string[]; notes?: string }[];
  npm: string[][];
  summary: string;
}

/** A fresh clone checked out at `tag` (what actions/checkout gives with fetch-depth: 0), then the workflow. */
function release(tag: string, opts: { build?: string; releaseExists?: boolean } = {}): Outcome {
  const dir = join(root, `run-${++runs}`);
  const home = join(dir, 'home');
  const temp = join(dir, 'runner-temp');
  mkdirSync(home, { recursive: true });
  mkdirSync(temp);
  mkdirSync(join(dir, 'build'));
  writeFileSync(join(dir, 'build', 'index.js'), opts.build ?? BUNDLE);
  git(root, 'clone', '-q', origin, join(dir, 'work'));
  const work = join(dir, 'work');
  git(work, 'checkout', '-q', '--detach', tag);
  const run = runWorkflow(readWorkflow(WORKFLOW), {
    cwd: work,
    env: {
      ...gitEnv(home),
      PATH: `${fakeBin}:${gitEnv(home).PATH}`,
      GITHUB_ACTIONS: 'true',
      GITHUB_REF: `refs/tags/${tag}`,
      GITHUB_REF_NAME: tag,
      GITHUB_REF_TYPE: 'tag',
      GITHUB_SHA: git(work, 'rev-parse', 'HEAD'),
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
      GITHUB_OUTPUT: join(temp, 'output'),
      GITHUB_ENV: join(temp, 'env'),
      RUNNER_TEMP: temp,
      FAKE_LOG: join(dir, 'calls.jsonl'),
      FAKE_BUILD: join(dir, 'build'),
      ...(opts.releaseExists ? { FAKE_RELEASE_EXISTS: '1' } : {}),
    },
    ctx: { github: { token: 'ghs_faketoken', repository: REPOSITORY, ref_name: tag } },
    skip: [
      /^actions\/checkout@[0-9a-f]{40}$/,
      /^actions\/setup-node@[0-9a-f]{40}$/,
      /^\.\/\.github\/workflows\/ci\.yml$/,
    ],
  });
  const calls = existsSync(join(dir, 'calls.jsonl'))
    ? readFileSync(join(dir, 'calls.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { tool: string; args: string[]; notes?: string })
    : [];
  const summaryFile = join(temp, 'summary.md');
  return {
    run,
    gh: calls.filter((c) => c.tool === 'gh').map(({ args, notes }) => ({ args, notes })),
    npm: calls.filter((c) => c.tool === 'npm').map((c) => c.args),
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
  };
}

// The fakes: one node script, named gh and npm.
const FAKE = `#!/usr/bin/env node
const { appendFileSync, cpSync, readFileSync } = require('node:fs');
const { basename, join } = require('node:path');
const tool = basename(process.argv[1]);
const args = process.argv.slice(2);
const call = { tool, args };
const notesAt = args.indexOf('--notes-file');
if (notesAt >= 0) call.notes = readFileSync(args[notesAt + 1], 'utf8');
appendFileSync(process.env.FAKE_LOG, JSON.stringify(call) + '\\n');
if (tool === 'gh' && args[0] === 'release' && args[1] === 'view' && !process.env.FAKE_RELEASE_EXISTS) {
  console.error('release not found');
  process.exit(1);
}
if (tool === 'npm' && args[0] === 'run' && args[1] === 'build') {
  cpSync(process.env.FAKE_BUILD, join(process.cwd(), 'dist'), { recursive: true });
}
`;

let commitA: string;
let commitB: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gpd-release-'));
  fakeBin = join(root, 'bin');
  mkdirSync(fakeBin);
  for (const tool of ['gh', 'npm']) {
    writeFileSync(join(fakeBin, tool), FAKE.replace('#!/usr/bin/env node', `#!${NODE24}`));
    chmodSync(join(fakeBin, tool), 0o755);
  }
  origin = join(root, 'origin.git');
  author = join(root, 'author');
  git(root, 'init', '-q', '--bare', '-b', 'main', origin);
  git(root, 'init', '-q', '-b', 'main', author);
  git(author, 'remote', 'add', 'origin', origin);
  // The repository's own release files, as committed.
  for (const file of [
    'CHANGELOG.md',
    'package.json',
    'package-lock.json',
    'scripts/release.sh',
    '.github/workflows/release.yml',
  ]) {
    mkdirSync(dirname(join(author, file)), { recursive: true });
    copyFileSync(join(REPO_ROOT, file), join(author, file));
  }
  mkdirSync(join(author, 'dist'));
  writeFileSync(join(author, 'dist', 'index.js'), BUNDLE);
  git(author, 'add', '-A');
  git(author, 'commit', '-qm', 'The repository as released');
  commitA = git(author, 'rev-parse', 'HEAD');
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('release.yml, run locally', () => {
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
  const tag = `v${version}`;
  const major = `v${version.split('.')[0]}`;

  it("releases the repository's own version with its CHANGELOG notes and creates the major tag", () => {
    tagAndPush(tag);
    const out = release(tag);
    expect(out.run.failed, out.run.log).toBeUndefined();
    // Every run: step ran; the skipped ones are exactly checkout, setup-node and the CI call.
    expect(out.run.ran).toEqual([
      'check: Check the tag',
      'release: Check the tag',
      'release: Install',
      'release: dist/ matches a fresh build',
      'release: Publish the GitHub release with the CHANGELOG.md notes',
      'release: Move the major tag',
    ]);
    expect(out.run.skipped.map((s) => s.replace(/@[0-9a-f]{40}$/, ''))).toEqual([
      'check: actions/checkout',
      'test: ./.github/workflows/ci.yml',
      'release: actions/checkout',
      'release: actions/setup-node',
    ]);
    expect(out.npm).toEqual([
      ['ci', '--no-audit', '--no-fund'],
      ['run', 'build'],
    ]);
    const expected = sectionOf(readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8'), version);
    expect(expected.length).toBeGreaterThan(100);
    expect(out.gh.map((c) => c.args.slice(0, 3))).toEqual([
      ['release', 'view', tag],
      ['release', 'create', tag],
    ]);
    const create = out.gh[1]!;
    expect(create.args).toContain('--verify-tag');
    expect(create.notes?.trim()).toBe(expected);
    expect(originTag(major)).toBe(commitA);
    expect(out.summary).toContain(`Released [${tag}](https://github.com/${REPOSITORY}/releases/tag/${tag})`);
  });

  it('moves the major tag to the next release, with only that release in its notes', () => {
    commitB = commitVersion('1.1.0', '### Fixed\n\n- A fix worth a minor release.\n');
    expect(commitB).not.toBe(commitA);
    tagAndPush('v1.1.0');
    const out = release('v1.1.0');
    expect(out.run.failed, out.run.log).toBeUndefined();
    expect(out.gh.at(-1)!.args.slice(0, 3)).toEqual(['release', 'create', 'v1.1.0']);
    expect(out.gh.at(-1)!.notes).toBe('### Fixed\n\n- A fix worth a minor release.\n');
    expect(originTag('v1')).toBe(commitB);
  });

  it('refreshes the notes when the release already exists (a re-run)', () => {
    const out = release('v1.1.0', { releaseExists: true });
    expect(out.run.failed, out.run.log).toBeUndefined();
    expect(out.gh.map((c) => c.args.slice(0, 2))).toEqual([
      ['release', 'view'],
      ['release', 'edit'],
    ]);
    expect(out.gh[1]!.notes).toContain('A fix worth a minor release.');
    expect(originTag('v1')).toBe(commitB);
  });

  it('fails on a tag that differs from package.json, before testing or publishing anything', () => {
    tagAndPush('v1.1.1'); // on the commit whose package.json says 1.1.0
    try {
      const out = release('v1.1.1');
      expect(out.run.failed).toBe('check: Check the tag');
      expect(out.run.ran).toEqual(['check: Check the tag']);
      expect(out.run.log).toMatch(/package\.json has version '1\.1\.0'.*the tag is v1\.1\.1/);
      expect(out.gh).toEqual([]);
      expect(out.npm).toEqual([]);
      expect(originTag('v1')).toBe(commitB);
    } finally {
      // What the maintainer does next (docs/releasing.md): delete the wrong tag.
      git(author, 'tag', '-d', 'v1.1.1');
      git(author, 'push', '-q', 'origin', ':refs/tags/v1.1.1');
    }
    expect(originTag('v1.1.1')).toBeUndefined();
  });

  it('fails when dist/ differs from a fresh build, before publishing anything', () => {
    const out = release('v1.1.0', { build: '// built from newer sources\n' });
    expect(out.run.failed).toBe('release: dist/ matches a fresh build');
    expect(out.run.log).toContain('dist/ differs from a fresh build');
    expect(out.gh).toEqual([]);
    expect(originTag('v1')).toBe(commitB);
  });

  it('fails when the committed dist/ holds a file a fresh build no longer writes', () => {
    git(author, 'checkout', '-q', '-b', 'stale-dist', commitB);
    writeFileSync(join(author, 'dist', 'old-chunk.js'), '// left over from an older build\n');
    git(author, 'add', '-A');
    commitVersion('1.2.0', '### Changed\n\n- Something.\n');
    tagAndPush('v1.2.0');
    try {
      const out = release('v1.2.0');
      expect(out.run.failed, out.run.log).toBe('release: dist/ matches a fresh build');
      expect(out.run.log).toContain('dist/old-chunk.js');
      expect(out.gh).toEqual([]);
      expect(originTag('v1')).toBe(commitB);
    } finally {
      // What the maintainer does next (docs/releasing.md): delete the tag that was not released.
      git(author, 'tag', '-d', 'v1.2.0');
      git(author, 'push', '-q', 'origin', ':refs/tags/v1.2.0');
    }
  });

  it('publishes a fix of an older minor without pulling the major tag back', () => {
    git(author, 'checkout', '-q', '-b', 'release-1.0', commitA);
    commitVersion('1.0.1', '### Fixed\n\n- Backported fix.\n');
    tagAndPush('v1.0.1');
    const out = release('v1.0.1');
    expect(out.run.failed, out.run.log).toBeUndefined();
    expect(out.gh.at(-1)!.args.slice(0, 3)).toEqual(['release', 'create', 'v1.0.1']);
    expect(out.run.log).toContain('v1.1.0 is newer than v1.0.1: v1 stays where it is');
    expect(originTag('v1')).toBe(commitB);
  });

  it('needs CI to pass and writes only from the release job', () => {
    const wf = readWorkflow(WORKFLOW);
    expect(wf.on).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(wf.permissions).toEqual({});
    expect([wf.jobs.release!.needs].flat()).toContain('test');
    expect([wf.jobs.test!.needs].flat()).toContain('check');
    for (const [id, job] of Object.entries(wf.jobs)) {
      expect(job.permissions, id).toEqual(id === 'release' ? { contents: 'write' } : { contents: 'read' });
    }
    const ci = readWorkflow('ci.yml') as { on: Record<string, unknown> };
    expect(Object.keys(ci.on)).toContain('workflow_call');
  });
});

describe('third-party actions in every workflow', () => {
  for (const file of readdirSync(join(REPO_ROOT, '.github/workflows')).filter((f) => f.endsWith('.yml'))) {
    it(`${file}: pinned to a full commit SHA with its tag in a comment; checkout keeps no credentials`, () => {
      const text = readFileSync(join(REPO_ROOT, '.github/workflows', file), 'utf8');
      const uses = [...text.matchAll(/^\s*(?:- )?uses:\s*(\S+)(.*)$/gm)].filter(
        ([, ref]) => !ref!.startsWith('./'),
      );
      expect(uses.length).toBeGreaterThan(0);
      for (const [line, ref, rest] of uses) {
        expect(ref, line).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        expect(rest, line).toMatch(/^ # v\d+\.\d+\.\d+$/);
      }
      const wf = readWorkflow(file);
      for (const [id, job] of Object.entries(wf.jobs)) {
        for (const step of (job.steps ?? []) as { uses?: string; with?: Record<string, unknown> }[]) {
          if (step.uses?.startsWith('actions/checkout@'))
            expect(step.with?.['persist-credentials'], id).toBe(false);
        }
      }
    });
  }
});
