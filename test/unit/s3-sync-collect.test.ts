// collectFiles on a temp repository: key mapping, names, junk, symlinks, identities from git.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  gitBlobIds,
  RACY_HASH_MIN_BYTES,
  racyLargeFiles,
  readGitIndex,
} from '../../src/artifacts/git-index.js';
import { gitBlobIdOf } from '../../src/artifacts/identity.js';
import { collectFiles } from '../../src/artifacts/index.js';
import { InputError } from '../../src/errors.js';

let root: string;
const write = async (rel: string, content: string) => {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), content);
};
const git = (...args: string[]) =>
  execFileSync('git', ['-C', root, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
    encoding: 'utf8',
  });
const opts = () => ({
  root,
  scripts: [
    { job: 'create_tables', path: 'glue-jobs/create_tables.py' },
    { job: 'stg', path: 'glue-jobs/stg.py' },
  ],
  externalLibsDir: 'external_libs',
  dbDir: 'db',
  dataDir: 'data',
});

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'collect-'));
  await write('glue-jobs/create_tables.py', 'print("ddl")\n');
  await write('glue-jobs/stg.py', 'print("stg")\n');
  await write('external_libs/__init__.py', '');
  await write('external_libs/__pycache__/x.cpython-311.pyc', 'junk');
  await write('db/compras.sql', 'CREATE TABLE x (id int);\n');
  await write('db/README.md', 'not DDL\n');
  await write('data/compras/2024 jan/notas fiscais ação.csv', 'id;valor\n1;2\n');
  await write('data/fornecedores.csv', 'cnpj\n');
  await write('data/.gitkeep', '');
  await write('data/.DS_Store', 'kept: only VCS files are skipped from data');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('collectFiles', () => {
  it('maps every source to its key under the seed layout, with Content-Types', async () => {
    const files = await collectFiles(opts());
    expect(files.map((f) => [f.key, f.contentType])).toEqual([
      ['input_files/.DS_Store', 'application/octet-stream'],
      ['input_files/compras/2024 jan/notas fiscais ação.csv', 'text/csv'],
      ['input_files/fornecedores.csv', 'text/csv'],
      ['src_code/create_tables.py', 'text/x-python'],
      ['src_code/db/compras.sql', 'application/sql'],
      ['src_code/external_libs.zip', 'application/zip'],
      ['src_code/stg.py', 'text/x-python'],
    ]);
    const csv = files.find((f) => f.key.endsWith('ação.csv'))!;
    expect(csv.source).toBe('data/compras/2024 jan/notas fiscais ação.csv');
    expect(csv.size).toBe(13);
    expect(csv.identity).toBe(
      execFileSync('git', ['hash-object', path.join(root, csv.source)], { encoding: 'utf8' }).trim(),
    );
    const zip = files.find((f) => f.key === 'src_code/external_libs.zip')!;
    expect(zip.body?.length).toBe(zip.size);
    expect(zip.path).toBeUndefined();
  });

  it('is fine without the optional folders, and names a missing script', async () => {
    await rm(path.join(root, 'data'), { recursive: true });
    await rm(path.join(root, 'external_libs'), { recursive: true });
    const files = await collectFiles({ ...opts(), dbDir: 'nowhere' });
    expect(files.map((f) => f.key)).toEqual(['src_code/create_tables.py', 'src_code/stg.py']);
    const err = await collectFiles({ ...opts(), scripts: [{ job: 'x', path: 'glue-jobs/x.py' }] }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect(err.location.file).toBe('glue-jobs/x.py');
  });

  it('follows symlinks inside the repository (file and folder)', async () => {
    await write('shared/lookup.csv', 'a\n');
    await symlink(path.join(root, 'shared'), path.join(root, 'data', 'linked'));
    await symlink(path.join(root, 'shared', 'lookup.csv'), path.join(root, 'data', 'lookup.csv'));
    const keys = (await collectFiles(opts())).map((f) => f.key);
    expect(keys).toContain('input_files/linked/lookup.csv');
    expect(keys).toContain('input_files/lookup.csv');
  });

  it('rejects a file or folder symlink that resolves outside the repository, naming it and the fix', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'outside-'));
    try {
      await writeFile(path.join(outside, 'secret.csv'), 'x\n');
      await symlink(path.join(outside, 'secret.csv'), path.join(root, 'data', 'secret.csv'));
      let err = await collectFiles(opts()).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err.location.file).toBe('data/secret.csv');
      expect(err.message).toMatch(/outside the repository/);
      expect(err.fix).toMatch(/inside/);
      await rm(path.join(root, 'data', 'secret.csv'));
      await symlink(outside, path.join(root, 'db', 'more'));
      err = await collectFiles(opts()).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err.location.file).toBe('db/more');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('rejects a file or folder symlink into .git (it could ship the checkout config)', async () => {
    await write('.git/config', '[http] extraheader = AUTHORIZATION: basic x\n');
    await symlink(path.join(root, '.git', 'config'), path.join(root, 'data', 'config.txt'));
    let err = await collectFiles(opts()).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.location.file).toBe('data/config.txt');
    expect(err.message).toMatch(/into the repository's \.git folder/);
    await rm(path.join(root, 'data', 'config.txt'));
    await symlink(path.join(root, '.git'), path.join(root, 'db', 'git'));
    err = await collectFiles(opts()).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.location.file).toBe('db/git');
  });

  it('rejects a symlink loop instead of walking forever', async () => {
    await symlink(path.join(root, 'data'), path.join(root, 'data', 'compras', 'loop'));
    const err = await collectFiles(opts()).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.location.file).toBe('data/compras/loop');
  });
});

