// The launcher itself, on a private emulator (the shared one must never be reset): start, the
// control API's global operations (reset, clearRequests), and stop ending the child process.
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, emulatorClientConfig, startEmulator } from '../../emulator/launcher.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
});
afterAll(async () => {
  await emulator?.stop();
});

describe('startEmulator', () => {
  it('answers on 127.0.0.1 at the port it reports', () => {
    expect(emulator.endpoint).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.port).toBeGreaterThan(0);
  });

  it('reset empties moto, the request log and the faults', async () => {
    const s3 = new S3Client(emulatorClientConfig(emulator.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'launcher-reset' }));
    await emulator.injectFault({ operation: 'glue:GetJob', match: 'never' });
    expect((await emulator.requests()).map((r) => r.operation)).toContain('CreateBucket');

    await emulator.reset();
    expect(await emulator.requests()).toEqual([]);
    expect(await emulator.faults()).toEqual([]);
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets ?? []).toEqual([]);
  });

  it('clearRequests empties only the log', async () => {
    const s3 = new S3Client(emulatorClientConfig(emulator.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'launcher-clear' }));
    const before = await emulator.lastSeq();
    await emulator.clearRequests();
    expect(await emulator.requests()).toEqual([]);
    // Sequence numbers keep growing, so `since` stays meaningful across a clear.
    await s3.send(new ListBucketsCommand({}));
    const [row] = await emulator.requests();
    expect(row!.seq).toBeGreaterThan(before);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
      'launcher-clear',
    ]);
  });

  it('stop() ends the server', async () => {
    const other = await startEmulator({ quiet: true });
    await other.stop();
    await expect(fetch(`${other.endpoint}/_emulator/health`)).rejects.toThrow();
  });
});
