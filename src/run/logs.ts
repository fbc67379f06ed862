// The last lines a failed Glue run wrote: /aws-glue/jobs/error and /aws-glue/jobs/output, stream = run id.
import { type CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';

export const LOG_GROUPS = ['/aws-glue/jobs/error', '/aws-glue/jobs/output'] as const;

export interface LogTail {
  group: string;
  lines: string[];
}

export async function tailRunLogs(logs: CloudWatchLogsClient, runId: string, limit = 50): Promise<LogTail[]> {
  const tails = await Promise.all(
    LOG_GROUPS.map(async (group) => {
      try {
        // startFromHead=false + limit returns the newest `limit` events.
        const r = await logs.send(
          new GetLogEventsCommand({ logGroupName: group, logStreamName: runId, limit, startFromHead: false }),
        );
        return { group, lines: (r.events ?? []).map((e) => (e.message ?? '').replace(/\n$/, '')) };
      } catch (e) {
        // No stream (the run wrote nothing there) is normal; anything else is worth one line.
        const name = (e as Error).name;
        return {
          group,
          lines: name === 'ResourceNotFoundException' ? [] : [`(could not read logs: ${name})`],
        };
      }
    }),
  );
  return tails.filter((t) => t.lines.length > 0);
}
