// The S3 calls (but multipart uploads, in aws-multipart.ts): listing, single PUTs, the state object,
// tags, deletes.
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { TAG_PIPELINE } from '../tags.js';
import { etagIsMd5 } from './etag.js';
import type { RemoteObject } from './types.js';

/**
 * Tagging of every object this action writes: the ownership tag the Glue jobs and the state machine
 * carry, valued with the pipeline name.
 */
export function ownerTagging(pipeline: string): string {
  return `${encodeURIComponent(TAG_PIPELINE)}=${encodeURIComponent(pipeline)}`;
}

export const unquote = (etag: string) => etag.replace(/^"|"$/g, '');

/**
 * Size and ETag of every key under `prefix` + each folder (pages of 1,000), keyed relative to
 * `prefix`. Listing only the folders the sync touches keeps a large `databases/` out of it.
 */
export async function listFolders(
  s3: S3Client,
  bucket: string,
  prefix: string,
  folders: string[],
): Promise<Map<string, RemoteObject>> {
  const out = new Map<string, RemoteObject>();
  for (const folder of folders) {
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + folder, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined || !o.Key.startsWith(prefix)) continue;
        out.set(o.Key.slice(prefix.length), { etag: unquote(o.ETag ?? ''), size: o.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return out;
}

/** The body of an object, or undefined when there is none. */
export async function getText(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await r.Body?.transformToString('utf8');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export interface PutTarget {
  s3: S3Client;
  bucket: string;
  key: string;
  tagging: string;
}

/**
 * One PUT with the body in memory (the SDK can retry it; a stream could not be replayed), sent as an
 * unsigned payload: no SHA-256 of the body for the signature and (with the client's
 * requestChecksumCalculation: WHEN_REQUIRED) no SDK checksum; the caller's MD5 of the body is checked
 * against the ETag S3 answers instead, the one hash of each byte. Returns the ETag.
 */
export async function putObject(
  t: PutTarget,
  body: Buffer,
  contentType: string,
  md5: Buffer,
): Promise<string> {
  const r = await t.s3.send(
    unsignedPayload(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key,
        Body: body,
        ContentType: contentType,
        Tagging: t.tagging,
      }),
    ),
  );
  const etag = unquote(r.ETag ?? '');
  checkEtag(t.key, etag, md5, { sse: r.ServerSideEncryption, sseCustomer: r.SSECustomerAlgorithm });
  return etag;
}

/**
 * Signs the command's body as UNSIGNED-PAYLOAD (the signer takes a preset x-amz-content-sha256 as
 * the payload hash) instead of hashing it with SHA-256: the body is covered by its MD5 instead.
 */
export function unsignedPayload<C extends { middlewareStack: { add: (...a: never[]) => void } }>(
  command: C,
): C {
  (command.middlewareStack as unknown as MiddlewareAdder).add(
    (next) => async (args) => {
      const req = args.request as { headers?: Record<string, string> };
      if (req.headers) req.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    },
    { step: 'build', name: 'glue-pipeline-deploy-unsigned-payload' },
  );
  return command;
}

type Handler = (args: { request: unknown }) => Promise<unknown>;
interface MiddlewareAdder {
  add(mw: (next: Handler) => Handler, opts: { step: 'build'; name: string }): void;
}

/** Throws when S3's ETag is an MD5 and not the one of the bytes sent (they were damaged on the way). */
export function checkEtag(
  what: string,
  etag: string,
  md5: Buffer,
  encryption: { sse?: string; sseCustomer?: string },
): void {
  if (etagIsMd5(etag, encryption) && etag !== md5.toString('hex')) {
    throw new Error(
      `${what}: S3 stored other bytes than were sent (ETag ${etag}, MD5 ${md5.toString('hex')})`,
    );
  }
}

/** Writes a small JSON object (a retried PUT of the same bytes is harmless). */
export async function putJson(s3: S3Client, bucket: string, key: string, body: string, tagging: string) {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/json',
      Tagging: tagging,
    }),
  );
}

/** The pipeline named by the object's owner tag, if any. */
export async function ownerOf(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const r = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
    return r.TagSet?.find((t) => t.Key === TAG_PIPELINE)?.Value;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Deletes one key (deleting a missing key succeeds). */
export async function deleteObject(s3: S3Client, bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/**
 * Deletes keys in batches of 1,000 (DeleteObjects' limit). Deleting a missing key succeeds, so a
 * retried batch is harmless. Per-key failures are returned, not thrown, so the caller can still
 * record what was deleted.
 */
export async function deleteKeys(
  s3: S3Client,
  bucket: string,
  keys: string[],
): Promise<{ deleted: Set<string>; failed: string[] }> {
  const deleted = new Set<string>();
  const failed: string[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const r = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Quiet: true, Objects: batch.map((Key) => ({ Key })) },
      }),
    );
    const errs = new Map((r.Errors ?? []).map((e) => [e.Key, `${e.Code}: ${e.Message}`]));
    for (const k of batch) if (!errs.has(k)) deleted.add(k);
    for (const [k, m] of errs) failed.push(`${k} (${m})`);
  }
  return { deleted, failed };
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (err?.name === 'NoSuchBucket') return false;
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
}
