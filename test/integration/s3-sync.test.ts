// The S3 sync against the local emulator (moto): first upload, a no-change re-run from a fresh
// clone, a same-size edit, prune, the fallback without a state object, lost answers of PutObject,
// UploadPart and CompleteMultipartUpload, and a file that changes under a streamed part.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { collectFiles, type LocalFile } from '../../src/artifacts/index.js';
import { applySync, planSync, SyncError, type SyncProgress, stateKey } from '../../src/s3-sync/index.js';
import { TAG_PIPELINE } from '../../src/tags.js';
import { clientConfig, emulatorControl, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';

const MiB = 1024 * 1024;
const PART = 5 * MiB; // small parts keep the multipart case cheap: a 12 MiB file is 3 parts
const PREFIX = 'env/dev/';
const PIPELINE = 'compras';
const control = emulatorControl();
const temps: string[] = [];

afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function tempDir(name: string): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), `${name}-`));
  temps.push(d);
  return d;
}

async function put(root: string, rel: string, content: string | Buffer) {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), content);
}

/** A small repository like the example pipeline, plus one file big enough for a multipart upload. */
async function makeRepo(): Promise<string> {
  const root = await tempDir('sync-repo');
  await put(root, 'glue-jobs/create_tables.py', 'spark.sql("CREATE TABLE ...")\n');
  await put(root, 'glue-jobs/stg_compras.py', 'df = spark.read.csv(SOURCE_PATH)\n');
  await put(root, 'external_libs/__init__.py', '');
  await put(root, 'external_libs/cpf.py', 'def valid(x):\n    return len(x) == 11\n');
  await put(root, 'db/compras.sql', 'CREATE TABLE compras (id int);\n');
  await put(root, 'data/compras/2024 jan/notas fiscais ação.csv', 'id;valor\n1;10\n2;20\n');
  await put(root, 'data/fornecedores.csv', 'cnpj;nome\n1;ACME\n');
  const big = Buffer.alloc(12 * MiB + 123);
  for (let i = 0; i + 4 <= big.length; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i);
  await put(root, 'data/big/lançamentos.bin', big);
  return root;
}

function collect(root: string): Promise<LocalFile[]> {
  return collectFiles({
    root,
    scripts: [
      { job: 'create_tables', path: 'glue-jobs/create_tables.py' },
      { job: 'stg_compras', path: 'glue-jobs/stg_compras.py' },
    ],
    externalLibsDir: 'external_libs',
    dbDir: 'db',
    dataDir: 'data',
  });
}

/**
 * A bucket, an S3 client whose requests carry a unique tag, and helpers to sync and read the log.
 * The client is set up as the action's (aws/clients.ts: no SDK checksums, so parts are streamed)
 * unless `sdkChecksums`.
 */
async function setup(opts: { sdkChecksums?: boolean } = {}) {
  const tag = `sync-${uniqueSuffix()}`;
  const s3 = new S3Client({
    ...clientConfig(tag),
    ...(opts.sdkChecksums
      ? {}
      : { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
  });
  const bucket = freshBucketName('sync');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const sync = async (root: string, opts: { prune?: boolean; beforeApply?: () => Promise<void> } = {}) => {
    const files = await collect(root);
    const plan = await planSync(s3, { bucket, prefix: PREFIX, files, pipeline: PIPELINE, partSize: PART });
    await opts.beforeApply?.();
    const progress: SyncProgress[] = [];
    const result = await applySync(s3, plan, { prune: opts.prune, onProgress: (p) => progress.push(p) });
    return { files, plan, result, progress };
  };
  /** Requests this test's client made after `since`. */
  const requests = async (since: number) => control.requests({ since, tag });
  const get = async (key: string) => {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: PREFIX + key }));
    return { body: await r.Body!.transformToByteArray(), contentType: r.ContentType, etag: r.ETag };
  };
  const keys = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: PREFIX }))).Contents ?? []).map((o) =>
      o.Key!.slice(PREFIX.length),
    );
  return { s3, bucket, tag, sync, requests, get, keys };
}

