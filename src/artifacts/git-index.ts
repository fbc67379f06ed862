// Content identities from git, without reading any file: `git ls-files -s` gives the blob id of
// every tracked file, `git status` says which of them differ from it. About 10 ms for a repository,
// against seconds of hashing. Anything git cannot vouch for is left to the caller to hash.
//
// One exception, measured on a fresh checkout (bench item 1): git re-hashes every "racily clean"
// file, one whose mtime is not older than the index (a checkout writes the index right after the
// files, so the files of its last second are). Git hashes with its collision-detecting SHA-1, one
// file after another: 1.2-1.8 s for ten 64 MiB files, the whole plan's critical path. Large racy
// files are therefore left out of `git status` and hashed by the caller (OpenSSL's SHA-1, 3x
// faster here, concurrently with git). Getting this wrong only moves work: a file hashed here is
// never taken from the index.
import { execFile } from 'node:child_process';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { posixRelativeTo } from './walk.js';

const run = promisify(execFile);
const MAX_BUFFER = 256 * 1024 * 1024;
/** Racily clean files from this size on are hashed by the caller rather than by git status. */
export const RACY_HASH_MIN_BYTES = 1024 * 1024;
/** At most this many (the largest): each is a pathspec that git matches against every entry. */
const RACY_MAX_EXCLUDED = 256;

export interface GitCandidate {
  /** Absolute path as walked (a path through a symlinked folder is not a tracked path). */
  abs: string;
  /** Size from stat. */
  size: number;
  /** Modification time from stat; without it a file is never taken for racily clean. */
  mtimeMs?: number;
}

/** What git says about the work tree: its top folder and each clean tracked file's blob id. */
export interface GitIndex {
  top: string;
  /** Top-relative POSIX path → blob id, for tracked regular files `git status` finds unmodified. */
  clean: Map<string, string>;
  /** Blob id → size, for the tracked files under `GitIndexOptions.paths` (read during the walk). */
  sizes: Map<string, number>;
}

export interface GitIndexOptions {
  /** The walk's files: the large racily clean ones are left out of `git status` (see above). */
  walked?: Promise<GitCandidate[]>;
  /** Root-relative folders and files the candidates come from: their blob sizes are read at once. */
  paths?: string[];
  /** Told, before `git status` starts, which walked files are left to the caller. */
  onLeftOut?: (files: GitCandidate[]) => void;
}

/**
 * Reads the index and the status of the work tree holding `root` (undefined when it is not in a git
 * work tree or git is missing). The index is read while the files are walked; `walked` (the walk's
 * files) tells which large files are racily clean, to leave them out of `git status` (see above).
 * Git runs without optional locks: a read-only caller must not rewrite the user's index (and that
 * rewrite would hash every racy file again to decide what to record).
 */
export async function readGitIndex(root: string, opts: GitIndexOptions = {}): Promise<GitIndex | undefined> {
  let top: string;
  let indexFile: string;
  try {
    const [topLine, indexLine] = (
      await git(root, ['rev-parse', '--show-toplevel', '--git-path', 'index'])
    ).split('\n');
    top = await realpath(topLine!.trim());
    indexFile = path.resolve(root, indexLine!.trim());
  } catch {
    return undefined;
  }
  // -v tags skip-worktree entries `S` and assume-unchanged ones in lowercase: git status does not
  // look at those files, so their index blob id says nothing about the bytes on disk.
  const index = git(top, ['ls-files', '-s', '-v', '-z', '--full-name']).then(parseLsFiles);
  index.catch(() => undefined); // awaited below
  const sizes = index.then(async (entries) => {
    const paths = (opts.paths ?? []).map((p) => ({ abs: path.resolve(root, p), size: 0 }));
    const wanted = new Set((await topRelative(root, top, paths)).map((p) => p.rel));
    // A tracked file is wanted when it or one of its folders is.
    const isWanted = (rel: string) => {
      for (let p = rel; ; p = p.slice(0, p.lastIndexOf('/'))) {
        if (wanted.has(p)) return true;
        if (!p.includes('/')) return wanted.has('');
      }
    };
    return blobSizes(
      top,
      [...entries].filter(([rel]) => isWanted(rel)).map(([, id]) => id),
    );
  });
  sizes.catch(() => undefined); // awaited below
  const indexTime = stat(indexFile).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  const [clean, candidates, indexMtimeMs] = await Promise.all([index, opts.walked ?? [], indexTime]);
  const mapped = indexMtimeMs === undefined ? [] : await topRelative(root, top, candidates);
  const hashedHere = racyLargeFiles(
    mapped.filter((c) => clean.has(c.rel)),
    indexMtimeMs ?? Number.POSITIVE_INFINITY,
  );
  if (hashedHere.length > 0 && opts.onLeftOut) {
    const left = new Set(hashedHere);
    opts.onLeftOut(mapped.filter((c) => left.has(c.rel)));
  }
  const status = await git(top, [
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=no',
    '--ignore-submodules=all',
    '--',
    // Only exclusions: git then looks at everything else.
    ...hashedHere.map((p) => `:(exclude,literal)${p}`),
  ]);
  for (const p of parseStatusPaths(status)) clean.delete(p);
  for (const p of hashedHere) clean.delete(p);
  return { top, clean, sizes: await sizes };
}

