// Deterministic zip of a folder: same tree, same bytes, on any machine, in any time zone, whatever
// the files' mtimes and modes. That is what lets the S3 sync skip an unchanged library zip.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ZipArchive } from 'archiver';
import { compareCodeUnits } from '../order.js';
import { isPythonJunk } from './junk.js';
import { isInstalledNotZipped, libsLayout } from './libs.js';
import { walkTree } from './walk.js';

/** Every entry gets this date (DOS time starts in 1980; archiver writes it in UTC). */
export const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;

export interface BuildZipOptions {
  /** Repository root: symlinks resolving outside it are an InputError (see walkTree). */
  root?: string;
  /** Leave out files/folders by base name; default: VCS files, Python caches, *.pyc, OS litter. */
  skip?: (name: string, isDir: boolean) => boolean;
}

/** Entry names of the zip of `dir`, in archive order (folders end in `/`). */
export async function zipEntries(dir: string, opts: BuildZipOptions = {}): Promise<string[]> {
  return (await plannedEntries(dir, opts)).map((e) => e.name);
}

/**
 * Zips `dir` by the libs rule (libs.ts): a folder with `__init__.py` is one package, zipped under its
 * own name (`external_libs/__init__.py`); without it the folder is a source root, zipped by its
 * contents (`holdlib/__init__.py`), as a PYTHONPATH entry would see it. Wheels and a top-level
 * requirements.txt are not zipped (they are installed instead). Entries sorted, fixed date and modes,
 * junk left out. Folder entries are written only for folders that
 * hold a file, so an empty folder (which git would not check out anyway) changes nothing.
 */
export async function buildZip(dir: string, opts: BuildZipOptions = {}): Promise<Buffer> {
  const entries = await plannedEntries(dir, opts);
  const archive = new ZipArchive({ zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  archive.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', () => resolve());
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  for (const e of entries) {
    if (e.abs === undefined) {
      archive.append(Buffer.alloc(0), { name: e.name, type: 'directory', date: ZIP_EPOCH, mode: DIR_MODE });
    } else {
      // A Buffer (not a stream) gives sizes up front: no data descriptors, plain local headers.
      archive.append(await readFile(e.abs), { name: e.name, date: ZIP_EPOCH, mode: FILE_MODE });
    }
  }
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

interface PlannedEntry {
  name: string;
  abs?: string;
}

async function plannedEntries(dir: string, opts: BuildZipOptions): Promise<PlannedEntry[]> {
  const all = await walkTree(dir, { root: opts.root, skip: opts.skip ?? isPythonJunk });
  const files = all.filter((f) => !isInstalledNotZipped(f.rel));
  const top =
    libsLayout(all.map((f) => f.rel)) === 'package'
      ? [path.basename(path.resolve(dir)).normalize('NFC')]
      : [];
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.rel.split('/');
    for (let i = top.length === 0 ? 1 : 0; i < parts.length; i++)
      dirs.add(`${[...top, ...parts.slice(0, i)].join('/')}/`);
  }
  const entries: PlannedEntry[] = [
    ...[...dirs].map((name) => ({ name })),
    ...files.map((f) => ({ name: [...top, f.rel].join('/'), abs: f.abs })),
  ];
  return entries.sort((a, b) => compareCodeUnits(a.name, b.name));
}
