import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildZip, zipEntries } from '../../src/artifacts/index.js';
import { InputError } from '../../src/errors.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let tmp: string;
let lib: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'zip-test-'));
  lib = path.join(tmp, 'external_libs');
  await mkdir(path.join(lib, 'utils', '__pycache__'), { recursive: true });
  await mkdir(path.join(lib, 'empty'), { recursive: true });
  await writeFile(path.join(lib, '__init__.py'), '');
  await writeFile(path.join(lib, 'utils', '__init__.py'), 'from .cpf import valid\n');
  await writeFile(path.join(lib, 'utils', 'cpf.py'), 'def valid(x):\n    return len(x) == 11\n');
  await writeFile(path.join(lib, 'utils', 'ação.py'), 'X = 1\n');
  await writeFile(path.join(lib, 'utils', '__pycache__', 'cpf.cpython-311.pyc'), 'bytecode');
  await writeFile(path.join(lib, 'utils', 'old.pyc'), 'bytecode');
  await writeFile(path.join(lib, '.DS_Store'), 'finder');
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('buildZip', () => {
  it('lists the folder as the top-level entry, sorted, without caches, bytecode or OS litter', async () => {
    expect(await zipEntries(lib)).toEqual([
      'external_libs/',
      'external_libs/__init__.py',
      'external_libs/utils/',
      'external_libs/utils/__init__.py',
      'external_libs/utils/ação.py',
      'external_libs/utils/cpf.py',
    ]);
  });

  it('writes a zip that unzip reads back with the same names and contents', async () => {
    const zip = await buildZip(lib);
    const out = path.join(tmp, 'x.zip');
    await writeFile(out, zip);
    const py = `import zipfile,sys,json
z=zipfile.ZipFile(sys.argv[1])
print(json.dumps({i.filename:[z.read(i).decode(), i.date_time, i.external_attr>>16] for i in z.infolist()}))`;
    const listed = JSON.parse(execFileSync('python3', ['-c', py, out], { encoding: 'utf8' }));
    expect(Object.keys(listed)).toEqual(await zipEntries(lib));
    expect(listed['external_libs/utils/cpf.py'][0]).toBe('def valid(x):\n    return len(x) == 11\n');
    expect(listed['external_libs/utils/cpf.py'][1]).toEqual([1980, 1, 1, 0, 0, 0]);
    expect(listed['external_libs/utils/cpf.py'][2] & 0o777).toBe(0o644);
    expect(listed['external_libs/utils/'][2] & 0o777).toBe(0o755);
  });

  it('gives the same bytes twice, after touching mtimes and modes, and for a copy elsewhere', async () => {
    const first = await buildZip(lib);
    expect(sha(await buildZip(lib))).toBe(sha(first));
    const later = new Date('2031-07-04T12:34:56Z');
    await utimes(path.join(lib, 'utils', 'cpf.py'), later, later);
    await chmod(path.join(lib, 'utils', 'cpf.py'), 0o755);
    await chmod(path.join(lib, 'utils'), 0o700);
    expect(sha(await buildZip(lib))).toBe(sha(first));
    const copy = path.join(tmp, 'elsewhere', 'external_libs');
    await cp(lib, copy, { recursive: true });
    expect(sha(await buildZip(copy))).toBe(sha(first));
  });

  it('gives the same bytes in another time zone (separate process with TZ set)', async () => {
    const here = sha(await buildZip(lib));
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const script = `import { buildZip } from ${JSON.stringify(path.join(root, 'src/artifacts/zip.ts'))};
import { createHash } from 'node:crypto';
process.stdout.write(createHash('sha256').update(await buildZip(${JSON.stringify(lib)})).digest('hex'));`;
    for (const tz of ['Asia/Tokyo', 'America/Sao_Paulo']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      expect(out).toBe(here);
    }
  });

  it('gives different bytes after a content change that keeps the size', async () => {
    const before = sha(await buildZip(lib));
    await writeFile(path.join(lib, 'utils', 'cpf.py'), 'def valid(x):\n    return len(x) == 12\n');
    expect(sha(await buildZip(lib))).not.toBe(before);
  });

  it('follows symlinks inside the repository and rejects one that leaves it', async () => {
    await writeFile(path.join(tmp, 'shared.py'), 'S = 2\n');
    await symlink(path.join(tmp, 'shared.py'), path.join(lib, 'shared.py'));
    expect(await zipEntries(lib, { root: tmp })).toContain('external_libs/shared.py');
    const outside = await mkdtemp(path.join(tmpdir(), 'zip-outside-'));
    try {
      await writeFile(path.join(outside, 'secret.py'), 'K = 3\n');
      await symlink(path.join(outside, 'secret.py'), path.join(lib, 'utils', 'secret.py'));
      const err = await zipEntries(lib, { root: tmp }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).location.file).toBe('external_libs/utils/secret.py');
      expect((err as InputError).fix).toMatch(/inside/);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('the libs rule', () => {
  it('zips a folder without __init__.py as a source root, leaving wheels and requirements.txt out', async () => {
    const root = path.join(tmp, 'srcroot');
    await mkdir(path.join(root, 'holdlib'), { recursive: true });
    await writeFile(path.join(root, 'holdlib', '__init__.py'), '');
    await writeFile(path.join(root, 'tool.py'), 'X = 1\n');
    await writeFile(path.join(root, 'x-1.0-py3-none-any.whl'), 'wheel');
    await writeFile(path.join(root, 'requirements.txt'), 'a==1\n');
    expect(await zipEntries(root)).toEqual(['holdlib/', 'holdlib/__init__.py', 'tool.py']);
  });

  it('reads pinned requirements and refuses an unpinned one at its line', async () => {
    const { readRequirements } = await import('../../src/artifacts/index.js');
    const dir = path.join(tmp, 'req');
    await mkdir(dir);
    await writeFile(path.join(dir, 'requirements.txt'), '# c\nrequests == 2.32.3  # why\n\nx[extra]==1.0\n');
    expect(readRequirements(dir, 'libs')).toEqual(['requests==2.32.3', 'x[extra]==1.0']);
    await writeFile(path.join(dir, 'requirements.txt'), 'a==1\nboto3>=1\n');
    expect(() => readRequirements(dir, 'libs')).toThrow(/not a pinned requirement/);
  });
});
