// Content identities from git, without reading any file: `git ls-files -s` gives the blob id of
// every tracked file, `git status` says which of them differ from it. About 10 ms for a repository,
// against seconds of hashing. Anything git cannot vouch for is left to the caller to hash.
import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_BUFFER = 256 * 1024 * 1024;

export interface GitCandidate {
  /** Absolute path as walked (a path through a symlinked folder is not a tracked path). */
  abs: string;
  /** Size from stat. */
  size: number;
}

/** What git says about the work tree: its top folder and each clean tracked file's blob id. */
export interface GitIndex {
  top: string;
  /** Top-relative POSIX path → blob id, for tracked regular files `git status` finds unmodified. */
  clean: Map<string, string>;
}

/**
 * Reads the index and the status of the work tree holding `root` (undefined when it is not in a git
 * work tree or git is missing). Needs no file list, so it can run while the files are walked: on a
 * fresh checkout `git status` re-hashes the files written in the checkout's last second (git's
 * "racily clean" entries), which can take seconds for large files.
 */
export async function readGitIndex(root: string): Promise<GitIndex | undefined> {
  let top: string;
  try {
    top = await realpath((await git(root, ['rev-parse', '--show-toplevel'])).trim());
  } catch {
    return undefined;
  }
  const [lsFiles, status] = await Promise.all([
    // -v tags skip-worktree entries `S` and assume-unchanged ones in lowercase: git status does not
    // look at those files, so their index blob id says nothing about the bytes on disk.
    git(top, ['ls-files', '-s', '-v', '-z', '--full-name']),
    git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=no', '--ignore-submodules=all']),
  ]);
  const clean = parseLsFiles(lsFiles);
  for (const p of parseStatusPaths(status)) clean.delete(p);
  return { top, clean };
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
  const realRoot = await realpath(root);
  const wanted = new Map<string, { abs: string; size: number; id: string }>();
  for (const c of candidates) {
    const rel = path.relative(top, path.join(realRoot, path.relative(path.resolve(root), c.abs)));
    const id = clean.get(rel.split(path.sep).join('/'));
    if (id !== undefined) wanted.set(c.abs, { ...c, id });
  }
  if (wanted.size === 0) return out;
  const sizes = await blobSizes(
    top,
    [...wanted.values()].map((w) => w.id),
  );
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
    const { stdout } = await run('git', ['-C', cwd, ...args], { maxBuffer: MAX_BUFFER, encoding: 'utf8' });
    return stdout;
  }
  return await new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-C', cwd, ...args],
      { maxBuffer: MAX_BUFFER, encoding: 'utf8' },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
    child.stdin?.end(`${input}\n`);
  });
}
