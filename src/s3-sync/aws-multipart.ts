// Multipart upload read from disk part by part. Written out (instead of lib-storage's Upload)
// because memory is then exact: a part read from a file is streamed from its offset through two
// reused read buffers (part-stream.ts), not held whole, and hashed on its way out. lib-storage
// concatenates stream chunks into part buffers: the garbage made RSS swing from 210 to 310 MiB on
// 10 × 64 MiB.
// The SDK cannot replay a stream, so a streamed part is retried here (aws/replay.ts) with a new
// stream; a CompleteMultipartUpload retried after its answer was lost is recognised.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  type S3Client,
  UploadPartCommand,
  type UploadPartCommandOutput,
} from '@aws-sdk/client-s3';
import { replayedStream, withReplays } from '../aws/replay.js';
import { checkEtag, unquote, unsignedPayload } from './aws.js';
import { multipartEtag } from './etag.js';
import { BufferPool } from './memory.js';
import { fileEnded, PART_READ_BYTES, PartStream } from './part-stream.js';

export interface MultipartTarget {
  s3: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  tagging: string;
}

export interface MultipartSource {
  /** File to read parts from, or… */
  path?: string;
  /** …bytes already in memory. */
  body?: Buffer;
  size: number;
}

/**
 * Uploads in parts of `partSize` (last one shorter), `queueSize` at once. Returns the ETag.
 * A streamed part reads through buffers of `buffers` (shared by all the uploads of a sync).
 */
export async function uploadMultipart(
  t: MultipartTarget,
  src: MultipartSource,
  partSize: number,
  queueSize: number,
  buffers = new BufferPool(PART_READ_BYTES),
): Promise<string> {
  const count = Math.ceil(src.size / partSize);
  // With the SDK's default checksums every part carries a CRC32; S3 then wants the upload to
  // declare it (as lib-storage does), or it refuses the parts.
  // (The action's client uses WHEN_REQUIRED: each part is covered by its MD5, checked against its ETag.)
  const withCrc = (await t.s3.config.requestChecksumCalculation()) === 'WHEN_SUPPORTED';
  const created = await t.s3.send(
    new CreateMultipartUploadCommand({
      Bucket: t.bucket,
      Key: t.key,
      ContentType: t.contentType,
      Tagging: t.tagging,
      ...(withCrc ? { ChecksumAlgorithm: 'CRC32' as const } : {}),
    }),
  );
  const uploadId = created.UploadId!;
  const encryption = { sse: created.ServerSideEncryption, sseCustomer: created.SSECustomerAlgorithm };
  const parts: CompletedPart[] = new Array(count);
  const md5s: Buffer[] = new Array(count);
  try {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const offset = i * partSize;
        const len = Math.min(partSize, src.size - offset);
        const part = { uploadId, partNumber: i + 1, offset, len };
        const sent = src.body
          ? await sendBuffer(t, part, src.body.subarray(offset, offset + len))
          : withCrc
            ? await sendRead(t, part, src.path!)
            : await withReplays(t.s3, () => sendStreamed(t, part, src.path!, buffers));
        md5s[i] = sent.md5;
        const r = sent.output;
        checkEtag(`${t.key} part ${i + 1}`, unquote(r.ETag ?? ''), md5s[i]!, encryption);
        parts[i] = {
          PartNumber: i + 1,
          ETag: r.ETag,
          ...(r.ChecksumCRC32 ? { ChecksumCRC32: r.ChecksumCRC32 } : {}),
        };
      }
    };
    await Promise.all(Array.from({ length: Math.min(queueSize, count) }, worker));
  } catch (e) {
    await t.s3
      .send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: t.key, UploadId: uploadId }))
      .catch(() => undefined);
    throw e;
  }
  const expected = multipartEtag(md5s);
  try {
    const done = await t.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: t.bucket,
        Key: t.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    return unquote(done.ETag ?? expected);
  } catch (e) {
    // A retry of a Complete that S3 already applied finds no upload: the object is there if its
    // ETag is the one these parts make.
    if ((e as { name?: string }).name === 'NoSuchUpload') {
      const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: t.key }));
      if (unquote(head.ETag ?? '') === expected) return expected;
    }
    throw e;
  }
}

interface Part {
  uploadId: string;
  partNumber: number;
  offset: number;
  len: number;
}
interface Sent {
  output: UploadPartCommandOutput;
  md5: Buffer;
}

/** A part already in memory: the SDK retries it itself. */
async function sendBuffer(t: MultipartTarget, p: Part, body: Buffer): Promise<Sent> {
  const md5 = createHash('md5').update(body).digest();
  return { output: await t.s3.send(partCommand(t, p, body)), md5 };
}

/**
 * One attempt of a part streamed from the file, hashed as it is sent. A read error, or a file that
 * ends early (it changed), aborts the request at once instead of leaving it to the socket timeout.
 */
async function sendStreamed(t: MultipartTarget, p: Part, path: string, buffers: BufferPool): Promise<Sent> {
  const range = { path, offset: p.offset, length: p.len, label: `part ${p.partNumber}` };
  const body = new PartStream(range, buffers);
  const abort = new AbortController();
  body.on('error', (e) => {
    if (!abort.signal.aborted) abort.abort(e);
  });
  try {
    const output = await t.s3.send(replayedStream(partCommand(t, p, body)), { abortSignal: abort.signal });
    return { output, md5: body.md5.digest() };
  } catch (e) {
    throw abort.signal.aborted ? (abort.signal.reason as Error) : e;
  } finally {
    body.destroy();
  }
}

/** A part read into memory (for a client that adds its own checksums, which read the body). */
async function sendRead(t: MultipartTarget, p: Part, path: string): Promise<Sent> {
  const fh = await open(path, 'r');
  try {
    const body = Buffer.allocUnsafe(p.len);
    const { bytesRead } = await fh.read(body, 0, p.len, p.offset);
    if (bytesRead !== p.len) throw fileEnded({ label: `part ${p.partNumber}`, length: p.len }, bytesRead);
    return await sendBuffer(t, p, body);
  } finally {
    await fh.close();
  }
}

function partCommand(t: MultipartTarget, p: Part, body: Buffer | PartStream) {
  return unsignedPayload(
    new UploadPartCommand({
      Bucket: t.bucket,
      Key: t.key,
      UploadId: p.uploadId,
      PartNumber: p.partNumber,
      Body: body,
      ContentLength: p.len,
    }),
  );
}
