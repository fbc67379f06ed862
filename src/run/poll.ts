// Polling with backoff: start fast (a short job ends in seconds), grow by a factor, cap around 30 s,
// add jitter so many workflows polling one account do not align, and stop at an overall deadline.
// Clock and sleep are injectable so tests of backoff and timeouts do not wait.

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    }),
};

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: the delay is drawn from [d·(1-jitter), d]. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 2_000, maxMs: 30_000, factor: 1.5, jitter: 0.2 };

/** DEFAULT_BACKOFF waiting at most `maxMs` between polls (local runs poll a local emulator). */
export function cappedBackoff(maxMs: number): BackoffOptions {
  return { ...DEFAULT_BACKOFF, initialMs: Math.min(DEFAULT_BACKOFF.initialMs, maxMs), maxMs };
}

/** GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS (unset or empty: the default backoff) in milliseconds. */
export function maxPollMsFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 300)
    throw new Error(
      `GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS must be a number of seconds between 0.1 and 300, got "${value}"`,
    );
  return Math.round(seconds * 1000);
}

/** Delay before poll number `attempt` (0-based). */
export function backoffDelay(
  attempt: number,
  o: BackoffOptions = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  const d = Math.min(o.maxMs, o.initialMs * o.factor ** attempt);
  return Math.round(d * (1 - o.jitter * random()));
}

export type PollOutcome<T> = { done: true; value: T } | { done: false };

/**
 * Calls `check` until it reports done, the deadline passes (returns 'timeout'), or the signal aborts
 * (returns 'aborted').
 */
export async function pollUntil<T>(
  check: () => Promise<PollOutcome<T>>,
  opts: { deadline: number; clock?: Clock; backoff?: BackoffOptions; signal?: AbortSignal },
): Promise<{ value: T } | 'timeout' | 'aborted'> {
  const clock = opts.clock ?? realClock;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) return 'aborted';
    const r = await check();
    if (r.done) return { value: r.value };
    const now = clock.now();
    if (now >= opts.deadline) return 'timeout';
    await clock.sleep(Math.min(backoffDelay(attempt, opts.backoff), opts.deadline - now), opts.signal);
  }
}
