// The ETags S3 would give local bytes (plain MD5, or the multipart form for a given part size), so
// an object this action has no record of can be compared without downloading it.
import { createHash, type Hash } from 'node:crypto';
import { readChunks } from '../artifacts/identity.js';

/**
 * The ETag S3 gives an object uploaded in parts of `partSize` bytes: MD5 of the concatenated
 * binary part MD5s, then `-<number of parts>`. Objects of at most `partSize` bytes are uploaded
 * in one PUT: their ETag is the plain MD5.
 */
export function multipartEtag(partMd5s: Buffer[]): string {
  const h = createHash('md5');
  for (const d of partMd5s) h.update(d);
  return `${h.digest('hex')}-${partMd5s.length}`;
}

/** Number of parts a `size`-byte object has when uploaded with `partSize` (1 = single PUT). */
export function partCount(size: number, partSize: number): number {
  return size <= partSize ? 1 : Math.ceil(size / partSize);
}

/**
 * ETags the bytes would have, for each part size asked (one read however many sizes): the plain
 * MD5 when the object fits in one part, else the multipart form.
 */
export async function localEtags(
  source: { path?: string; body?: Buffer },
  partSizes: number[],
): Promise<Map<number, string>> {
  const whole = createHash('md5');
  const cuts = partSizes.map((partSize) => ({
    partSize,
    parts: [] as Buffer[],
    cur: createHash('md5'),
    fill: 0,
  }));
  const feed = (buf: Buffer) => {
    whole.update(buf);
    for (const c of cuts) {
      let off = 0;
      while (off < buf.length) {
        const n = Math.min(c.partSize - c.fill, buf.length - off);
        c.cur.update(buf.subarray(off, off + n));
        c.fill += n;
        off += n;
        if (c.fill === c.partSize) closePart(c);
      }
    }
  };
  if (source.body !== undefined) feed(source.body);
  else if (source.path !== undefined) await readChunks(source.path, feed);
  else throw new Error('localEtags needs a path or a body');
  const md5 = whole.digest('hex');
  const out = new Map<number, string>();
  for (const c of cuts) {
    if (c.fill > 0) closePart(c);
    out.set(c.partSize, c.parts.length <= 1 ? md5 : multipartEtag(c.parts));
  }
  return out;
}

function closePart(c: { parts: Buffer[]; cur: Hash; fill: number }) {
  c.parts.push(c.cur.digest());
  c.cur = createHash('md5');
  c.fill = 0;
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
