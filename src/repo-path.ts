// Paths the action reads (pipeline-file, jobs-dir, external-libs-dir, data-dir, db-dir, job
// scripts) must stay inside the repository and out of its .git folder, symlinks included: a
// path or a link that leads elsewhere could upload files of the runner (credentials, other
// checkouts) to the bucket. Checked on the path as written, then on its real path.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from './errors.js';

/** Why `path` (repository-relative) is refused, or undefined when it is fine. */
export function repoPathProblem(root: string, path: string): string | undefined {
  if (isAbsolute(path)) return 'is an absolute path; paths are relative to the repository root';
  const lexical = problemOf(relative(resolve(root), resolve(root, path)));
  if (lexical) return lexical;
  // The real path of the deepest part that exists (the rest cannot hold a link yet).
  let existing = resolve(root, path);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const real = problemOf(relative(realpathSync(root), realpathSync(existing)));
  return real ? `${real} (through a symbolic link)` : undefined;
}

function problemOf(rel: string): string | undefined {
  const parts = rel.split(sep);
  if (parts[0] === '..' || isAbsolute(rel)) return 'resolves outside the repository';
  if (parts[0]?.toLowerCase() === '.git') return 'resolves into the .git folder';
  return undefined;
}

/** One error per refused path; `label` names the input or the manifest key that holds it. */
export function repoPathErrors(
  root: string,
  paths: { label: string; path: string; file?: string; line?: number }[],
): InputError[] {
  return paths.flatMap(({ label, path, file, line }) => {
    const problem = repoPathProblem(root, path);
    return problem
      ? [
          new InputError(
            `${label} "${path}" ${problem}`,
            { file, line },
            'use a path inside the repository, outside .git, that is not reached through a link out of it',
          ),
        ]
      : [];
  });
}
