// The deploy lock: one S3 object per pipeline and prefix, created with a conditional write
// (If-None-Match: *), so two workflow runs deploying to the same environment never interleave their
// writes. The object names its holder and an expiry; a crashed holder's lock expires and is taken
// over with If-Match on the expired object's ETag (only one taker can win). A holder renews it while
// it works. Every write here is safe to repeat: each attempt carries a random token, and a write
// whose answer was lost is recognised by reading the token back.
import { randomBytes } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';

export interface LockHolder {
  /** Who holds it, for the message of the run that waits: e.g. "run 123 (attempt 1) of owner/repo". */
  description: string;
  /** The commit being deployed. */
  commit?: string;
  /** Link to the workflow run. */
  url?: string;
}

export interface LockRecord extends LockHolder {
  token: string;
  acquiredAt: string;
  expiresAt: string;
}

export interface LockClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const systemClock: LockClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LockOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  holder: LockHolder;
  /** How long a lock stays valid without renewal. */
  ttlMs?: number;
  /** How long to wait for another holder before failing. */
  waitMs?: number;
  /** Called on each wait, at most once per `progressEveryMs`. */
  onWait?: (holder: LockRecord, waitedMs: number) => void;
  progressEveryMs?: number;
  clock?: LockClock;
}

export class LockTimeoutError extends Error {
  readonly holder: LockRecord;
  constructor(key: string, holder: LockRecord, waitedMs: number) {
    super(
      `another deploy holds the lock s3://…/${key}: ${holder.description}` +
        `${holder.commit ? ` deploying ${holder.commit.slice(0, 12)}` : ''}` +
        `${holder.url ? ` (${holder.url})` : ''}, since ${holder.acquiredAt}, until ${holder.expiresAt}. ` +
        `Waited ${Math.round(waitedMs / 1000)} s. Re-run this workflow when it is done, or serialise ` +
        'deploys of one environment with a workflow `concurrency:` group.',
    );
    this.name = 'LockTimeoutError';
    this.holder = holder;
  }
}

export interface HeldLock {
  readonly record: LockRecord;
  /** Extends the expiry; fails if the lock was lost (expired and taken by another run). */
  renew(): Promise<void>;
  /** Deletes the lock if it is still ours; harmless to call twice. */
  release(): Promise<void>;
}

const DEFAULT_TTL_MS = 15 * 60_000;
const DEFAULT_WAIT_MS = 10 * 60_000;

/** Takes the lock, waiting (with backoff) while another unexpired holder has it. */
export async function acquireLock(o: LockOptions): Promise<HeldLock> {
  const clock = o.clock ?? systemClock;
  const ttl = o.ttlMs ?? DEFAULT_TTL_MS;
  const waitMs = o.waitMs ?? DEFAULT_WAIT_MS;
  const progressEvery = o.progressEveryMs ?? 30_000;
  const start = clock.now();
  let lastProgress = Number.NEGATIVE_INFINITY;
  for (let attempt = 0; ; attempt++) {
    const record = newRecord(o.holder, clock.now(), ttl);
    const current = await readLock(o.s3, o.bucket, o.key);
    let etag: string | undefined;
    if (!current) {
      etag = await conditionalPut(o, record, { IfNoneMatch: '*' });
    } else if (Date.parse(current.record.expiresAt) <= clock.now()) {
      // Expired: take it over, but only from the exact object we read (another waiter may race us).
      etag = await conditionalPut(o, record, { IfMatch: current.etag });
    } else {
      const waited = clock.now() - start;
      if (waited >= waitMs) throw new LockTimeoutError(o.key, current.record, waited);
      if (clock.now() - lastProgress >= progressEvery) {
        o.onWait?.(current.record, waited);
        lastProgress = clock.now();
      }
      await clock.sleep(Math.min(2_000 * 1.5 ** Math.min(attempt, 6), 15_000, Math.max(0, waitMs - waited)));
      continue;
    }
    if (etag) return held(o, record, etag, ttl, clock);
    // Lost the race (or our own write's answer was lost): look again; a lock with our token is ours.
    const after = await readLock(o.s3, o.bucket, o.key);
    if (after?.record.token === record.token) return held(o, record, after.etag, ttl, clock);
  }
}

