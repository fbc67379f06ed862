// The shared-libraries rule, one place for the zip, the deploy and the local runner
// (local/run_jobs.py applies the same rule to a folder):
// - a libs folder with `__init__.py` is one package: `import external_libs.x`;
// - without it, it is a source root: its sub-folders and modules are imported by their own names
//   (`import holdlib` for external_libs/holdlib/), as a PYTHONPATH entry would be;
// - `*.whl` files are not zipped: each is uploaded to src_code/wheels/<file> and installed through
//   --additional-python-modules; so are the pinned lines of a top-level requirements.txt.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, InputErrors } from '../errors.js';
import { SRC_CODE } from './keys.js';

export const WHEELS_FOLDER = `${SRC_CODE}/wheels`;
export const REQUIREMENTS_FILE = 'requirements.txt';

export const wheelKey = (fileName: string) => `${WHEELS_FOLDER}/${fileName}`;

/** `package` when the folder holds `__init__.py` at its top, else `source-root`. */
export function libsLayout(relPaths: readonly string[]): 'package' | 'source-root' {
  return relPaths.includes('__init__.py') ? 'package' : 'source-root';
}

/** Files of the libs folder that are installed rather than zipped. */
export function isInstalledNotZipped(rel: string): boolean {
  return rel.toLowerCase().endsWith('.whl') || rel === REQUIREMENTS_FILE;
}

/**
 * The requirement lines of `<dir>/requirements.txt` (none without the file). Each must be pinned
 * (`name==version`, optionally with extras or markers), so that every deploy installs the same thing.
 */
export function readRequirements(dir: string, repoRelDir = dir): string[] {
  const file = join(dir, REQUIREMENTS_FILE);
  if (!existsSync(file)) return [];
  const out: string[] = [];
  const errors: InputError[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (line === '') return;
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*==\s*[^\s,;]+(\s*;.*)?$/.test(line)) {
        errors.push(
          new InputError(
            `${REQUIREMENTS_FILE}: "${line}" is not a pinned requirement`,
            { file: `${repoRelDir}/${REQUIREMENTS_FILE}`, line: i + 1 },
            'write it as name==version (Glue installs these lines with --additional-python-modules)',
          ),
        );
        return;
      }
      out.push(line.replace(/\s+/g, ''));
    });
  if (errors.length > 0) throw new InputErrors(errors);
  return out;
}
