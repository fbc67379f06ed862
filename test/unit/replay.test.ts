// withReplays: attempts made anew for calls the SDK cannot retry (stream bodies), decided by the
// client's own retry strategy and the SDK's error classes.
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { errorType, withReplays } from '../../src/aws/replay.js';

const client = (maxAttempts: number) =>
  new S3Client({ region: 'us-east-1', maxAttempts, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

const serverError = () =>
  Object.assign(new Error('boom'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } });
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const denied = () =>
  Object.assign(new Error('no'), {
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
  });

describe('withReplays', () => {
  it('classifies as the SDK does', () => {
    expect(errorType(serverError())).toBe('TRANSIENT'); // 500, 502, 503, 504 are transient for the SDK
    expect(errorType(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 501 } }))).toBe(
      'SERVER_ERROR',
    );
    expect(errorType(reset())).toBe('TRANSIENT');
    expect(
      errorType(Object.assign(new Error('slow'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } })),
    ).toBe('THROTTLING');
    expect(errorType(denied())).toBe('CLIENT_ERROR');
  });

  it('makes a new attempt after a server or network error, until one succeeds', async () => {
    const seen: number[] = [];
    const out = await withReplays(client(4), async (n) => {
      seen.push(n);
      if (n === 1) throw serverError();
      if (n === 2) throw reset();
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives up after the client’s maxAttempts with the last error', async () => {
    let n = 0;
    const e = await withReplays(client(3), async () => {
      n++;
      throw serverError();
    }).catch((x: unknown) => x);
    expect((e as Error).name).toBe('InternalError');
    expect(n).toBe(3);
  });

  it('does not repeat a client error', async () => {
    let n = 0;
    const e = await withReplays(client(5), async () => {
      n++;
      throw denied();
    }).catch((x: unknown) => x);
    expect((e as Error).name).toBe('AccessDenied');
    expect(n).toBe(1);
  });

  it('stops when the signal is aborted', async () => {
    const stop = new AbortController();
    let n = 0;
    const e = await withReplays(
      client(5),
      async () => {
        n++;
        stop.abort();
        throw serverError();
      },
      stop.signal,
    ).catch((x: unknown) => x);
    expect((e as Error).name).toBe('InternalError');
    expect(n).toBe(1);
  });
});