function newRecord(holder: LockHolder, now: number, ttl: number): LockRecord {
  return {
    ...holder,
    token: randomBytes(12).toString('hex'),
    acquiredAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttl).toISOString(),
  };
}

function held(o: LockOptions, first: LockRecord, firstEtag: string, ttl: number, clock: LockClock): HeldLock {
  let record = first;
  let etag = firstEtag;
  let released = false;
  return {
    get record() {
      return record;
    },
    async renew() {
      if (released) return;
      const next: LockRecord = { ...record, expiresAt: new Date(clock.now() + ttl).toISOString() };
      const put = await conditionalPut(o, next, { IfMatch: etag });
      if (put) {
        record = next;
        etag = put;
        return;
      }
      // A renewal whose answer was lost was applied: the stored record then equals `next`.
      const now = await readLock(o.s3, o.bucket, o.key);
      if (now?.record.token === record.token) {
        record = now.record;
        etag = now.etag;
        return;
      }
      throw new Error(
        `lost the deploy lock s3://${o.bucket}/${o.key}: it expired and ${now ? now.record.description : 'nobody'} holds it now`,
      );
    },
    async release() {
      if (released) return;
      const now = await readLock(o.s3, o.bucket, o.key);
      if (now?.record.token === record.token) {
        try {
          await o.s3.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: o.key, IfMatch: now.etag }));
        } catch (e) {
          // Already deleted (a retried delete) or replaced by a new holder after expiry: not ours.
          if (!isStatus(e, 412) && !isStatus(e, 404)) throw e;
        }
      }
      released = true;
    },
  };
}

async function readLock(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ record: LockRecord; etag: string } | undefined> {
  try {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await r.Body?.transformToString()) ?? '';
    return { record: parseRecord(text), etag: r.ETag ?? '' };
  } catch (e) {
    if (e instanceof NoSuchKey || isStatus(e, 404)) return undefined;
    throw e;
  }
}

/** An unreadable lock object counts as expired, so a corrupt object can never block deploys forever. */
export function parseRecord(text: string): LockRecord {
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (
      typeof r.token === 'string' &&
      typeof r.expiresAt === 'string' &&
      !Number.isNaN(Date.parse(r.expiresAt))
    ) {
      return {
        token: r.token,
        description: String(r.description ?? 'unknown holder'),
        acquiredAt: String(r.acquiredAt ?? ''),
        expiresAt: r.expiresAt,
        ...(r.commit ? { commit: String(r.commit) } : {}),
        ...(r.url ? { url: String(r.url) } : {}),
      };
    }
  } catch {
    // fall through
  }
  return {
    token: '',
    description: 'an unreadable lock object',
    acquiredAt: '',
    expiresAt: new Date(0).toISOString(),
  };
}

/** The ETag of the written object, or undefined when the condition failed (someone else's object). */
async function conditionalPut(
  o: LockOptions,
  record: LockRecord,
  condition: { IfNoneMatch: '*' } | { IfMatch: string },
): Promise<string | undefined> {
  try {
    const r = await o.s3.send(
      new PutObjectCommand({
        Bucket: o.bucket,
        Key: o.key,
        Body: `${JSON.stringify(record, null, 1)}\n`,
        ContentType: 'application/json',
        ...condition,
      }),
    );
    return r.ETag ?? '';
  } catch (e) {
    // 412: the condition failed. 409: a concurrent conditional write to the same key is in flight.
    // 404: If-Match on an object that was deleted meanwhile (its holder released it).
    if (isStatus(e, 412) || isStatus(e, 409) || isStatus(e, 404)) return undefined;
    throw e;
  }
}

function isStatus(e: unknown, status: number): boolean {
  return e instanceof S3ServiceException && e.$metadata.httpStatusCode === status;
}
