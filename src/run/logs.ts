// The last lines a failed Glue run wrote: /aws-glue/jobs/error and /aws-glue/jobs/output, stream = run id.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { logTail } from './aws.js';

export const LOG_GROUPS = ['/aws-glue/jobs/error', '/aws-glue/jobs/output'] as const;

export interface LogTail {
  group: string;
  lines: string[];
}

export async function tailRunLogs(logs: CloudWatchLogsClient, runId: string, limit = 50): Promise<LogTail[]> {
  const tails = await Promise.all(
    LOG_GROUPS.map(async (group) => {
      try {
        return { group, lines: await logTail(logs, group, runId, limit) };
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
