// Pure parts of the S3 sync: decisions, orphans, state, ETags, keys, content types, ETag checks, byte budget.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLsFiles, parseStatusPaths } from '../../src/artifacts/git-index.js';
import { gitBlobIdOf, gitBlobIdOfFile } from '../../src/artifacts/identity.js';
import { contentTypeFor, type LocalFile } from '../../src/artifacts/index.js';
import { normalizePrefix } from '../../src/location.js';
import { slabSize } from '../../src/s3-sync/apply.js';
import { decideByEtag, decideFile, etagPartSizes, findOrphans } from '../../src/s3-sync/decide.js';
import { etagIsMd5, localEtags, multipartEtag, partCount } from '../../src/s3-sync/etag.js';
import { stateKey } from '../../src/s3-sync/index.js';
import { ByteBudget, gcOnGrowth } from '../../src/s3-sync/memory.js';
import { topFolders } from '../../src/s3-sync/plan.js';
import { emptyState, nextState, parseState, sameState, serializeState } from '../../src/s3-sync/state.js';
import type { PlannedFile, SyncState } from '../../src/s3-sync/types.js';

const MiB = 1024 * 1024;
const md5 = (b: Buffer) => createHash('md5').update(b).digest();

function local(key: string, content: string): LocalFile {
  const body = Buffer.from(content);
  return {
    key,
    source: key,
    size: body.length,
    contentType: 'text/plain',
    identity: gitBlobIdOf(body),
    body,
  };
}

describe('decideFile', () => {
  const f = local('src_code/a.py', 'print(1)\n');
  const entry = { identity: f.identity, etag: 'e1', size: f.size, owned: true };

  it('creates what the bucket lacks', () => {
    expect(decideFile(f, undefined, entry, 8 * MiB)).toEqual({
      action: 'create',
      reason: 'not in the bucket',
    });
  });

  it('leaves a file whose recorded upload is still there and whose identity is the same', () => {
    expect(decideFile(f, { etag: 'e1', size: f.size }, entry, 8 * MiB).action).toBe('unchanged');
  });

  it('updates a same-size edit (identity differs) without reading anything', () => {
    const edited = local('src_code/a.py', 'print(2)\n');
    expect(edited.size).toBe(f.size);
    expect(decideFile(edited, { etag: 'e1', size: f.size }, entry, 8 * MiB)).toEqual({
      action: 'update',
      reason: 'content changed',
    });
  });

  it('distrusts the record when the object was overwritten since (ETag differs)', () => {
    const d = decideFile(f, { etag: 'other', size: f.size }, entry, 8 * MiB);
    expect(d).toEqual({ action: 'check-etag', partSizes: [Number.MAX_SAFE_INTEGER] });
    expect(decideFile(f, { etag: 'other', size: 3 }, entry, 8 * MiB).action).toBe('update');
  });

  it('falls back to ETags without a record, and updates on a size difference without reading', () => {
    expect(decideFile(f, { etag: 'x', size: f.size }, undefined, 8 * MiB).action).toBe('check-etag');
    const d = decideFile(f, { etag: 'x', size: f.size + 1 }, undefined, 8 * MiB);
    expect(d.action).toBe('update');
    expect((d as { reason: string }).reason).toMatch(/size differs/);
  });
});

