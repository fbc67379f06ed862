// Upload bodies streamed from disk: a byte range of a file, MD5-hashed as it goes out (the one hash
// of each byte: it is checked against the ETag S3 answers), refused if the file no longer has the
// bytes the plan saw. Nothing is buffered beyond the stream's own chunks.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline, Transform, type TransformCallback } from 'node:stream';

/** Chunk size of the file reads: large enough that a 64 MiB file is few reads, small enough to hold many. */
const CHUNK = 256 * 1024;

/** `length` bytes of a file from `start`, hashed while read. `md5()` is valid once the stream has ended. */
export class HashedSlice extends Transform {
  private readonly hash: Hash = createHash('md5');
  private seen = 0;
  private digest: Buffer | undefined;

  constructor(
    readonly path: string,
    readonly start: number,
    readonly length: number,
  ) {
    super();
    const file =
      length === 0
        ? undefined
        : createReadStream(path, { start, end: start + length - 1, highWaterMark: Math.min(CHUNK, length) });
    if (file) {
      // pipeline closes the file when this stream is destroyed early (a failed request).
      pipeline(file, this, (e) => {
        if (e && !this.destroyed) this.destroy(e);
      });
    } else {
      this.end();
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    // A shorter file would leave the request waiting for bytes it announced: fail it instead.
    if (this.seen !== this.length) {
      done(
        new Error(
          `${this.path} changed since the plan (${this.length} bytes expected from offset ${this.start}, ${this.seen} read)`,
        ),
      );
      return;
    }
    this.digest = this.hash.digest();
    done();
  }

  /** The MD5 of the bytes sent (after the stream ended). */
  md5(): Buffer {
    if (!this.digest) throw new Error(`${this.path}: the body was not read to its end`);
    return this.digest;
  }
}

/**
 * Whether an ETag S3 returned is the MD5 of the bytes: true unless the object is encrypted with
 * KMS or a customer key (their ETags are not MD5s) or the answer has no plain 32-hex ETag.
 */
export function etagIsMd5(etag: string, encryption: { sse?: string; sseCustomer?: string }): boolean {
  if (encryption.sseCustomer) return false;
  if (encryption.sse && encryption.sse !== 'AES256') return false;
  return /^[0-9a-f]{32}$/.test(etag);
}
