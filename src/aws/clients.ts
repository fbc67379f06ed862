// Every AWS client is made here: one region, one optional endpoint (emulators), path-style S3 against
// an endpoint, adaptive retries with backoff for throttling and transient errors, credentials from the
// standard chain (e.g. configure-aws-credentials with OIDC), connection and idle timeouts (a timeout
// is a transient error: it is retried like a 5xx), and the call rules of calls.ts.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { abortChangesOnCancel, callRules } from './calls.js';

export { CancelledError } from './calls.js';

export interface Clients {
  s3: S3Client;
  glue: GlueClient;
  /** For calls that are not safe to retry blindly (StartJobRun): the caller retries after checking. */
  glueSingleAttempt: GlueClient;
  sfn: SFNClient;
  logs: CloudWatchLogsClient;
  /** EventBridge Scheduler (manifest `schedule`). */
  scheduler: SchedulerClient;
  /** GetCallerIdentity only: the account when no role ARN gives it. */
  sts: STSClient;
}

export interface ClientOptions {
  region: string;
  endpointUrl?: string;
  /**
   * Seconds to open a connection, and seconds a connection may stay silent while a request or its
   * answer is under way. Each of the MAX_ATTEMPTS attempts has this bound.
   */
  timeoutSeconds?: number;
  /** The step's cancellation: once aborted, calls that would start or change something are refused. */
  signal?: AbortSignal;
}

/**
 * With the default timeout, a call to an endpoint that accepts connections and never answers fails
 * after MAX_ATTEMPTS × DEFAULT_TIMEOUT_SECONDS plus the backoff between attempts: 93 s measured
 * (docs/reliability.md), under 2 minutes. A real AWS answer never leaves the socket silent that long.
 */
export const DEFAULT_TIMEOUT_SECONDS = 8;
export const MAX_ATTEMPTS = 8;

const USER_AGENT: [string, string][] = [['glue-pipeline-deploy', '1']];

export function makeClients({ region, endpointUrl, timeoutSeconds, signal }: ClientOptions): Clients {
  const seconds = timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const common = {
    region,
    customUserAgent: USER_AGENT,
    // Adaptive mode adds client-side rate limiting on top of exponential backoff with jitter:
    // Glue's control-plane APIs throttle quickly when hundreds of jobs are read or written.
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
    // An idle bound, not a total one: a large upload that keeps sending is never cut.
    requestHandler: { connectionTimeout: seconds * 1000, socketTimeout: seconds * 1000 },
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
  };
  const clients: Clients = {
    s3: new S3Client({
      ...common,
      forcePathStyle: Boolean(endpointUrl),
      // The sync checks each upload against the MD5 it takes on the way (one hash per byte); the
      // SDK's own CRC32 of every body would hash each byte again.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    glue: new GlueClient(common),
    glueSingleAttempt: new GlueClient({ ...common, maxAttempts: 1 }),
    sfn: new SFNClient(common),
    logs: new CloudWatchLogsClient(common),
    scheduler: new SchedulerClient(common),
    sts: new STSClient(common),
  };
  const rules = callRules({ signal, timeoutSeconds: seconds });
  for (const client of Object.values(clients)) {
    (client as S3Client).middlewareStack.add(rules as never, {
      step: 'initialize',
      name: 'glue-pipeline-deploy:call-rules',
      priority: 'high',
    });
    if (signal) abortChangesOnCancel(client.config.requestHandler as never, signal);
  }
  return clients;
}
