// The EventBridge Scheduler calls: read the pipeline's schedule group (tags) and schedule, write
// them where the plan says they differ, delete them (prune, destroy) after re-reading the group's
// tags. A schedule starts the state machine with StartExecution (a universal target), the input as
// the execution input.
import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListTagsForResourceCommand,
  type SchedulerClient,
  TagResourceCommand,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { type ActualSchedule, type DesiredSchedule, SCHEDULE_NAME, SCHEDULE_RETRY } from './desired.js';

const notFound = (e: unknown) => (e as Error).name === 'ResourceNotFoundException';

/** The pipeline's schedule group and its schedule, or undefined when the group does not exist. */
export async function readSchedule(
  scheduler: SchedulerClient,
  groupName: string,
): Promise<ActualSchedule | undefined> {
  let groupArn: string;
  try {
    groupArn = (await scheduler.send(new GetScheduleGroupCommand({ Name: groupName }))).Arn!;
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
  const [groupTags, schedule] = await Promise.all([
    readGroupTags(scheduler, groupArn),
    scheduler.send(new GetScheduleCommand({ GroupName: groupName, Name: SCHEDULE_NAME })).catch((e) => {
      if (notFound(e)) return undefined;
      throw e;
    }),
  ]);
  return {
    groupArn,
    groupTags,
    schedule: schedule && {
      expression: schedule.ScheduleExpression ?? '',
      timezone: schedule.ScheduleExpressionTimezone,
      state: schedule.State,
      flexibleWindow: schedule.FlexibleTimeWindow?.Mode,
      targetArn: schedule.Target?.Arn ?? '',
      roleArn: schedule.Target?.RoleArn ?? '',
      input: schedule.Target?.Input,
      retry: schedule.Target?.RetryPolicy,
    },
  };
}

export async function readGroupTags(
  scheduler: SchedulerClient,
  groupArn: string,
): Promise<Record<string, string>> {
  const out = await scheduler.send(new ListTagsForResourceCommand({ ResourceArn: groupArn }));
  return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/** Creates or updates the group and the schedule, sending only what differs. */
export async function applySchedule(
  scheduler: SchedulerClient,
  desired: DesiredSchedule,
  actual: ActualSchedule | undefined,
  fields: string[],
): Promise<void> {
  const tags = Object.entries(desired.tags).map(([Key, Value]) => ({ Key, Value }));
  if (!actual) {
    try {
      await scheduler.send(new CreateScheduleGroupCommand({ Name: desired.groupName, Tags: tags }));
    } catch (e) {
      // A retried create whose first attempt was applied: the group is there, tag it below.
      if (!(e instanceof ConflictException)) throw e;
      fields = [...fields, 'Tags'];
    }
  }
  if (actual && fields.includes('Tags'))
    await scheduler.send(new TagResourceCommand({ ResourceArn: actual.groupArn, Tags: tags }));
  const request = {
    GroupName: desired.groupName,
    Name: desired.name,
    Description: `Starts ${desired.targetArn.split(':').at(-1)} (glue-pipeline-deploy)`,
    ScheduleExpression: desired.expression,
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    State: 'ENABLED' as const,
    Target: {
      Arn: desired.targetArn,
      RoleArn: desired.roleArn,
      Input: desired.input,
      RetryPolicy: { ...SCHEDULE_RETRY },
    },
  };
  if (!actual?.schedule) {
    await scheduler.send(new CreateScheduleCommand(request));
  } else if (fields.some((f) => f !== 'Tags')) {
    await scheduler.send(new UpdateScheduleCommand(request));
  }
}

/**
 * Deletes the schedule and its group when the group's tags, read again now, still say ours; false
 * when it was left alone (or was already gone).
 */
export async function deleteSchedule(
  scheduler: SchedulerClient,
  groupName: string,
  stillOurs: (tags: Record<string, string>) => boolean,
): Promise<boolean> {
  const actual = await readSchedule(scheduler, groupName);
  if (!actual || !stillOurs(actual.groupTags)) return false;
  if (actual.schedule) {
    await scheduler
      .send(new DeleteScheduleCommand({ GroupName: groupName, Name: SCHEDULE_NAME }))
      .catch((e) => {
        if (!notFound(e)) throw e;
      });
  }
  await scheduler.send(new DeleteScheduleGroupCommand({ Name: groupName })).catch((e) => {
    if (!notFound(e)) throw e;
  });
  return true;
}
