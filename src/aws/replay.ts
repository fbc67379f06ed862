// Retries for calls whose body is a stream: the SDK does not retry those (a stream read once cannot
// be sent again), so each attempt here makes its body and command anew. Whether and when to retry
// is decided by the client's own retry strategy (the same attempts, backoff and adaptive rate
// limiting as every other call) and the SDK's own error classification.
import { setTimeout as sleep } from 'node:timers/promises';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}
interface RetryStrategyV2 {
  acquireInitialRetryToken(scope: string): Promise<RetryToken>;
  refreshRetryTokenForRetry(
    token: RetryToken,
    info: { errorType: string; error: unknown },
  ): Promise<RetryToken>;
  recordSuccess(token: RetryToken): void;
}
/** The part of a client's resolved config this needs (every SDK v3 client has it). */
export interface RetryingClient {
  config: { retryStrategy: () => Promise<unknown> };
}

/** The SDK's retry classes of an error (its retry middleware classifies the same way). */
export function errorType(error: unknown): 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR' {
  const e = error as Parameters<typeof isThrottlingError>[0];
  if (isThrottlingError(e)) return 'THROTTLING';
  if (isTransientError(e)) return 'TRANSIENT';
  if (isServerError(e)) return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
}

/**
 * Runs `attempt` (which builds its body and sends it) until it succeeds or the client's retry
 * strategy gives up; throws the last error then. `signal` stops the waiting between attempts.
 */
export async function withReplays<T>(
  client: RetryingClient,
  attempt: (n: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const strategy = (await client.config.retryStrategy()) as RetryStrategyV2;
  let token = await strategy.acquireInitialRetryToken('');
  for (let n = 1; ; n++) {
    try {
      const out = await attempt(n);
      strategy.recordSuccess(token);
      return out;
    } catch (error) {
      if (signal?.aborted) throw error;
      try {
        token = await strategy.refreshRetryTokenForRetry(token, { errorType: errorType(error), error });
      } catch {
        throw error;
      }
      const delay = token.getRetryDelay();
      if (delay > 0) await sleep(delay, undefined, { signal }).catch(() => Promise.reject(error));
    }
  }
}

type Middleware = (
  next: (args: unknown) => Promise<unknown>,
  context: { logger?: unknown },
) => (args: unknown) => Promise<unknown>;

// Only `warn`: the SDK's request logging (`info`, `error`) is skipped without a method to call.
const STREAM_LOGGER = { warn: () => undefined };

/**
 * Keeps the SDK from printing "An error was encountered in a non-retryable streaming request." on
 * a failed attempt of this command: the attempt is made again by withReplays, so the line would
 * mislead whoever reads the log.
 */
export function replayedStream<C extends { middlewareStack: { add: (...a: never[]) => void } }>(
  command: C,
): C {
  const quiet: Middleware = (next, context) => (args) => {
    context.logger = STREAM_LOGGER;
    return next(args);
  };
  (command.middlewareStack.add as (mw: Middleware, o: object) => void)(quiet, {
    step: 'initialize',
    priority: 'high',
    name: 'glue-pipeline-deploy:replayed-stream',
  });
  return command;
}