function gitCommitAndClone(root: string): Promise<string> {
  const g = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-C', cwd, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
      encoding: 'utf8',
    });
  g(root, 'init', '-q');
  g(root, 'add', '.');
  g(root, 'commit', '-qm', 'pipeline');
  return tempDir('sync-clone').then((dir) => {
    const clone = path.join(dir, 'repo');
    execFileSync('git', ['clone', '-q', root, clone]);
    return clone;
  });
}

describe('S3 sync against the emulator', () => {
  it('first sync uploads every file with the right bytes, Content-Type, owner tag and a state object', async () => {
    const { s3, bucket, sync, get, keys } = await setup();
    const root = await makeRepo();
    const { files, plan, result, progress } = await sync(root);
    expect(plan.files.map((f) => f.action)).toEqual(files.map(() => 'create'));
    expect(progress.map((p) => p.done)).toEqual(files.map((_, i) => i + 1));
    expect(progress.map((p) => p.key).sort()).toEqual(files.map((f) => f.key));
    expect(result).toMatchObject({ uploaded: files.length, unchanged: 0, deleted: 0, stateWritten: true });
    expect(result.bytes).toBe(files.reduce((n, f) => n + f.size, 0));
    expect((await keys()).sort()).toEqual(
      [...files.map((f) => f.key), stateKey('', PIPELINE)].sort((a, b) => (a < b ? -1 : 1)),
    );
    for (const f of files) {
      const o = await get(f.key);
      expect(sha(o.body), f.key).toBe(sha(f.body ?? (await readFile(f.path!))));
      expect(o.contentType, f.key).toBe(f.contentType);
    }
    expect((await get('src_code/create_tables.py')).contentType).toBe('text/x-python');
    // The big file went up in 5 MiB parts: its ETag is the multipart form.
    expect((await get('input_files/big/lançamentos.bin')).etag).toMatch(/-3"$/);
    for (const key of ['input_files/big/lançamentos.bin', 'src_code/db/compras.sql']) {
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: PREFIX + key }));
      expect(tags.TagSet, key).toContainEqual({ Key: TAG_PIPELINE, Value: PIPELINE });
    }
  });

  it('a re-run from a fresh clone (new mtimes, identities from git) uploads nothing and writes nothing', async () => {
    const { sync, requests } = await setup();
    const root = await makeRepo();
    await sync(root); // from the working tree: identities hashed while streaming
    const clone = await gitCommitAndClone(root);
    const since = await control.lastSeq();
    const { plan, result } = await sync(clone);
    expect(plan.files.every((f) => f.action === 'unchanged')).toBe(true);
    expect(plan.files.every((f) => f.reason === 'same content as last upload')).toBe(true);
    expect(result).toEqual({
      uploaded: 0,
      unchanged: plan.files.length,
      deleted: 0,
      bytes: 0,
      stateWritten: false,
      state: plan.state,
    });
    const log = await requests(since);
    expect(log.filter((r) => r.mutating)).toEqual([]);
    // One GET of the state object and one listing page per folder: no request per file.
    expect(log.map((r) => r.operation).sort()).toEqual(['GetObject', 'ListObjectsV2', 'ListObjectsV2']);
  });

  it('a one-byte edit that keeps the size uploads exactly that file', async () => {
    const { sync, requests, get } = await setup();
    const root = await makeRepo();
    await sync(root);
    await put(root, 'data/fornecedores.csv', 'cnpj;nome\n1;ACMF\n');
    const since = await control.lastSeq();
    const { plan, result } = await sync(root);
    expect(
      plan.files.filter((f) => f.action !== 'unchanged').map((f) => [f.key, f.action, f.reason]),
    ).toEqual([['input_files/fornecedores.csv', 'update', 'content changed']]);
    expect(result).toMatchObject({ uploaded: 1, bytes: 17, stateWritten: true });
    const writes = (await requests(since)).filter((r) => r.mutating);
    expect(
      writes.map((r) => [r.operation, decodeURIComponent(r.path).split('/').slice(2).join('/')]),
    ).toEqual([
      ['PutObject', `${PREFIX}input_files/fornecedores.csv`],
      ['PutObject', stateKey(PREFIX, PIPELINE)],
    ]);
    expect(Buffer.from((await get('input_files/fornecedores.csv')).body).toString()).toBe(
      'cnpj;nome\n1;ACMF\n',
    );
  });

  it('prune deletes only orphans this pipeline uploaded; an object it never uploaded survives', async () => {
    const { s3, bucket, sync, keys } = await setup();
    const root = await makeRepo();
    await sync(root);
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${PREFIX}input_files/foreign.csv`, Body: 'x\n' }),
    );
    await rm(path.join(root, 'data', 'compras'), { recursive: true });
    await rm(path.join(root, 'db', 'compras.sql'));

    const kept = await sync(root); // prune off: reported, not deleted
    expect(kept.plan.orphans.map((o) => [o.key, o.deletable])).toEqual([
      ['input_files/compras/2024 jan/notas fiscais ação.csv', true],
      ['src_code/db/compras.sql', true],
    ]);
    expect(kept.result.deleted).toBe(0);
    expect(await keys()).toContain('src_code/db/compras.sql');

    const pruned = await sync(root, { prune: true });
    expect(pruned.result).toMatchObject({ uploaded: 0, deleted: 2, stateWritten: true });
    const after = await keys();
    expect(after).toContain('input_files/foreign.csv');
    expect(after).not.toContain('src_code/db/compras.sql');
    expect(after).not.toContain('input_files/compras/2024 jan/notas fiscais ação.csv');
    // Nothing left to prune: the next run is a no-op.
    const again = await sync(root, { prune: true });
    expect(again.plan.orphans).toEqual([]);
    expect(again.result).toMatchObject({ uploaded: 0, deleted: 0, stateWritten: false });
  });

  it('without a state object, compares ETags (multipart included) and adopts what matches', async () => {
    const { s3, bucket, sync, requests } = await setup();
    const root = await makeRepo();
    await sync(root);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: stateKey(PREFIX, PIPELINE) }));
    const second = await sync(root);
    expect(second.plan.files.map((f) => f.reason)).toEqual(
      second.files.map(() => 'same bytes (ETag matches)'),
    );
    expect(second.plan.files.every((f) => f.adopt?.owned === true)).toBe(true);
    expect(second.result).toMatchObject({ uploaded: 0, stateWritten: true });
    const since = await control.lastSeq();
    const third = await sync(root);
    expect(third.plan.files.every((f) => f.reason === 'same content as last upload')).toBe(true);
    expect((await requests(since)).filter((r) => r.mutating)).toEqual([]);
  });

  it('a PutObject whose answer is lost (applied, then 500) is retried and ends in the right state', async () => {
    const { sync, requests, get, bucket } = await setup();
    const root = await makeRepo();
    await sync(root);
    await put(root, 'glue-jobs/stg_compras.py', 'df = spark.read.csv(SOURCE_PATH, sep=";")\n');
    const fault = await control.injectFault({
      operation: 's3:PutObject',
      when: 'after',
      times: 1,
      match: `/${bucket}/${PREFIX}src_code/stg_compras.py`,
    });
    try {
      const since = await control.lastSeq();
      const { result } = await sync(root);
      expect(result).toMatchObject({ uploaded: 1, stateWritten: true });
      const puts = (await requests(since)).filter((r) => r.operation === 'PutObject');
      expect(puts.map((r) => [r.status, r.fault?.when ?? null])).toEqual([
        [500, 'after'],
        [200, null],
        [200, null],
      ]);
    } finally {
      await control.clearFaults({ id: fault.id });
    }
    expect(Buffer.from((await get('src_code/stg_compras.py')).body).toString()).toBe(
      'df = spark.read.csv(SOURCE_PATH, sep=";")\n',
    );
    const since = await control.lastSeq();
    const { plan } = await sync(root);
    expect(plan.files.every((f) => f.action === 'unchanged')).toBe(true);
    expect((await requests(since)).filter((r) => r.mutating)).toEqual([]);
  });

  it('a CompleteMultipartUpload whose answer is lost is recognised as done on retry', async () => {
    const { sync, requests, get, bucket } = await setup();
    const root = await makeRepo();
    const fault = await control.injectFault({
      operation: 's3:CompleteMultipartUpload',
      when: 'after',
      times: 1,
      match: `/${bucket}/`,
    });
    try {
      const since = await control.lastSeq();
      const { result } = await sync(root);
      expect(result.uploaded).toBe(7);
      const completes = (await requests(since)).filter((r) => r.operation === 'CompleteMultipartUpload');
      expect(completes[0]).toMatchObject({ status: 500, fault: { when: 'after' } });
      expect(completes.length).toBeGreaterThanOrEqual(2);
    } finally {
      await control.clearFaults({ id: fault.id });
    }
    const big = await readFile(path.join(root, 'data/big/lançamentos.bin'));
    expect(sha((await get('input_files/big/lançamentos.bin')).body)).toBe(sha(big));
    const { plan } = await sync(root);
    expect(plan.files.every((f) => f.action === 'unchanged')).toBe(true);
  });

  it('a streamed part whose answer is lost (applied, then 500) is sent again from the file', async () => {
    const { sync, requests, get, bucket } = await setup();
    const root = await makeRepo();
    const fault = await control.injectFault({
      operation: 's3:UploadPart',
      when: 'after',
      times: 2,
      match: `/${bucket}/`,
    });
    try {
      const since = await control.lastSeq();
      const { result } = await sync(root);
      expect(result.uploaded).toBe(7);
      const parts = (await requests(since)).filter((r) => r.operation === 'UploadPart');
      // 3 parts, 2 of them answered 500 once after being stored: 5 requests, 3 answered 200.
      expect(parts.map((r) => r.status).sort()).toEqual([200, 200, 200, 500, 500]);
    } finally {
      await control.clearFaults({ id: fault.id });
    }
    const big = await readFile(path.join(root, 'data/big/lançamentos.bin'));
    const o = await get('input_files/big/lançamentos.bin');
    expect(sha(o.body)).toBe(sha(big));
    expect(o.etag).toMatch(/-3"$/);
  });

  it('a file cut short after the plan fails its streamed upload at once, naming it, and aborts it', async () => {
    const { sync, requests, keys } = await setup();
    const root = await makeRepo();
    const since = await control.lastSeq();
    // Without the abort, the request would wait for the bytes the file no longer has (this client
    // has no socket timeout): the test would time out.
    const error = await sync(root, {
      beforeApply: () => truncate(path.join(root, 'data/big/lançamentos.bin'), 7 * MiB),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as Error).message).toMatch(/input_files\/big\/lançamentos\.bin: part \d: the file ended/);
    expect((error as SyncError).result.uploaded).toBe(6);
    const ops = (await requests(since)).map((r) => r.operation);
    expect(ops).toContain('AbortMultipartUpload');
    expect(ops).not.toContain('CompleteMultipartUpload');
    expect(await keys()).not.toContain('input_files/big/lançamentos.bin');
  }, 30_000);

  it('a small file that changed size after the plan is not uploaded, and the error names it', async () => {
    const { sync, keys } = await setup();
    const root = await makeRepo();
    const error = await sync(root, {
      beforeApply: () => put(root, 'glue-jobs/stg_compras.py', 'x'.repeat(300 * 1024)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as Error).message).toMatch(/src_code\/stg_compras\.py: .*changed since the plan/);
    expect(await keys()).not.toContain('src_code/stg_compras.py');
    // The others, read into the same reused buffers, went up whole.
    expect((error as SyncError).result.uploaded).toBe(6);
  });

  it('with the SDK checksums of a default client, parts are read into memory and carry a CRC32', async () => {
    const { sync, requests, get } = await setup({ sdkChecksums: true });
    const root = await makeRepo();
    const since = await control.lastSeq();
    const { result } = await sync(root);
    expect(result.uploaded).toBe(7);
    expect((await requests(since)).filter((r) => r.operation === 'UploadPart')).toHaveLength(3);
    const big = await readFile(path.join(root, 'data/big/lançamentos.bin'));
    const o = await get('input_files/big/lançamentos.bin');
    expect(sha(o.body)).toBe(sha(big));
    expect(o.etag).toMatch(/-3"$/);
  });
});
