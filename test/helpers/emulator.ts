// For test files: the shared emulator's endpoint, its control client, SDK config and unique names.
// Test files run concurrently against the same server: never reset it or clear its log here;
// read the log with `since`/tags and scope faults with `match` (a bucket or job name of the test).
import { randomBytes } from 'node:crypto';
import { GetJobCommand, GlueClient } from '@aws-sdk/client-glue';
import { inject } from 'vitest';
import { EmulatorControl, emulatorClientConfig } from '../../emulator/launcher.js';

export {
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  type Fault,
  type FaultSpec,
  type JobBehaviour,
  type RecordedRequest,
} from '../../emulator/launcher.js';

export function emulatorEndpoint(): string {
  return inject('emulatorEndpoint');
}

export function emulatorControl(): EmulatorControl {
  return new EmulatorControl(emulatorEndpoint());
}

/** SDK v3 client config for the shared emulator; `tag` marks this client's requests in the log. */
export function clientConfig(tag?: string): ReturnType<typeof emulatorClientConfig> {
  return emulatorClientConfig(emulatorEndpoint(), tag);
}

/** A short unique suffix: lower-case letters and digits (valid in bucket, job and SFN names). */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}

/** A bucket name no other test uses (S3 rules: 3-63 chars, lower case, digits, hyphens). */
export function freshBucketName(prefix = 'test'): string {
  return `${prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 40)}-${uniqueSuffix()}`;
}

/** A Glue job / state machine name no other test uses. */
export function freshName(prefix = 'test'): string {
  return `${prefix}-${uniqueSuffix()}`;
}

/** Whether the emulator has a Glue job of that name. */
export async function jobExists(name: string): Promise<boolean> {
  const glue = new GlueClient(clientConfig());
  try {
    await glue.send(new GetJobCommand({ JobName: name }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'EntityNotFoundException') return false;
    throw e;
  } finally {
    glue.destroy();
  }
}
