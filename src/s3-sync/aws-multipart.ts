// Multipart upload streamed from disk part by part. Written out (instead of lib-storage's Upload,
// which re-chunks streams into part Buffers) so that memory is a few stream chunks per part in flight
// and each byte is hashed once: every part's MD5, taken as it is read, is checked against the part's
// ETag and makes the object's ETag, so a CompleteMultipartUpload retried after its answer was lost is
// recognised. The SDK does not retry streamed parts: each attempt reads the part from disk again.
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { checkEtag, unquote } from './aws.js';
import { multipartEtag } from './etag.js';
import { withRetries } from './retry.js';
import { HashedSlice } from './stream.js';

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

/** Uploads in parts of `partSize` (last one shorter), `queueSize` at once. Returns the ETag. */
export async function uploadMultipart(
  t: MultipartTarget,
  src: MultipartSource,
  partSize: number,
  queueSize: number,
): Promise<string> {
  const count = Math.ceil(src.size / partSize);
  // With the SDK's default checksums (a client without requestChecksumCalculation: WHEN_REQUIRED)
  // every part carries a CRC32; S3 then wants the upload to declare it, or it refuses the parts.
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
        const { r, md5 } = await withRetries(() => sendPart(t, uploadId, i + 1, src, offset, len));
        const part = `${t.key} part ${i + 1}`;
        checkEtag(part, unquote(r.ETag ?? ''), md5, encryption);
        md5s[i] = md5;
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

/** One part: streamed from the file (the MD5 taken on the way), or a slice of the bytes in memory. */
async function sendPart(
  t: MultipartTarget,
  uploadId: string,
  partNumber: number,
  src: MultipartSource,
  offset: number,
  len: number,
) {
  const body =
    src.body !== undefined
      ? src.body.subarray(offset, offset + len)
      : new HashedSlice(src.path!, offset, len);
  try {
    const r = await t.s3.send(
      new UploadPartCommand({
        Bucket: t.bucket,
        Key: t.key,
        UploadId: uploadId,
        PartNumber: partNumber,
        Body: body,
        ContentLength: len,
      }),
    );
    const md5 = body instanceof HashedSlice ? body.md5() : createHash('md5').update(body).digest();
    return { r, md5 };
  } finally {
    if (body instanceof HashedSlice) body.destroy();
  }
}
