// Retries of streamed uploads. The SDK does not retry a request whose body is a stream (it cannot
// replay it), so the sync does: each attempt opens the file again. Only errors a new attempt can
// cure are retried: throttling, server errors, timeouts and dropped connections.

const THROTTLING = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'TooManyRequestsException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

export function isTransient(e: unknown): boolean {
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!err) return false;
  if (err.name && THROTTLING.has(err.name)) return true;
  if (err.code && NETWORK.has(err.code)) return true;
  const status = err.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
}

export interface RetryOptions {
  /** Attempts in all (default 5). */
  attempts?: number;
  /** First backoff in ms, doubled per retry, with full jitter (default 200). */
  baseDelayMs?: number;
}

/** Runs `attempt` until it succeeds, a non-transient error comes, or the attempts are used up. */
export async function withRetries<T>(attempt: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 200;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= attempts || !isTransient(e)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * base * 2 ** (i - 1)));
    }
  }
}
