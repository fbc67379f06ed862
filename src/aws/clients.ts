// Every AWS client is made here: one region, one optional endpoint (emulators), path-style S3 against
// an endpoint, adaptive retries with backoff for throttling and transient errors, credentials from the
// standard chain (e.g. configure-aws-credentials with OIDC).
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';

export interface Clients {
  s3: S3Client;
  glue: GlueClient;
  /** For calls that are not safe to retry blindly (StartJobRun): the caller retries after checking. */
  glueSingleAttempt: GlueClient;
  sfn: SFNClient;
  logs: CloudWatchLogsClient;
  /** EventBridge Scheduler (manifest `schedule`). */
  scheduler: SchedulerClient;
}

export interface ClientOptions {
  region: string;
  endpointUrl?: string;
}

const USER_AGENT: [string, string][] = [['glue-pipeline-deploy', '1']];

export function makeClients({ region, endpointUrl }: ClientOptions): Clients {
  const common = {
    region,
    customUserAgent: USER_AGENT,
    // Adaptive mode adds client-side rate limiting on top of exponential backoff with jitter:
    // Glue's control-plane APIs throttle quickly when hundreds of jobs are read or written.
    retryMode: 'adaptive',
    maxAttempts: 8,
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
  };
  return {
    s3: new S3Client({ ...common, forcePathStyle: Boolean(endpointUrl) }),
    glue: new GlueClient(common),
    glueSingleAttempt: new GlueClient({ ...common, maxAttempts: 1 }),
    sfn: new SFNClient(common),
    logs: new CloudWatchLogsClient(common),
    scheduler: new SchedulerClient(common),
  };
}
