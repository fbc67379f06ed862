// Generated pipeline repositories for the benchmarks: N jobs wired as a seeded random DAG, the
// example pipeline's external_libs/ and db/, the data generator's input files, and optionally the
// sync load (5,000 small files in nested folders + 10 large ones). Committed to git, because on a
// runner the data comes from a checkout; `freshClone` gives what a runner sees (all mtimes new).
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomDag, rng } from './random-dag.js';

export const ROOT = resolve(import.meta.dirname, '..');
const KiB = 1024;
const MiB = 1024 * KiB;

export interface BulkSpec {
  smallFiles: number;
  smallMin: number;
  smallMax: number;
  largeFiles: number;
  largeSize: number;
}

/** The issue's load: 5,000 files of 1–20 KiB in nested folders plus 10 files of 64 MiB. */
export const ISSUE_BULK: BulkSpec = {
  smallFiles: 5000,
  smallMin: 1 * KiB,
  smallMax: 20 * KiB,
  largeFiles: 10,
  largeSize: 64 * MiB,
};

export interface RepoSpec {
  jobs: number;
  seed: number;
  /** Purchase lines for the data generator (datagen/generate.py). */
  rows?: number;
  bulk?: BulkSpec;
}

export interface Repo {
  dir: string;
  jobs: string[];
  /** Files under data/ and their total size. */
  dataFiles: number;
  dataBytes: number;
}

/** Deterministic incompressible bytes: an AES-CTR keystream keyed by the seed (fast, ~1 GB/s). */
export function keystream(seed: string): (n: number) => Buffer {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return (n) => cipher.update(Buffer.alloc(n));
}

export function manifest(name: string, jobs: { name: string; dependsOn: string[] }[]): string {
  const lines = [
    `name: ${name}`,
    'defaults:',
    '  glue-version: "5.0"',
    '  worker-type: G.1X',
    '  number-of-workers: 2',
    '  timeout: 30',
    '  arguments:',
    '    --AWS_WAREHOUSE: "s3://{bucket}/{prefix}databases"',
    '    --SOURCE_PATH: "s3://{bucket}/{prefix}input_files"',
    '    --WORK_PATH: "s3://{bucket}/{prefix}work_files"',
    'jobs:',
  ];
  for (const job of jobs) {
    lines.push(
      job.dependsOn.length > 0
        ? `  ${job.name}:\n    depends-on: [${job.dependsOn.join(', ')}]`
        : `  ${job.name}: {}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function writeBulk(dataDir: string, bulk: BulkSpec, seed: number): { files: number; bytes: number } {
  const random = rng(seed);
  const bytes = keystream(`bulk-${seed}`);
  let total = 0;
  for (let i = 0; i < bulk.smallFiles; i++) {
    // 3 levels: 10 regions × 10 months × ~50 files.
    const path = join(
      dataDir,
      'bulk',
      `region=${i % 10}`,
      `month=${String(Math.floor(i / 10) % 10).padStart(2, '0')}`,
      `part-${String(i).padStart(5, '0')}.bin`,
    );
    const size = bulk.smallMin + Math.floor(random() * (bulk.smallMax - bulk.smallMin + 1));
    write(path, bytes(size));
    total += size;
  }
  for (let i = 0; i < bulk.largeFiles; i++) {
    const path = join(dataDir, 'large', `blob-${i}.bin`);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    for (let done = 0; done < bulk.largeSize; done += 4 * MiB) {
      writeSync(fd, bytes(Math.min(4 * MiB, bulk.largeSize - done)));
    }
    closeSync(fd);
    total += bulk.largeSize;
  }
  return { files: bulk.smallFiles + bulk.largeFiles, bytes: total };
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.invalid',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.invalid',
    },
  });
}

/** A generated pipeline: manifest and one script per job (job_000…, wired as a seeded random DAG). */
function writeJobs(dir: string, count: number, seed: number): string[] {
  const nodes = randomDag(rng(seed), count);
  const jobs = nodes.map((n) => ({ name: n.name, dependsOn: n.dependsOn }));
  write(join(dir, 'glue-jobs', 'pipeline.yml'), manifest('bench', jobs));
  for (const job of jobs) {
    // The content depends on the name only: job_007 is the same file in every generated repo.
    write(
      join(dir, 'glue-jobs', `${job.name}.py`),
      `# generated job ${job.name}\nfrom external_libs.job import main\n\nmain("${job.name}")\n`,
    );
  }
  return jobs.map((j) => j.name);
}

/** Writes a pipeline repository and commits it (a half-written one is removed, e.g. on a full disk). */
export function generateRepo(spec: RepoSpec, dir = mkdtempSync(join(tmpdir(), 'bench-repo-'))): Repo {
  try {
    return writeRepo(spec, dir);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function writeRepo(spec: RepoSpec, dir: string): Repo {
  const jobs = writeJobs(dir, spec.jobs, spec.seed);
  cpSync(join(ROOT, 'external_libs'), join(dir, 'external_libs'), { recursive: true });
  cpSync(join(ROOT, 'db'), join(dir, 'db'), { recursive: true });

  // The example pipeline's inputs, from the team's data generator.
  const compras = join(dir, 'data', 'compras');
  mkdirSync(compras, { recursive: true });
  execFileSync(
    join(ROOT, '.venv', 'bin', 'python'),
    [
      '-m',
      'datagen.generate',
      '--rows',
      String(spec.rows ?? 2000),
      '--out',
      compras,
      '--seed',
      String(spec.seed),
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } },
  );
  const bulk = spec.bulk ? writeBulk(join(dir, 'data'), spec.bulk, spec.seed) : { files: 0, bytes: 0 };
  write(join(dir, '.gitignore'), '__pycache__/\n');
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'generated pipeline']);
  const listed = git(dir, ['ls-files', '-s', 'data']).trim().split('\n');
  const sizes = git(dir, ['ls-tree', '-r', '-l', 'HEAD', 'data'])
    .trim()
    .split('\n')
    .map((l) => Number(l.split(/\s+/)[3]));
  return {
    dir,
    jobs,
    dataFiles: listed.length,
    dataBytes: sizes.reduce((a, b) => a + b, 0) || bulk.bytes,
  };
}

/** Replaces the pipeline of a (cloned) repository with `count` generated jobs and commits. */
export function replaceJobs(dir: string, count: number, seed: number): string[] {
  rmSync(join(dir, 'glue-jobs'), { recursive: true, force: true });
  const jobs = writeJobs(dir, count, seed);
  git(dir, ['add', '-A', 'glue-jobs']);
  git(dir, ['commit', '-q', '-m', `${count} jobs`]);
  return jobs;
}

/** A fresh checkout of the repository: every file written now, as on a runner. */
export function freshClone(repo: string, into = mkdtempSync(join(tmpdir(), 'bench-clone-'))): string {
  git(tmpdir(), ['clone', '-q', repo, into]);
  return into;
}
