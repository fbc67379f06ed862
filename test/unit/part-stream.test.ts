// PartStream: a byte range of a file as a request body, read through reused buffers.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BufferPool } from '../../src/s3-sync/memory.js';
import { PartStream } from '../../src/s3-sync/part-stream.js';

let dir: string;
let file: string;
const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'part-stream-'));
  file = path.join(dir, 'data.bin');
  await writeFile(file, bytes);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A request stand-in that finishes each write after a random delay and only then copies the
 * chunk: a buffer read into again before its write is done would show here as wrong bytes.
 */
function slowSink() {
  const received: Buffer[] = [];
  const arrays = new Set<ArrayBufferLike>();
  const sink = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, done) {
      arrays.add(chunk.buffer);
      setTimeout(
        () => {
          received.push(Buffer.from(chunk));
          done();
        },
        Math.floor(Math.random() * 4),
      );
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  return { sink, received, arrays, finished };
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe('PartStream', () => {
  it('sends exactly its range through two reused buffers, each read again only once its write is done', async () => {
    const range = { path: file, offset: 1234, length: 7000, label: 'part 2' };
    const body = new PartStream(range, new BufferPool(512));
    const { sink, received, arrays, finished } = slowSink();
    body.pipe(sink);
    await finished;
    const expected = bytes.subarray(1234, 8234);
    expect(Buffer.concat(received).equals(expected)).toBe(true);
    expect(received.length).toBe(Math.ceil(7000 / 512));
    expect(arrays.size).toBeLessThanOrEqual(2);
    expect(body.md5.digest('hex')).toBe(md5(expected));
  });

  it('gives its buffers back once sent, so every part of a sync reads through the same two', async () => {
    const pool = new BufferPool(512);
    const used = new Set<ArrayBufferLike>();
    for (const offset of [0, 3000, 6000]) {
      const body = new PartStream({ path: file, offset, length: 3000, label: 'part' }, pool);
      const { sink, received, arrays, finished } = slowSink();
      body.pipe(sink);
      await finished;
      expect(Buffer.concat(received).equals(bytes.subarray(offset, offset + 3000))).toBe(true);
      for (const a of arrays) used.add(a);
    }
    expect(used.size).toBe(2);
  });

  it('keeps the buffers of a part that failed out of the pool (a write may still hold them)', async () => {
    const pool = new BufferPool(512);
    const failing = new PartStream({ path: file, offset: 9000, length: 2000, label: 'part 5' }, pool);
    const bad = slowSink();
    bad.finished.catch(() => undefined);
    const failed = new Promise((resolve) => failing.on('error', resolve));
    failing.pipe(bad.sink);
    await failed;
    const next = new PartStream({ path: file, offset: 0, length: 3000, label: 'part 1' }, pool);
    const good = slowSink();
    next.pipe(good.sink);
    await good.finished;
    expect(bad.arrays.size).toBe(2);
    for (const a of good.arrays) expect(bad.arrays.has(a)).toBe(false);
  });

  it('fails, and fails its destination, when the file ends inside the range (it changed)', async () => {
    const body = new PartStream(
      { path: file, offset: 9000, length: 2000, label: 'part 5' },
      new BufferPool(512),
    );
    const { sink, finished } = slowSink();
    finished.catch(() => undefined);
    const bodyError = new Promise<Error>((resolve) => body.on('error', resolve));
    const sinkError = new Promise<Error>((resolve) => sink.on('error', resolve));
    body.pipe(sink);
    expect((await bodyError).message).toBe(
      'part 5: the file ended 1000 bytes into it, expected 2000: it changed',
    );
    expect((await sinkError).message).toMatch(/part 5: the file ended/);
  });

  it('reads into a new buffer per chunk when consumed other than through pipe', async () => {
    const body = new PartStream(
      { path: file, offset: 0, length: bytes.length, label: 'part 1' },
      new BufferPool(4096),
    );
    const chunks: Buffer[] = [];
    // Kept as they came, not copied: a reused buffer would have overwritten the earlier chunks.
    for await (const chunk of body) chunks.push(chunk as Buffer);
    expect(chunks.length).toBe(3);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(body.md5.digest('hex')).toBe(md5(bytes));
  });
});
