// The deploy lock against the emulator's S3 (conditional writes as AWS answers them): one holder at a
// time, a waiter told who holds it, expiry and takeover, renewal, release, and a lock write whose
// answer was lost.
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, type LockClock, LockTimeoutError } from '../../src/lock/aws.js';
import { clientConfig, emulatorControl, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';

const s3 = new S3Client({ ...clientConfig('deploy-lock'), forcePathStyle: true });
const bucket = freshBucketName('lock');
const control = emulatorControl();

/** A clock that never really sleeps: each sleep moves time forward. */
function fakeClock(start = Date.now()): LockClock & { t: number } {
  const c = {
    t: start,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
      await new Promise((r) => setImmediate(r));
    },
  };
  return c;
}

const key = () => `env/dev/.glue-pipeline-deploy/compras-${uniqueSuffix()}/deploy.lock`;

async function stored(k: string): Promise<Record<string, string> | undefined> {
  try {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: k }));
    return JSON.parse(await r.Body!.transformToString());
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe('deploy lock', () => {
  it('one holder at a time; the other waits with progress and fails naming the holder', async () => {
    const k = key();
    const a = await acquireLock({
      s3,
      bucket,
      key: k,
      holder: { description: 'run A', commit: 'a'.repeat(40) },
    });
    expect((await stored(k))?.description).toBe('run A');
    const waits: number[] = [];
    const clock = fakeClock();
    const err = await acquireLock({
      s3,
      bucket,
      key: k,
      holder: { description: 'run B' },
      waitMs: 60_000,
      progressEveryMs: 10_000,
      clock,
      onWait: (h, waited) => {
        expect(h.description).toBe('run A');
        waits.push(waited);
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toMatch(/run A deploying aaaaaaaaaaaa/);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(waits[0]).toBe(0);
    await a.release();
    expect(await stored(k)).toBeUndefined();
    const b = await acquireLock({ s3, bucket, key: k, holder: { description: 'run B' }, clock });
    expect((await stored(k))?.description).toBe('run B');
    await b.release();
    await b.release(); // twice is harmless
  });

  it('a waiter takes the lock as soon as the holder releases it', async () => {
    const k = key();
    const a = await acquireLock({ s3, bucket, key: k, holder: { description: 'run A' } });
    let sleeps = 0;
    const clock: LockClock = {
      now: () => Date.now(),
      sleep: async () => {
        if (++sleeps === 2) await a.release();
      },
    };
    const b = await acquireLock({ s3, bucket, key: k, holder: { description: 'run B' }, clock });
    expect(sleeps).toBe(2);
    expect((await stored(k))?.description).toBe('run B');
    await b.release();
  });

  it('two runs racing for a free lock: exactly one wins, the other waits', async () => {
    const k = key();
    const results = await Promise.allSettled(
      ['run A', 'run B'].map((d) =>
        acquireLock({ s3, bucket, key: k, holder: { description: d }, waitMs: 1, clock: fakeClock() }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(LockTimeoutError);
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>).value.release();
  });

  it("a crashed holder's lock expires and is taken over; the old holder can no longer renew", async () => {
    const k = key();
    const old = await acquireLock({
      s3,
      bucket,
      key: k,
      holder: { description: 'crashed run' },
      ttlMs: 60_000,
    });
    const later = fakeClock(Date.now() + 61_000);
    const fresh = await acquireLock({ s3, bucket, key: k, holder: { description: 'new run' }, clock: later });
    expect((await stored(k))?.description).toBe('new run');
    await expect(old.renew()).rejects.toThrow(/lost the deploy lock .* new run holds it now/);
    await old.release(); // not ours any more: must not delete the new holder's lock
    expect((await stored(k))?.description).toBe('new run');
    await fresh.release();
  });

  it('renewal extends the expiry', async () => {
    const k = key();
    const clock = fakeClock();
    const l = await acquireLock({
      s3,
      bucket,
      key: k,
      holder: { description: 'long run' },
      ttlMs: 60_000,
      clock,
    });
    const first = l.record.expiresAt;
    clock.t += 30_000;
    await l.renew();
    expect(Date.parse(l.record.expiresAt) - Date.parse(first)).toBe(30_000);
    expect((await stored(k))?.expiresAt).toBe(l.record.expiresAt);
    await l.release();
  });

  it('an unreadable lock object counts as expired', async () => {
    const k = key();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: 'not json' }));
    const l = await acquireLock({ s3, bucket, key: k, holder: { description: 'run C' } });
    expect((await stored(k))?.description).toBe('run C');
    await l.release();
  });

  it('a lock write applied but whose answer was lost is recognised as ours', async () => {
    const k = key();
    const since = await control.lastSeq();
    const fault = await control.injectFault({ operation: 's3:PutObject', when: 'after', times: 1, match: k });
    try {
      const l = await acquireLock({ s3, bucket, key: k, holder: { description: 'run D' }, waitMs: 1 });
      const puts = (await control.requests({ since })).filter(
        (r) => r.operation === 'PutObject' && r.path.includes(k),
      );
      // The faulted write was applied (moto's 200), answered 500, retried by the SDK and refused (412).
      expect(puts.map((r) => [r.fault?.when, r.appliedStatus ?? r.status])).toEqual([
        ['after', 200],
        [undefined, 412],
      ]);
      expect((await stored(k))?.token).toBe(l.record.token);
      await l.release();
      expect(await stored(k)).toBeUndefined();
    } finally {
      await control.clearFaults({ id: fault.id });
    }
  });
});
