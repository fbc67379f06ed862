// Multipart upload read from disk part by part. Written out (instead of lib-storage's Upload)
// because memory is then exact: each part is one Buffer read at its offset, at most `queueSize`
// per upload, no re-chunking copies (lib-storage concatenates stream chunks into parts, and the
// garbage made RSS swing from 210 to 310 MiB on 10 × 64 MiB). Each part is a Buffer, so the SDK
// can retry it; a CompleteMultipartUpload retried after its answer was lost is recognised.
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
} from '@aws-sdk/client-s3';
import { checkEtag, unquote, unsignedPayload } from './aws.js';
import { multipartEtag } from './etag.js';

export interface MultipartTarget {
  s3: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  tagging: string;
}

/** Part buffers reused from one part (and one upload) to the next: no garbage for the GC to lag on. */
export class PartBuffers {
  private readonly free: Buffer[] = [];
  constructor(readonly partSize: number) {}
  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(this.partSize);
  }
  give(b: Buffer): void {
    this.free.push(b);
  }
}

export interface MultipartSource {
  /** File to read parts from, or… */
  path?: string;
  /** …bytes already in memory. */
  body?: Buffer;
  size: number;
}

/** Uploads in parts of `partSize` (last one shorter), `queueSize` at once. Returns the ETag. */
export async function uploadMultipart(
  t: MultipartTarget,
  src: MultipartSource,
  partSize: number,
  queueSize: number,
  buffers: PartBuffers = new PartBuffers(partSize),
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
  const fh = src.path !== undefined ? await open(src.path, 'r') : undefined;
  const parts: CompletedPart[] = new Array(count);
  const md5s: Buffer[] = new Array(count);
  try {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const offset = i * partSize;
        const len = Math.min(partSize, src.size - offset);
        const pooled = src.body ? undefined : buffers.take();
        let r: Awaited<ReturnType<typeof sendPart>>;
        try {
          const buf = pooled
            ? await readAt(fh!, offset, pooled.subarray(0, len))
            : src.body!.subarray(offset, offset + len);
          md5s[i] = createHash('md5').update(buf).digest();
          r = await sendPart(t, uploadId, i + 1, buf);
          checkEtag(`${t.key} part ${i + 1}`, unquote(r.ETag ?? ''), md5s[i]!, encryption);
        } finally {
          // The SDK is done with the bytes once send settles (retries happen inside it).
          if (pooled) buffers.give(pooled);
        }
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
  } finally {
    await fh?.close();
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

function sendPart(t: MultipartTarget, uploadId: string, partNumber: number, body: Buffer) {
  return t.s3.send(
    unsignedPayload(
      new UploadPartCommand({
        Bucket: t.bucket,
        Key: t.key,
        UploadId: uploadId,
        PartNumber: partNumber,
        Body: body,
        ContentLength: body.length,
      }),
    ),
  );
}

/** Fills `buf` from the file at `offset`. */
async function readAt(fh: Awaited<ReturnType<typeof open>>, offset: number, buf: Buffer): Promise<Buffer> {
  const len = buf.length;
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, offset + got);
    if (bytesRead === 0)
      throw new Error(`file ended at ${offset + got} bytes, expected ${offset + len}: it changed`);
    got += bytesRead;
  }
  return buf;
}
