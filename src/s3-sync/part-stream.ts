// One part of a multipart upload as a request body: a byte range of a file, read through two
// reused buffers and hashed (MD5) on its way out.
//
// Why not a file read stream: it allocates a new buffer per read, and the dead ones are freed only
// by a collection, which little else triggers once the small files are sent and only parts remain
// (V8 lets external memory grow 64 MiB before it collects for it). Measured on the bench's first
// upload (10 × 64 MiB streamed, versitygw keeping connections open as S3 does): 55 MiB of array
// buffers at the tail and 191-206 MiB peak RSS; through reused buffers, 12-15 MiB and 148-158 MiB,
// at the same speed.
//
// The SDK sends a stream body with `body.pipe(request)` (node-http-handler). `pipe` is where this
// stream learns its destination: it writes the chunks itself, and a write's callback says the
// socket is done with the buffer, which is then read into again (two per part). Read any other
// way (`read`, `data` events), it reads into a new buffer per chunk and reuses none.
// The two buffers come from a pool shared by the parts of a sync and go back to it when the part is
// sent: a part's buffers live for seconds, long enough to leave the young generation, so 2 new ones
// per part of the bench's 80 were 40 MiB for full collections to free (5-6 MiB dead at a time).
import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { BufferPool } from './memory.js';

/** Bytes per read: a part of 8 MiB goes out in 32 writes. */
export const PART_READ_BYTES = 256 * 1024;
/**
 * Read buffers per part. Two, as a file read stream piped into the request had (one chunk being
 * sent, one read ahead); a third measured no faster and held more memory.
 */
const BUFFERS = 2;

export interface FileRange {
  path: string;
  offset: number;
  length: number;
  /** Names the part in errors, e.g. "part 3". */
  label: string;
}

export class PartStream extends Readable {
  readonly md5 = createHash('md5');
  private sent = 0;
  private file: Promise<FileHandle> | undefined;

  constructor(
    private readonly range: FileRange,
    private readonly buffers = new BufferPool(PART_READ_BYTES),
  ) {
    super();
  }

  override pipe<T extends NodeJS.WritableStream>(dest: T, options?: { end?: boolean }): T {
    const out = dest as unknown as Writable;
    if (typeof out.write !== 'function' || typeof out.end !== 'function') return super.pipe(dest, options);
    this.pump(out).catch((e: Error) => {
      out.destroy(e);
      this.destroy(e);
    });
    return dest;
  }

  override _read(): void {
    const want = Math.min(this.buffers.size, this.range.length - this.sent);
    if (want === 0) {
      this.push(null);
      return;
    }
    this.readChunk(Buffer.allocUnsafe(want)).then(
      (chunk) => this.push(chunk),
      (e: Error) => this.destroy(e),
    );
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    const file = this.file;
    this.file = undefined;
    if (!file) {
      done(error);
      return;
    }
    file
      .then((fh) => fh.close())
      .then(
        () => done(error),
        () => done(error),
      );
  }

  /** Sends the range to `dest`: each buffer is read into again once its write is done. */
  private async pump(dest: Writable): Promise<void> {
    const buffers = Array.from({ length: BUFFERS }, () => this.buffers.take());
    const written: Promise<void>[] = buffers.map(() => Promise.resolve());
    for (let i = 0; this.sent < this.range.length && !this.destroyed; i = (i + 1) % BUFFERS) {
      await written[i];
      const chunk = await this.readChunk(buffers[i]!);
      written[i] = new Promise((resolve, reject) => dest.write(chunk, (e) => (e ? reject(e) : resolve())));
      written[i]!.catch(() => undefined); // awaited when the buffer comes round again, or below
    }
    await Promise.all(written);
    // Every write is done: no socket reads these any more. (After an error they are left to the
    // collector, as a write may still be pending.)
    for (const b of buffers) this.buffers.give(b);
    if (!this.destroyed) dest.end();
    this.destroy();
  }

  /** The next bytes of the range into `into` (as many as fit), hashed; a short file is an error. */
  private async readChunk(into: Buffer): Promise<Buffer> {
    this.file ??= open(this.range.path, 'r');
    const fh = await this.file;
    const want = Math.min(into.length, this.range.length - this.sent);
    const { bytesRead } = await fh.read(into, 0, want, this.range.offset + this.sent);
    if (bytesRead === 0) {
      throw fileEnded(this.range, this.sent);
    }
    const chunk = into.subarray(0, bytesRead);
    this.md5.update(chunk);
    this.sent += bytesRead;
    return chunk;
  }
}

/** The error of a range whose file ended `got` bytes into it: the file changed since the plan. */
export function fileEnded(range: Omit<FileRange, 'path' | 'offset'>, got: number): Error {
  return new Error(
    `${range.label}: the file ended ${got} bytes into it, expected ${range.length}: it changed`,
  );
}