/**
 * The top-relative paths of the files git would re-hash as racily clean (modified no earlier than
 * the second the index was written: git's test without nanosecond timestamps, which also covers
 * the one with them), from `minBytes` on, largest first, at most `max`.
 */
export function racyLargeFiles(
  files: { rel: string; size: number; mtimeMs?: number }[],
  indexMtimeMs: number,
  minBytes = RACY_HASH_MIN_BYTES,
  max = RACY_MAX_EXCLUDED,
): string[] {
  const indexSecond = Math.floor(indexMtimeMs / 1000);
  return files
    .filter(
      (f) => f.size >= minBytes && f.mtimeMs !== undefined && Math.floor(f.mtimeMs / 1000) >= indexSecond,
    )
    .sort((a, b) => b.size - a.size || (a.rel < b.rel ? -1 : 1))
    .slice(0, max)
    .map((f) => f.rel);
}

/** The candidates with their paths relative to the work tree's top, as git names them. */
async function topRelative<T extends GitCandidate>(
  root: string,
  top: string,
  candidates: T[],
): Promise<(T & { rel: string })[]> {
  if (candidates.length === 0) return [];
  const realRoot = await realpath(root);
  const resolvedRoot = path.resolve(root);
  // The walked path through the root's real location (the same path unless the root is a symlink).
  const real = (abs: string) =>
    realRoot === resolvedRoot ? abs : path.join(realRoot, path.relative(resolvedRoot, abs));
  const fromTop = posixRelativeTo(top);
  return candidates.map((c) => {
    const rel = fromTop(real(c.abs));
    return { ...c, rel };
  });
}

/**
 * Blob ids for the candidates git can vouch for: tracked as a regular file at that exact path,
 * unmodified per `git status`, and with a blob size equal to the file's size (a clean/smudge
 * filter such as Git LFS or CRLF conversion makes the checked-out bytes differ from the blob).
 * Returns an empty map when `root` is not in a git work tree or git is missing. `index`: the
 * result of `readGitIndex(root)` when it was started earlier.
 */
export async function gitBlobIds(
  root: string,
  candidates: GitCandidate[],
  index?: Promise<GitIndex | undefined>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const git = await (index ?? readGitIndex(root));
  if (candidates.length === 0 || git === undefined) return out;
  const { top, clean } = git;
  const wanted = new Map<string, { abs: string; size: number; id: string }>();
  for (const c of await topRelative(root, top, candidates)) {
    const id = clean.get(c.rel);
    if (id !== undefined) wanted.set(c.abs, { abs: c.abs, size: c.size, id });
  }
  if (wanted.size === 0) return out;
  const sizes = new Map(git.sizes);
  const unread = [...wanted.values()].map((w) => w.id).filter((id) => !sizes.has(id));
  if (unread.length > 0) for (const [id, n] of await blobSizes(top, unread)) sizes.set(id, n);
  for (const [abs, w] of wanted) if (sizes.get(w.id) === w.size) out.set(abs, w.id);
  return out;
}

/** `ls-files -s -v -z` → path → blob id, regular files with the plain `H` tag only. */
export function parseLsFiles(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rec of text.split('\0')) {
    // "<tag> <mode> <object> <stage>\t<path>"
    const m = /^(\S) (\d{6}) ([0-9a-f]{40,64}) (\d)\t(.*)$/s.exec(rec);
    if (!m) continue;
    const [, tag, mode, id, stage, p] = m as unknown as [string, string, string, string, string, string];
    if (tag !== 'H' || stage !== '0' || (mode !== '100644' && mode !== '100755')) continue;
    out.set(p, id);
  }
  return out;
}

/** Every path `status --porcelain=v1 -z` mentions (both sides of a rename). */
export function parseStatusPaths(text: string): string[] {
  const out: string[] = [];
  const recs = text.split('\0');
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    if (rec.length < 4) continue;
    out.push(rec.slice(3));
    // Renames and copies are followed by the original path as its own record.
    if (rec[0] === 'R' || rec[0] === 'C' || rec[1] === 'R' || rec[1] === 'C') {
      const from = recs[++i];
      if (from) out.push(from);
    }
  }
  return out;
}

async function blobSizes(top: string, ids: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const text = await git(
    top,
    ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'],
    unique.join('\n'),
  );
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [id, type, size] = line.split(' ');
    if (id && type === 'blob' && size) out.set(id, Number(size));
  }
  return out;
}

async function git(cwd: string, args: string[], input?: string): Promise<string> {
  if (input === undefined) {
    const { stdout } = await run('git', ['--no-optional-locks', '-C', cwd, ...args], {
      maxBuffer: MAX_BUFFER,
      encoding: 'utf8',
    });
    return stdout;
  }
  return await new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['--no-optional-locks', '-C', cwd, ...args],
      { maxBuffer: MAX_BUFFER, encoding: 'utf8' },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
    child.stdin?.end(`${input}\n`);
  });
}