describe('ETags', () => {
  it('multipart part sizes are the ones that give the listed part count', () => {
    expect(etagPartSizes('abc-3', 12 * MiB, 5 * MiB)).toEqual([5 * MiB]);
    expect(etagPartSizes('abc-2', 12 * MiB, 5 * MiB)).toEqual([8 * MiB]);
    expect(etagPartSizes('abc-9', 12 * MiB, 5 * MiB)).toEqual([]);
    expect(partCount(10 * MiB, 5 * MiB)).toBe(2);
    expect(partCount(5 * MiB, 5 * MiB)).toBe(1);
  });

  it('streams a file across part boundaries to the same ETags as hashing the slices directly', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'etag-'));
    try {
      const size = 12 * MiB + 7;
      const body = Buffer.alloc(size);
      for (let i = 0; i < size; i++) body[i] = (i * 31 + (i >> 13)) & 0xff;
      const file = path.join(dir, 'big.bin');
      await writeFile(file, body);
      const odd = 5 * MiB + 3; // not a multiple of the 1 MiB read chunks
      const parts = [0, 1, 2].map((i) => md5(body.subarray(i * odd, Math.min(size, (i + 1) * odd))));
      const expected = `${createHash('md5').update(Buffer.concat(parts)).digest('hex')}-3`;
      const got = await localEtags({ path: file }, [odd, 16 * MiB, Number.MAX_SAFE_INTEGER]);
      expect(got.get(odd)).toBe(expected);
      expect(multipartEtag(parts)).toBe(expected);
      // One part (file not larger than the part size) is a plain PUT: the ETag is the MD5.
      expect(got.get(16 * MiB)).toBe(md5(body).toString('hex'));
      expect(got.get(Number.MAX_SAFE_INTEGER)).toBe(md5(body).toString('hex'));
      expect((await localEtags({ body }, [odd])).get(odd)).toBe(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('decideByEtag matches any candidate', () => {
    expect(decideByEtag({ etag: 'b', size: 1 }, ['a', 'b']).action).toBe('unchanged');
    expect(decideByEtag({ etag: 'c', size: 1 }, ['a', 'b']).action).toBe('update');
  });
});

describe('git blob ids', () => {
  it('equal what git hash-object prints, for a buffer and a streamed file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blob-'));
    try {
      const file = path.join(dir, 'ação e espaço.csv');
      const body = Buffer.from('id;nome\n1;José\n');
      await writeFile(file, body);
      const git = execFileSync('git', ['hash-object', file], { encoding: 'utf8' }).trim();
      expect(gitBlobIdOf(body)).toBe(git);
      expect(await gitBlobIdOfFile(file, body.length)).toBe(git);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('parses ls-files and status records, trusting only clean regular files', () => {
    const id = 'a'.repeat(40);
    const ls = [
      `H 100644 ${id} 0\tdata/a b.csv`,
      `H 100755 ${id} 0\trun.py`,
      `H 120000 ${id} 0\tlink.csv`,
      `S 100644 ${id} 0\tsparse.csv`,
      `h 100644 ${id} 0\tassumed.csv`,
      `H 160000 ${id} 0\tsubmodule`,
      '',
    ].join('\0');
    expect([...parseLsFiles(ls).keys()]).toEqual(['data/a b.csv', 'run.py']);
    expect(parseStatusPaths(' M data/a.csv\0R  new.py\0old.py\0MM x\0')).toEqual([
      'data/a.csv',
      'new.py',
      'old.py',
      'x',
    ]);
  });
});

describe('orphans and state', () => {
  const state: SyncState = {
    version: 1,
    pipeline: 'p',
    files: {
      'src_code/kept.py': { identity: 'i1', etag: 'k', size: 1, owned: true },
      'src_code/gone.py': { identity: 'i2', etag: 'g', size: 2, owned: true },
      'src_code/theirs.py': { identity: 'i3', etag: 't', size: 3, owned: true },
      'src_code/missing.py': { identity: 'i4', etag: 'm', size: 4, owned: true },
      'input_files/adopted.csv': { identity: 'i5', etag: 'a', size: 5, owned: false },
    },
  };
  const listing = new Map([
    ['src_code/kept.py', { etag: 'k', size: 1 }],
    ['src_code/gone.py', { etag: 'g', size: 2 }],
    ['src_code/theirs.py', { etag: 'overwritten', size: 9 }],
    ['src_code/unrelated.py', { etag: 'u', size: 1 }],
    ['input_files/adopted.csv', { etag: 'a', size: 5 }],
  ]);

  it('are only owned keys no longer desired; only ones still holding our upload are deletable', () => {
    const o = findOrphans(state, new Set(['src_code/kept.py']), listing);
    expect(o.map((x) => [x.key, x.deletable])).toEqual([
      ['src_code/gone.py', true],
      ['src_code/missing.py', false],
      ['src_code/theirs.py', false],
    ]);
  });

  it('next state records uploads and adoptions, keeps failed ones, drops pruned orphans', () => {
    const kept = local('src_code/kept.py', 'k');
    const fresh = local('src_code/new.py', 'n');
    const adopted = local('input_files/x.csv', 'x');
    const failed = local('src_code/failed.py', 'f');
    const files: PlannedFile[] = [
      { key: kept.key, action: 'unchanged', size: 1, reason: '', file: kept },
      { key: fresh.key, action: 'create', size: 1, reason: '', file: fresh },
      { key: failed.key, action: 'create', size: 1, reason: '', file: failed },
      {
        key: adopted.key,
        action: 'unchanged',
        size: 1,
        reason: '',
        file: adopted,
        adopt: { identity: adopted.identity, etag: 'ax', size: 1, owned: false },
      },
    ];
    const orphans = findOrphans(state, new Set(files.map((f) => f.key)), listing);
    const uploaded = new Map([[fresh.key, 'etag-new']]);
    const noPrune = nextState(state, files, orphans, { uploaded, deleted: new Set(), prune: false });
    expect(Object.keys(noPrune.files).sort()).toEqual([
      'input_files/x.csv',
      'src_code/gone.py',
      'src_code/kept.py',
      'src_code/missing.py',
      'src_code/new.py',
      'src_code/theirs.py',
    ]);
    expect(noPrune.files['src_code/new.py']).toEqual({
      identity: fresh.identity,
      etag: 'etag-new',
      size: 1,
      owned: true,
    });
    const pruned = nextState(state, files, orphans, {
      uploaded,
      deleted: new Set(['src_code/gone.py']),
      prune: true,
    });
    expect(Object.keys(pruned.files).sort()).toEqual([
      'input_files/x.csv',
      'src_code/kept.py',
      'src_code/new.py',
    ]);
  });

  it('serializes stably and parses back; garbage parses as empty', () => {
    const text = serializeState(state);
    expect(parseState(text, 'p')).toEqual(state);
    const shuffled: SyncState = {
      ...state,
      files: Object.fromEntries(Object.entries(state.files).reverse()),
    };
    expect(serializeState(shuffled)).toBe(text);
    expect(parseState('{not json', 'p')).toEqual(emptyState('p'));
    expect(parseState('{"version":2,"files":{}}', 'p')).toEqual(emptyState('p'));
  });

  it('keeps the schedule record: a group name, null (none left), or absent (unknown) in old states', () => {
    for (const scheduleGroup of ['g-fixture', null] as const) {
      const withRecord: SyncState = { ...state, scheduleGroup };
      expect(parseState(serializeState(withRecord), 'p').scheduleGroup).toBe(scheduleGroup);
      // A later write without a new record carries it over.
      expect(
        nextState(withRecord, [], [], { uploaded: new Map(), deleted: new Set(), prune: false }),
      ).toEqual(expect.objectContaining({ scheduleGroup }));
    }
    expect('scheduleGroup' in parseState(serializeState(state), 'p')).toBe(false);
    expect(serializeState(state)).not.toContain('scheduleGroup');
    expect(parseState('{"version":1,"files":{},"scheduleGroup":7}', 'p').scheduleGroup).toBeUndefined();
  });
});

describe('sameState', () => {
  // Small alphabets, so that two arbitrary states are often equal or nearly so.
  const entry = fc.record({
    identity: fc.constantFrom('a', 'b'),
    etag: fc.constantFrom('"e1"', '"e2"'),
    size: fc.constantFrom(1, 2),
    owned: fc.boolean(),
  });
  const state: fc.Arbitrary<SyncState> = fc
    .record(
      {
        version: fc.constant(1 as const),
        pipeline: fc.constantFrom('p', 'q'),
        files: fc.dictionary(fc.constantFrom('k1', 'k2', 'k3'), entry),
        jobs: fc.dictionary(fc.constantFrom('j1', 'j2'), fc.subarray(['Timeout', 'WorkerType', 'Tags'])),
        durations: fc.dictionary(
          fc.constantFrom('j1', 'j2'),
          fc.array(fc.constantFrom(60, 90), { maxLength: 2 }),
        ),
        scheduleGroup: fc.constantFrom<string | null>('g', null),
      },
      { requiredKeys: ['version', 'pipeline', 'files'] },
    )
    .map((s) => s as SyncState);

  // One small edit of a state: most change its text, some only its form (key order, an empty record).
  const edits: Record<string, (s: SyncState) => SyncState> = {
    flipOwned: (s) => editFirst(s, (e) => ({ ...e, owned: !e.owned })),
    newEtag: (s) => editFirst(s, (e) => ({ ...e, etag: '"new"' })),
    newIdentity: (s) => editFirst(s, (e) => ({ ...e, identity: 'new' })),
    newSize: (s) => editFirst(s, (e) => ({ ...e, size: e.size + 1 })),
    dropFile: (s) => ({ ...s, files: Object.fromEntries(Object.entries(s.files).slice(1)) }),
    addFile: (s) => ({
      ...s,
      files: { ...s.files, k9: { identity: 'a', etag: '"e1"', size: 1, owned: true } },
    }),
    reorderFiles: (s) => ({ ...s, files: Object.fromEntries(Object.entries(s.files).reverse()) }),
    emptyJobs: (s) => ({ ...s, jobs: Object.keys(s.jobs ?? {}).length ? s.jobs : {} }),
    reorderJobFields: (s) => ({
      ...s,
      jobs: Object.fromEntries(Object.entries(s.jobs ?? {}).map(([k, v]) => [k, [...v].reverse()])),
    }),
    reorderDurations: (s) => ({
      ...s,
      durations: Object.fromEntries(Object.entries(s.durations ?? {}).map(([k, v]) => [k, [...v].reverse()])),
    }),
    noScheduleGroup: (s) => ({ ...s, scheduleGroup: undefined }),
    nullScheduleGroup: (s) => ({ ...s, scheduleGroup: null }),
    otherPipeline: (s) => ({ ...s, pipeline: `${s.pipeline}2` }),
  };
  const editFirst = (s: SyncState, edit: (e: SyncState['files'][string]) => SyncState['files'][string]) => {
    const [key] = Object.keys(s.files);
    return key === undefined ? s : { ...s, files: { ...s.files, [key]: edit(s.files[key]!) } };
  };

  it('agrees with comparing the serialized texts', () => {
    const pair = fc.oneof(
      fc.tuple(state, state),
      fc
        .tuple(state, fc.array(fc.constantFrom(...Object.keys(edits)), { minLength: 1, maxLength: 2 }))
        .map(([a, names]) => [a, names.reduce((s, n) => edits[n]!(s), a)] as [SyncState, SyncState]),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameState(a, b)).toBe(serializeState(a) === serializeState(b));
        expect(sameState(b, a)).toBe(sameState(a, b));
        expect(sameState(a, a)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('sees one changed field of one entry among thousands', () => {
    const files = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [
        `k${i}`,
        { identity: `i${i}`, etag: `"e${i}"`, size: i, owned: true },
      ]),
    );
    const a: SyncState = { version: 1, pipeline: 'p', files };
    expect(sameState(a, { ...a, files: { ...files } })).toBe(true);
    expect(sameState(a, { ...a, files: { ...files, k4321: { ...files.k4321!, etag: '"x"' } } })).toBe(false);
  });
});

describe('keys and content types', () => {
  it('normalizes the prefix and names the state object per pipeline', () => {
    expect(normalizePrefix('')).toBe('');
    expect(normalizePrefix('pr-12')).toBe('pr-12/');
    expect(normalizePrefix('/env/dev/')).toBe('env/dev/');
    expect(stateKey('env/', 'compras')).toBe('env/.glue-pipeline-deploy/compras/state.json');
    expect(topFolders(['src_code/a.py', 'src_code/db/x.sql', 'input_files/a/b.csv'])).toEqual([
      'input_files/',
      'src_code/',
    ]);
  });

  it('maps extensions to Content-Types', () => {
    expect(contentTypeFor('src_code/job.py')).toBe('text/x-python');
    expect(contentTypeFor('src_code/db/t.SQL')).toBe('application/sql');
    expect(contentTypeFor('input_files/a b/ção.csv')).toBe('text/csv');
    expect(contentTypeFor('src_code/external_libs.zip')).toBe('application/zip');
    expect(contentTypeFor('input_files/x.json')).toBe('application/json');
    expect(contentTypeFor('input_files/noext')).toBe('application/octet-stream');
    expect(contentTypeFor('input_files/.hidden')).toBe('application/octet-stream');
    expect(contentTypeFor('input_files/x.weird-ext')).toBe('application/octet-stream');
  });
});

describe('ETag checks of uploads', () => {
  it('ETags are compared as MD5s only without KMS or customer-key encryption', () => {
    const m = md5(Buffer.from('x')).toString('hex');
    expect(etagIsMd5(m, {})).toBe(true);
    expect(etagIsMd5(m, { sse: 'AES256' })).toBe(true);
    expect(etagIsMd5(m, { sse: 'aws:kms' })).toBe(false);
    expect(etagIsMd5(m, { sseCustomer: 'AES256' })).toBe(false);
    expect(etagIsMd5(`${m}-3`, {})).toBe(false);
  });
});

describe('ByteBudget', () => {
  it('never holds more than its capacity, and still runs a body larger than it', async () => {
    const budget = new ByteBudget(10);
    let held = 0;
    let peak = 0;
    let finished = 0;
    const gates: (() => void)[] = [];
    const task = (n: number) =>
      budget.use(n, async () => {
        held += Math.min(n, 10);
        peak = Math.max(peak, held);
        await new Promise<void>((r) => gates.push(r));
        held -= Math.min(n, 10);
        finished++;
        return n;
      });
    const all = Promise.all([task(4), task(4), task(4), task(50), task(1)]);
    // Release one running task at a time until all five have run (bounded: no hang on a bug).
    for (let i = 0; i < 1000 && finished < 5; i++) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    expect(await all).toEqual([4, 4, 4, 50, 1]);
    expect(peak).toBe(10);
  });
});

describe('slabSize', () => {
  const planned = (size: number, inMemory = false): PlannedFile => {
    const file: LocalFile = { key: 'k', source: 'k', size, contentType: 'text/plain', identity: 'x' };
    return {
      key: 'k',
      action: 'create',
      size,
      reason: 'new',
      file: inMemory ? { ...file, body: Buffer.alloc(size) } : file,
    };
  };

  it('holds the largest file read from disk into a slab, and one byte more to tell one that grew', () => {
    expect(slabSize([planned(1024), planned(20_480), planned(300)])).toBe(20_481);
    // Bodies already in memory and files read whole (over 256 KiB) use no slab.
    expect(slabSize([planned(100), planned(200_000, true), planned(3 * MiB)])).toBe(101);
    expect(slabSize([])).toBe(1);
  });
});

describe('gcOnGrowth', () => {
  const MiB = 1024 * 1024;
  /** Calls the returned tidy() once per upload (waiting as told) with a scripted heap; counts collections. */
  const drive = async (heapAtUpload: (i: number) => number, uploads: number) => {
    let i = 0;
    let collections = 0;
    const tidy = gcOnGrowth(
      8 * MiB,
      10,
      () => heapAtUpload(i),
      async () => {
        collections++;
      },
    );
    for (; i < uploads; i++) await tidy();
    return collections;
  };

  it('holds every upload that ends while it collects until the collection is done, then grows from there', async () => {
    let heap = 40 * MiB;
    let collections = 0;
    let done: () => void = () => undefined;
    const tidy = gcOnGrowth(
      8 * MiB,
      10,
      () => heap,
      () => {
        collections++;
        return new Promise<void>((resolve) => {
          done = resolve;
        });
      },
    );
    for (let i = 1; i <= 10; i++) expect(tidy()).toBeUndefined();
    heap += 9 * MiB;
    for (let i = 1; i < 10; i++) expect(tidy()).toBeUndefined();
    const collecting = tidy(); // the 20th upload: grew 9 MiB, a collection starts
    expect(collecting).toBeInstanceOf(Promise);
    // The uploads still in flight end while it runs: each is told to wait for it, none starts another.
    for (let i = 1; i <= 25; i++) expect(tidy()).toBe(collecting);
    expect(collections).toBe(1);
    let waited = false;
    const held = collecting!.then(() => {
      waited = true;
    });
    await Promise.resolve();
    expect(waited).toBe(false);
    heap = 30 * MiB; // what the collection left
    done();
    await held;
    expect(tidy()).toBeUndefined();
    // The next growth counts from the heap the collection left (30 MiB), not from the old low (40).
    heap = 39 * MiB;
    for (let i = 1; i <= 20 && collections === 1; i++) tidy();
    expect(collections).toBe(2);
  });

  it('never collects while the heap stays within the growth', async () => {
    expect(await drive(() => 40 * MiB, 1000)).toBe(0);
    expect(await drive((i) => 40 * MiB + (i % 50) * 0.1 * MiB, 1000)).toBe(0);
  });

  it('collects once per growth of garbage, not at every check above a level', async () => {
    let heap = 40 * MiB;
    let collections = 0;
    const tidy = gcOnGrowth(
      8 * MiB,
      10,
      () => heap,
      async () => {
        collections++;
        heap = 40 * MiB; // the collection frees it
      },
    );
    for (let i = 1; i <= 1000; i++) {
      if (i % 10 === 0) heap += MiB; // 1 MiB of garbage per 10 uploads
      await tidy();
    }
    // 100 checks, 1 MiB more at each, one collection per 9 MiB seen above the low point.
    expect(collections).toBeGreaterThanOrEqual(10);
    expect(collections).toBeLessThanOrEqual(12);
  });
});
