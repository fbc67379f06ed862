// Content identity of a local file (its git blob id), computed while streaming: a large file is
// never held in memory whole.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const CHUNK = 1024 * 1024;
/** Read buffers kept for the next files (as many as files are read at once by default). */
const MAX_SPARE = 4;
const spare: Buffer[] = [];
let reading = 0;

/**
 * Calls `feed` with the file's bytes, chunk by chunk, through one reused buffer (a read stream
 * allocates a new chunk per read: hundreds of MiB of garbage on large files before the GC runs).
 * `feed` must not keep the chunk. Returns the number of bytes read.
 */
export async function readChunks(path: string, feed: (chunk: Buffer) => void): Promise<number> {
  const fh = await open(path, 'r');
  // Files read one after another reuse the buffers of those done (a 1 MiB buffer per file is
  // garbage that stays resident until a collection finds it); the last read lets them go.
  const buf = spare.pop() ?? Buffer.allocUnsafe(CHUNK);
  reading++;
  try {
    let total = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return total;
      feed(buf.subarray(0, bytesRead));
      total += bytesRead;
    }
  } finally {
    if (--reading === 0) spare.length = 0;
    else if (spare.length < MAX_SPARE) spare.push(buf);
    await fh.close();
  }
}

/** The git blob id of some bytes: sha1(`blob <size>\0` + bytes), what `git hash-object` prints. */
export function gitBlobIdOf(body: Buffer): string {
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** The git blob id of a file, streamed. `size` must be the file's size (from stat). */
export async function gitBlobIdOfFile(path: string, size: number): Promise<string> {
  const h = createHash('sha1').update(`blob ${size}\0`);
  const seen = await readChunks(path, (chunk) => h.update(chunk));
  // The file changed between stat and read: an id of a size it no longer has would be wrong.
  if (seen !== size) throw new Error(`${path} changed while it was being read (${size} → ${seen} bytes)`);
  return h.digest('hex');
}