describe('identities from git', () => {
  it('takes clean tracked files from the index and agrees with hashing; modified ones are hashed', async () => {
    const hashed = await collectFiles(opts());
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'init');
    const csv = path.join(root, 'data', 'fornecedores.csv');
    const stg = path.join(root, 'glue-jobs', 'stg.py');
    await writeFile(stg, 'print("STG")\n'); // same size, different bytes: git status says modified
    const ids = await gitBlobIds(root, [
      { abs: csv, size: 5 },
      { abs: stg, size: 13 },
    ]);
    expect([...ids.keys()]).toEqual([csv]);
    const fromGit = await collectFiles(opts());
    const byKey = new Map(hashed.map((f) => [f.key, f.identity]));
    for (const f of fromGit) {
      if (f.key === 'src_code/stg.py') expect(f.identity).not.toBe(byKey.get(f.key));
      else expect(f.identity).toBe(byKey.get(f.key));
    }
  });

  it('does not trust the index where a filter makes the checkout differ from the blob', async () => {
    git('init', '-q');
    await writeFile(path.join(root, '.gitattributes'), '*.csv text eol=crlf\n');
    git('add', '.');
    git('commit', '-qm', 'init');
    await rm(path.join(root, 'data'), { recursive: true });
    git('checkout', '--', 'data');
    const csv = path.join(root, 'data', 'fornecedores.csv');
    expect(await gitBlobIds(root, [{ abs: csv, size: 6 }])).toEqual(new Map());
  });

  it('hashes a large racily clean file itself, and sees it changed within the second of the index', async () => {
    // A file written in the same second as the index: git cannot trust its stat data. Such a large
    // file is left out of git status and hashed here; a same-size change must still be seen.
    const big = path.join(root, 'data', 'big.bin');
    await writeFile(big, Buffer.alloc(RACY_HASH_MIN_BYTES, 'a'));
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'init');
    const indexTime = statSync(path.join(root, '.git', 'index')).mtime;
    const committedId = gitBlobIdOf(Buffer.alloc(RACY_HASH_MIN_BYTES, 'a'));
    await utimes(big, indexTime, indexTime);
    const walked = Promise.resolve([{ abs: big, size: RACY_HASH_MIN_BYTES, mtimeMs: indexTime.getTime() }]);
    const index = await readGitIndex(root, { walked, paths: ['data'] });
    expect(index?.clean.has('data/big.bin')).toBe(false); // left to the caller
    expect(index?.clean.has('data/fornecedores.csv')).toBe(true);
    // Blob sizes read for the tracked files under the given folders only.
    expect(index?.sizes.get(index.clean.get('data/fornecedores.csv')!)).toBe(5);
    expect(index?.sizes.has(index.clean.get('glue-jobs/stg.py')!)).toBe(false);
    const key = 'input_files/big.bin';
    expect((await collectFiles(opts())).find((f) => f.key === key)?.identity).toBe(committedId);

    const changed = Buffer.alloc(RACY_HASH_MIN_BYTES, 'b');
    await writeFile(big, changed);
    await utimes(big, indexTime, indexTime);
    expect((await collectFiles(opts())).find((f) => f.key === key)?.identity).toBe(gitBlobIdOf(changed));
  });

  it('picks the racily clean files from their size and the second of the index write', () => {
    const t = 1_700_000_000_500; // the index was written half-way through a second
    const files = [
      { rel: 'old', size: 5 << 20, mtimeMs: t - 1000 },
      { rel: 'same-second', size: 5 << 20, mtimeMs: t - 400 },
      { rel: 'later', size: 2 << 20, mtimeMs: t + 3000 },
      { rel: 'small', size: 1000, mtimeMs: t },
      { rel: 'no-time', size: 9 << 20 },
    ];
    expect(racyLargeFiles(files, t)).toEqual(['same-second', 'later']);
    expect(racyLargeFiles(files, t, 1 << 20, 1)).toEqual(['same-second']);
  });

  it('gives nothing outside a git work tree', async () => {
    expect(await gitBlobIds(root, [{ abs: path.join(root, 'glue-jobs', 'stg.py'), size: 13 }])).toEqual(
      new Map(),
    );
  });
});
