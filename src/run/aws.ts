// The calls a run makes: Step Functions executions and their history, Glue job runs, and the
// CloudWatch Logs of a failed run. Thin wrappers; the waiting and the decisions are in the
// modules that use them.
import { type CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchStopJobRunCommand,
  GetJobRunCommand,
  GetJobRunsCommand,
  type GlueClient,
  type JobRun,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';

/**
 * StartExecution is idempotent by name in AWS (same name and input return the same execution), so a
 * retry after a lost response is harmless; an emulator that answers ExecutionAlreadyExists instead
 * gets the same result.
 */
export async function startExecution(
  sfn: SFNClient,
  stateMachineArn: string,
  name: string,
  input: string,
): Promise<string> {
  try {
    const r = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }));
    return r.executionArn!;
  } catch (e) {
    if ((e as Error).name !== 'ExecutionAlreadyExists') throw e;
    return executionArnOf(stateMachineArn, name);
  }
}

export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export interface ExecutionStatus {
  status?: string;
  error?: string;
  cause?: string;
}

export async function describeExecution(sfn: SFNClient, executionArn: string): Promise<ExecutionStatus> {
  const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  return { status: d.status, error: d.error, cause: d.cause };
}

export async function stopExecution(
  sfn: SFNClient,
  executionArn: string,
  error: string,
  cause: string,
): Promise<void> {
  await sfn.send(new StopExecutionCommand({ executionArn, error, cause }));
}

/** One page of the history, newest first, with the events' input and output. */
export async function historyPage(
  sfn: SFNClient,
  executionArn: string,
  nextToken: string | undefined,
): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
  const r = await sfn.send(
    new GetExecutionHistoryCommand({
      executionArn,
      reverseOrder: true,
      maxResults: 1000,
      nextToken,
      includeExecutionData: true,
    }),
  );
  return { events: r.events ?? [], nextToken: r.nextToken };
}

/** One StartJobRun (no idempotency token: the caller decides about retries, see job-run.ts). */
export async function startJobRunOnce(
  glue: GlueClient,
  jobName: string,
  args: Record<string, string>,
): Promise<string> {
  const r = await glue.send(new StartJobRunCommand({ JobName: jobName, Arguments: args }));
  return r.JobRunId!;
}

export async function getJobRun(
  glue: GlueClient,
  jobName: string,
  runId: string,
): Promise<JobRun | undefined> {
  const { JobRun: run } = await glue.send(new GetJobRunCommand({ JobName: jobName, RunId: runId }));
  return run;
}

/** The job's most recent runs, newest first. */
export async function recentJobRuns(
  glue: GlueClient,
  jobName: string,
  maxResults: number,
): Promise<JobRun[]> {
  const r = await glue.send(new GetJobRunsCommand({ JobName: jobName, MaxResults: maxResults }));
  return r.JobRuns ?? [];
}

export async function stopJobRun(glue: GlueClient, jobName: string, runId: string): Promise<void> {
  await glue.send(new BatchStopJobRunCommand({ JobName: jobName, JobRunIds: [runId] }));
}

/** The newest `limit` lines of one log stream (throws ResourceNotFoundException when there is none). */
export async function logTail(
  logs: CloudWatchLogsClient,
  group: string,
  stream: string,
  limit: number,
): Promise<string[]> {
  // startFromHead=false + limit returns the newest `limit` events.
  const r = await logs.send(
    new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit, startFromHead: false }),
  );
  return (r.events ?? []).map((e) => (e.message ?? '').replace(/\n$/, ''));
}
