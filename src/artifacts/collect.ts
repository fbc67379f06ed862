// The desired objects: scripts, the library zip, DDL and data files, each with its key, size,
// Content-Type and content identity. Reads only what git cannot vouch for.
import path from 'node:path';
import pLimit from 'p-limit';
import pMap from 'p-map';
import { InputError } from '../errors.js';
import { compareCodeUnits } from '../order.js';
import { contentTypeFor } from './content-type.js';
import { type GitCandidate, gitBlobIds, readGitIndex } from './git-index.js';
import { gitBlobIdOf, gitBlobIdOfFile } from './identity.js';
import { isPythonJunk, isVcsJunk } from './junk.js';
import { dataKey, ddlKey, EXTERNAL_LIBS_KEY, extraFileKey, MAX_KEY_BYTES, scriptKey } from './keys.js';
import { wheelKey } from './libs.js';
import type { LocalFile } from './types.js';
import { posixRelativeTo, statFile, type TreeFile, walkTree } from './walk.js';
import { buildZip, zipEntries } from './zip.js';

export interface CollectOptions {
  /** Repository root: relative paths below are resolved against it; no symlink may leave it. */
  root: string;
  /** One script per Glue job; `path` relative to root (or absolute). */
  scripts: { job: string; path: string }[];
  /** Folders; a missing one contributes nothing. */
  externalLibsDir?: string;
  dbDir?: string;
  dataDir?: string;
  /** Repository paths of the jobs' extra jars and files (uploaded under src_code/extra/). */
  extraFiles?: string[];
  /** Files hashed at once (the ones git cannot vouch for). Default 4. */
  hashConcurrency?: number;
}

interface DiskFile {
  key: string;
  source: string;
  file: TreeFile;
}

export async function collectFiles(opts: CollectOptions): Promise<LocalFile[]> {
  const root = path.resolve(opts.root);
  const rel = posixRelativeTo(root);
  const at = (p: string) => path.resolve(root, p);

  // git reads its index while the files are walked; its status needs the walk (to leave out the
  // large racily clean files, hashed here faster: git-index.ts).
  const disk: DiskFile[] = [];
  const walked = Promise.withResolvers<TreeFile[]>();
  walked.promise.catch(() => undefined);
  const limit = pLimit(opts.hashConcurrency ?? 4);
  // The files git leaves to us are hashed as soon as git says which they are, while it runs.
  const hashing = new Map<string, Promise<string>>();
  const hash = (f: GitCandidate) => {
    let id = hashing.get(f.abs);
    if (id === undefined) {
      id = limit(() => gitBlobIdOfFile(f.abs, f.size));
      hashing.set(f.abs, id);
    }
    return id;
  };
  const gitIndex = readGitIndex(root, {
    walked: walked.promise,
    onLeftOut: (files) => {
      for (const f of files) hash(f).catch(() => undefined); // awaited below
    },
    paths: [
      ...opts.scripts.map((s) => s.path),
      ...[opts.dbDir, opts.dataDir, opts.externalLibsDir].filter((d) => d !== undefined),
      ...(opts.extraFiles ?? []),
    ],
  });
  gitIndex.catch(() => undefined); // awaited below
  try {
    await walkAll(opts, root, disk);
    walked.resolve(disk.map((d) => d.file));
  } catch (e) {
    walked.reject(e);
    throw e;
  }
  const out: LocalFile[] = [];
  if (opts.externalLibsDir !== undefined) {
    const dir = at(opts.externalLibsDir);
    // No library folder, or nothing but junk in it: no zip.
    if ((await zipEntries(dir, { root })).length > 0) {
      const body = await buildZip(dir, { root });
      out.push({
        key: EXTERNAL_LIBS_KEY,
        source: rel(dir),
        size: body.length,
        contentType: contentTypeFor(EXTERNAL_LIBS_KEY),
        identity: gitBlobIdOf(body),
        body,
      });
    }
  }

  const ids = await gitBlobIds(
    root,
    disk.map((d) => d.file),
    gitIndex,
  );
  // Only the files git did not know are hashed, a few at a time, pulled from the list: no pending
  // promise for each of thousands of files (those git left out may already be under way).
  const missing = disk.filter((d) => !ids.has(d.file.abs)).map((d) => d.file);
  const hashed = await pMap(missing, hash, { concurrency: opts.hashConcurrency ?? 4 });
  for (const [i, f] of missing.entries()) ids.set(f.abs, hashed[i]!);
  for (const d of disk) {
    out.push({
      key: d.key,
      source: d.source,
      size: d.file.size,
      contentType: contentTypeFor(d.key),
      identity: ids.get(d.file.abs)!,
      path: d.file.abs,
    });
  }
  checkKeys(out);
  return out.sort((a, b) => compareCodeUnits(a.key, b.key));
}

/** The files on disk to upload (all but the library zip), into `disk`. */
async function walkAll(opts: CollectOptions, root: string, disk: DiskFile[]): Promise<void> {
  const rel = posixRelativeTo(root);
  const at = (p: string) => path.resolve(root, p);
  for (const s of opts.scripts) {
    const f = await statFile(at(s.path), { root });
    if (!f) {
      throw new InputError(
        `Script ${s.path} of job ${s.job} does not exist`,
        { file: s.path },
        'Add the script or fix the job name.',
      );
    }
    disk.push({ key: scriptKey(s.job), source: rel(f.abs), file: f });
  }
  if (opts.dbDir !== undefined) {
    for (const f of await walkTree(at(opts.dbDir), { root, skip: isVcsJunk })) {
      if (f.rel.toLowerCase().endsWith('.sql'))
        disk.push({ key: ddlKey(f.rel), source: rel(f.abs), file: f });
    }
  }
  if (opts.dataDir !== undefined) {
    for (const f of await walkTree(at(opts.dataDir), { root, skip: isVcsJunk })) {
      disk.push({ key: dataKey(f.rel), source: rel(f.abs), file: f });
    }
  }

  for (const p of new Set(opts.extraFiles ?? [])) {
    const f = await statFile(at(p), { root });
    if (!f)
      throw new InputError(`extra file ${p} does not exist`, { file: p }, 'Add the file or fix its path.');
    disk.push({ key: extraFileKey(rel(f.abs)), source: rel(f.abs), file: f });
  }
  if (opts.externalLibsDir !== undefined) {
    // Wheels are uploaded as they are, each under its own name, and installed by the jobs.
    for (const f of await walkTree(at(opts.externalLibsDir), { root, skip: isPythonJunk })) {
      if (f.rel.toLowerCase().endsWith('.whl')) {
        disk.push({ key: wheelKey(path.posix.basename(f.rel)), source: rel(f.abs), file: f });
      }
    }
  }
}

function checkKeys(files: LocalFile[]): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    const other = seen.get(f.key);
    if (other !== undefined) {
      throw new InputError(
        `${f.source} and ${other} would both be uploaded to ${f.key}`,
        { file: f.source },
        'Rename one of them (names that differ only in Unicode normalization count as the same).',
      );
    }
    seen.set(f.key, f.source);
    if (Buffer.byteLength(f.key) > MAX_KEY_BYTES) {
      throw new InputError(
        `${f.source} would get an S3 key longer than ${MAX_KEY_BYTES} bytes`,
        { file: f.source },
        'Shorten its path.',
      );
    }
  }
}
