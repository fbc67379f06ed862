// The deploy lock around a deploy's writes: one object per pipeline and prefix, beside its state
// object, so two workflow runs deploying different commits to one environment take turns. The lock
// is renewed on a timer while the writes go on and released at the end, whatever happened; a run that
// crashed leaves a lock that expires. Waiting prints who holds it; giving up names the holder.
import type { S3Client } from '@aws-sdk/client-s3';
import { acquireLock, type HeldLock, type LockClock, type LockHolder } from '../lock/aws.js';
import { stateKey } from '../s3-sync/index.js';

export { LockTimeoutError } from '../lock/aws.js';

/** The lock's key: `<prefix>.glue-pipeline-deploy/<pipeline>/deploy.lock`, next to `state.json`. */
export function lockKey(prefix: string, pipeline: string): string {
  return stateKey(prefix, pipeline).replace(/state\.json$/, 'deploy.lock');
}

/** Who is deploying, from the runner's environment (a local run says so). */
export function holderFromEnv(env: NodeJS.ProcessEnv): LockHolder {
  const repo = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  const description = runId
    ? `run ${runId} (attempt ${env.GITHUB_RUN_ATTEMPT ?? '1'})${repo ? ` of ${repo}` : ''}`
    : `a local run (pid ${process.pid})`;
  const url =
    runId && repo
      ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repo}/actions/runs/${runId}`
      : undefined;
  return { description, ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}), ...(url ? { url } : {}) };
}

export interface DeployLockOptions {
  s3: S3Client;
  bucket: string;
  prefix: string;
  pipeline: string;
  holder: LockHolder;
  waitMs: number;
  /** The step's cancellation: a wait for the lock ends at once. */
  signal: AbortSignal;
  log: (line: string) => void;
  /** Called when a renewal finds the lock taken by another run (writes must stop). */
  onLost: (error: Error) => void;
  ttlMs?: number;
}

/** Takes the lock, runs `fn` while renewing it every third of its lifetime, then releases it. */
export async function withDeployLock<T>(
  o: DeployLockOptions,
  fn: (lock: HeldLock) => Promise<T>,
): Promise<T> {
  const key = lockKey(o.prefix, o.pipeline);
  const ttlMs = o.ttlMs ?? 15 * 60_000;
  const lock = await acquireLock({
    s3: o.s3,
    bucket: o.bucket,
    key,
    holder: o.holder,
    ttlMs,
    waitMs: o.waitMs,
    clock: abortableClock(o.signal),
    onWait: (h, waited) =>
      o.log(
        `waiting for the deploy lock (${Math.round(waited / 1000)} s so far): held by ${h.description}` +
          `${h.commit ? ` deploying ${h.commit.slice(0, 12)}` : ''}${h.url ? ` (${h.url})` : ''} until ${h.expiresAt}`,
      ),
  });
  o.log(`deploy lock taken: s3://${o.bucket}/${key}`);
  const timer = setInterval(() => {
    lock.renew().catch((e: Error) => o.onLost(e));
  }, ttlMs / 3);
  timer.unref();
  try {
    return await fn(lock);
  } finally {
    clearInterval(timer);
    await lock
      .release()
      .catch((e: Error) => o.log(`could not release the deploy lock (it expires by itself): ${e.message}`));
  }
}

/** Sleeps that end when the step is cancelled, then stop the wait with the cancellation's error. */
function abortableClock(signal: AbortSignal): LockClock {
  return {
    now: () => Date.now(),
    sleep: (ms) =>
      new Promise((resolve, reject) => {
        const fail = () => reject(new Error('cancelled while waiting for the deploy lock'));
        if (signal.aborted) return fail();
        const t = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(t);
          fail();
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
